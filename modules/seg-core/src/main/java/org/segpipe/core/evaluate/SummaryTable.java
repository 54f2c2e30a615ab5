package org.segpipe.core.evaluate;

import java.io.PrintStream;
import java.util.Map;
import org.segpipe.core.metrics.coco.CocoResult;
import org.segpipe.core.metrics.instance.InstanceResult;
import org.segpipe.core.metrics.panoptic.PanopticResult;
import org.segpipe.core.metrics.semantic.SemanticResult;

/** The readable tables {@code seg evaluate} prints; "-" marks undefined values. */
public final class SummaryTable {

    private SummaryTable() {
    }

    public static void print(EvaluationReport r, PrintStream out) {
        EvaluationTotals t = r.totals();
        out.printf("evaluated %d of %d ground-truth images%s%n", t.evaluated(), t.images(),
                t.images() == t.evaluated() ? "" : " (" + (t.images() - t.evaluated()) + " rejected)");
        if (t.problemCount() > 0) {
            StringBuilder kinds = new StringBuilder();
            for (Map.Entry<String, Long> e : t.problems().entrySet()) {
                kinds.append(kinds.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
            }
            out.printf("problems: %d (%s)%n", t.problemCount(), kinds);
        }
        if (r.semantic() != null) {
            SemanticResult s = r.semantic();
            out.println();
            out.println("semantic (Cityscapes pixel-level)");
            out.printf("%-15s %7s %7s %7s%n", "class", "IoU", "iIoU", "Dice");
            for (SemanticResult.ClassScore c : s.classes()) {
                out.printf("%-15s %7s %7s %7s%n", c.name(), f(c.iou()), f(c.iiou()), f(c.dice()));
            }
            out.printf("%-15s %7s %7s%n", "mean", f(s.miou()), f(s.iiou()));
            out.printf("%-15s %7s %7s%n", "categories", f(s.miouCategories()), f(s.iiouCategories()));
            out.printf("pixel accuracy %s, mean class accuracy %s, frequency-weighted IoU %s%n", f(s.pixelAccuracy()),
                    f(s.meanClassAccuracy()), f(s.frequencyWeightedIou()));
        }
        if (r.instance() != null) {
            InstanceResult in = r.instance();
            out.println();
            out.println("instance (Cityscapes)");
            out.printf("%-15s %7s %7s%n", "class", "AP", "AP50");
            for (InstanceResult.ClassAp c : in.classes()) {
                out.printf("%-15s %7s %7s%n", c.name(), f(c.ap()), f(c.ap50()));
            }
            out.printf("%-15s %7s %7s%n", "average", f(in.ap()), f(in.ap50()));
        }
        if (r.coco() != null) {
            CocoResult c = r.coco();
            out.println();
            out.println("instance (COCO, segm)");
            out.printf("%7s %7s %7s %7s %7s %7s %7s %7s %7s%n", "AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100");
            out.printf("%7s %7s %7s %7s %7s %7s %7s %7s %7s%n", f(c.ap()), f(c.ap50()), f(c.ap75()), f(c.apSmall()),
                    f(c.apMedium()), f(c.apLarge()), f(c.ar1()), f(c.ar10()), f(c.ar100()));
        }
        if (r.panoptic() != null) {
            PanopticResult p = r.panoptic();
            out.println();
            out.println("panoptic");
            out.printf("%-15s %7s %7s %7s %4s%n", "", "PQ", "SQ", "RQ", "N");
            row(out, "all", p.all());
            row(out, "things", p.things());
            row(out, "stuff", p.stuff());
        }
    }

    private static void row(PrintStream out, String name, PanopticResult.Average a) {
        out.printf("%-15s %7s %7s %7s %4d%n", name, f(a.pq()), f(a.sq()), f(a.rq()), a.n());
    }

    static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.3f", v);
    }
}
