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
        return new Row("whole local run incl. AP accumulation", threads, images / elapsed, p.heapBytes(), p.rssBytes());
    }

    public static void print(Fixture f, List<Row> rows, int width, int height, PrintStream out) {
        out.printf("evaluation throughput, %d frames of %dx%d, %.1f predicted instances per frame, %d cores available%n",
                f.images(), width, height, f.instancesPerImage(), Runtime.getRuntime().availableProcessors());
        out.printf("%-58s %7s %9s %11s %11s%n", "what", "threads", "images/s", "peak heap", "peak RSS");
        for (Row r : rows) {
            out.printf("%-58s %7d %9.1f %9.0f MB %9.0f MB%n", r.what(), r.threads(), r.imagesPerSecond(),
                    r.peakHeapBytes() / 1e6, r.peakRssBytes() / 1e6);
        }
        out.println("baseline: the official Python evaluators could not be run in the same session (PyPI is not reachable,"
                + " so cityscapesScripts and pycocotools cannot be installed)");
    }
}
