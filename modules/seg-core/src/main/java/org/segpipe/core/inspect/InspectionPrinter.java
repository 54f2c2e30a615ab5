package org.segpipe.core.inspect;

import java.io.PrintStream;
import java.util.Map;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.Label;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DataProblem;

/** Prints an {@link InspectionReport} for a person. */
public final class InspectionPrinter {

    private InspectionPrinter() {
    }

    public static void print(InspectionReport r, PrintStream out) {
        out.println("Cityscapes tree: " + r.root());
        out.println("files: " + r.filesSeen() + ", valid samples: " + r.pairs() + ", unpaired images: "
                + r.unpairedImages() + ", problems: " + r.problems().size());
        out.println();
        out.printf("%-12s %-18s %8s%n", "split", "city", "images");
        for (Map.Entry<Split, Map<String, Integer>> s : r.imagesPerCity().entrySet()) {
            for (Map.Entry<String, Integer> c : s.getValue().entrySet()) {
                out.printf("%-12s %-18s %8d%n", s.getKey(), c.getKey(), c.getValue());
            }
            out.printf("%-12s %-18s %8d   (valid samples: %d)%n", s.getKey(), "total",
                    s.getValue().values().stream().mapToInt(Integer::intValue).sum(),
                    r.pairsPerSplit().getOrDefault(s.getKey(), 0));
        }
        long total = 0;
        for (long p : r.classPixels()) {
            total += p;
        }
        if (total > 0) {
            out.println();
            out.printf("%4s %-22s %9s %10s%n", "id", "class", "pixels %", "instances");
            for (Label l : CityscapesLabels.withIds()) {
                long px = r.classPixels()[l.id()];
                long inst = r.instanceCounts()[l.id()];
                if (px == 0 && inst == 0) {
                    continue;
                }
                out.printf("%4d %-22s %9.3f %10s%n", l.id(), l.name(), 100.0 * px / total,
                        l.hasInstances() ? Long.toString(inst) : "-");
            }
        }
        if (!r.problems().isEmpty()) {
            out.println();
            out.println("problems (" + r.problems().size() + "):");
            for (DataProblem p : r.problems()) {
                out.println("  " + p);
            }
        }
    }
}
