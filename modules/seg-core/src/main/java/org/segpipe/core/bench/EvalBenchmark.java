package org.segpipe.core.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.evaluate.EvaluateOptions;
import org.segpipe.core.evaluate.ImageEvaluation;
import org.segpipe.core.evaluate.ImageEvaluator;
import org.segpipe.core.evaluate.ImageInputs;
import org.segpipe.core.evaluate.LocalEvaluator;
import org.segpipe.core.generate.DatasetGenerator;
import org.segpipe.core.generate.GenerateConfig;
import org.segpipe.core.results.SyntheticResults;

/**
 * Evaluation throughput: generated frames with perturbed predictions written in the official
 * formats, then semantic + Cityscapes instance + COCO evaluation per image, reading every PNG and
 * text file from disk on each run (the page cache holds them, as it would on a warm node).
 */
public final class EvalBenchmark {

    /** A prepared dataset and its predictions. */
    public record Fixture(Path root, Path gt, Path semantic, Path instances, int images, double instancesPerImage) {
    }

    /** One figure. */
    public record Row(String what, int threads, double imagesPerSecond, long peakHeapBytes, long peakRssBytes) {
    }

    private EvalBenchmark() {
    }

    public static Fixture prepare(Path dir, int images, int width, int height) {
        Path gt = dir.resolve("cs");
        DatasetGenerator.run(new GenerateConfig(gt, GenerateConfig.spread(images, List.of(Split.VAL)), height, width, 1,
                GenerateConfig.DEFAULT_CITIES, Runtime.getRuntime().availableProcessors()));
        Path sem = dir.resolve("semantic");
        Path inst = dir.resolve("instances");
        SyntheticResults.write(gt, Split.VAL, 2, sem, inst, null);
        long masks;
        try (var s = Files.walk(inst)) {
            masks = s.filter(p -> p.toString().endsWith(".png")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Fixture(dir, gt, sem, inst, images, (double) masks / images);
    }

    /**
     * The fixture repeated {@code copies} times under new keys (city names with a letter suffix),
     * by copying files, so whole-run figures are not dominated by fixed costs without generating
     * more frames.
     */
    public static Fixture replicate(Fixture f, int copies) {
        if (copies <= 1) {
            return f;
        }
        Path root = f.root().resolve("x" + copies);
        try {
            for (int c = 1; c < copies; c++) {
                String suffix = "-" + (char) ('a' + (c - 1) % 26) + (c > 26 ? (char) ('a' + (c - 1) / 26) : "");
                copyRenamed(f.gt(), root.resolve("cs"), suffix);
                copyRenamed(f.semantic(), root.resolve("semantic"), suffix);
                copyRenamed(f.instances(), root.resolve("instances"), suffix);
            }
            copyRenamed(f.gt(), root.resolve("cs"), "");
            copyRenamed(f.semantic(), root.resolve("semantic"), "");
            copyRenamed(f.instances(), root.resolve("instances"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Fixture(root, root.resolve("cs"), root.resolve("semantic"), root.resolve("instances"), f.images() * copies,
                f.instancesPerImage());
    }

    /** Copies a tree, appending {@code suffix} to every city name in paths and text files. */
    private static void copyRenamed(Path from, Path to, String suffix) throws IOException {
        java.util.regex.Pattern key = java.util.regex.Pattern.compile("([a-z][a-z-]*)(_\\d{6}_\\d{6})");
        try (var s = Files.walk(from)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = from.relativize(p).toString();
                String renamedRel = key.matcher(rel).replaceAll("$1" + suffix + "$2");
                String[] parts = renamedRel.split("/");
                for (int i = 0; i < parts.length - 1; i++) {
                    boolean cityFolder = i + 1 < parts.length && parts[parts.length - 1].startsWith(parts[i] + suffix + "_");
                    if (cityFolder) {
                        parts[i] = parts[i] + suffix;
                    }
                }
                Path target = to.resolve(String.join("/", parts));
                Files.createDirectories(target.getParent());
                if (p.toString().endsWith(".txt")) {
                    Files.writeString(target, key.matcher(Files.readString(p)).replaceAll("$1" + suffix + "$2"));
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The per-image work alone (read, decode, match, count) on {@code threads} threads. */
    public static Row perImage(Fixture f, int threads, double seconds) {
        LocalEvaluator.Config config = new LocalEvaluator.Config(f.gt(), Split.VAL, f.semantic(), f.instances(), null, false, 1);
        List<ImageInputs> inputs = LocalEvaluator.listInputs(config, new ArrayList<>());
        EvaluateOptions opts = new EvaluateOptions(true, true, false, false,
                f.instances().toAbsolutePath().normalize().toString());
        AtomicInteger next = new AtomicInteger();
        AtomicLong sink = new AtomicLong();
        Runnable task = () -> {
            ImageInputs in = LocalEvaluator.reload(inputs.get(Math.floorMod(next.getAndIncrement(), inputs.size())));
            ImageEvaluation e = ImageEvaluator.evaluate(in, opts, p -> Files.readAllBytes(Path.of(p)));
            sink.addAndGet(e.instancePredictions());
        };
        MemoryPeak peak = MemoryPeak.start();
        Throughput.Measurement m = Throughput.measure(task, threads, Math.min(2, seconds / 2), seconds);
        MemoryPeak.Peak p = peak.stop();
        if (sink.get() == 0) {
            throw new IllegalStateException("the benchmark evaluated no instance predictions");
        }
        return new Row("per image: read + decode + semantic + Cityscapes + COCO", threads, m.runsPerSecond(), p.heapBytes(),
                p.rssBytes());
    }

    /** A whole local run over the fixture (listing, per-image work, AP accumulation), repeated for {@code seconds}. */
    public static Row wholeRun(Fixture f, int threads, double seconds) {
        LocalEvaluator.Config config = new LocalEvaluator.Config(f.gt(), Split.VAL, f.semantic(), f.instances(), null, false,
                threads);
        LocalEvaluator.run(config, false); // warm-up
        MemoryPeak peak = MemoryPeak.start();
        long t0 = System.nanoTime();
        long images = 0;
        do {
            images += LocalEvaluator.run(config, false).report().totals().evaluated();
        } while ((System.nanoTime() - t0) / 1e9 < seconds);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        MemoryPeak.Peak p = peak.stop();
        return new Row("whole local run of " + f.images() + " frames incl. listing and AP", threads, images / elapsed,
                p.heapBytes(), p.rssBytes());
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "-" : String.format("%.0f MB", bytes / 1e6);
    }

    public static void print(Fixture f, List<Row> rows, int width, int height, PrintStream out) {
        out.printf("evaluation throughput, %d distinct frames of %dx%d, %.1f predicted instances per frame, %d cores available%n",
                f.images(), width, height, f.instancesPerImage(), Runtime.getRuntime().availableProcessors());
        out.printf("%-58s %7s %9s %11s %11s%n", "what", "threads", "images/s", "peak heap", "peak RSS");
        for (Row r : rows) {
            out.printf("%-58s %7d %9.1f %12s %11s%n", r.what(), r.threads(), r.imagesPerSecond(), mb(r.peakHeapBytes()),
                    mb(r.peakRssBytes()));
        }
        out.println("baseline: the official Python evaluators could not be run in the same session (PyPI is not reachable,"
                + " so cityscapesScripts and pycocotools cannot be installed)");
    }
}
