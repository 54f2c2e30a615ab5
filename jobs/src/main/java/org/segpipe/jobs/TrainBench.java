package org.segpipe.jobs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.augment.SampleAugmenter;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.Settings;
import org.segpipe.core.generate.DatasetGenerator;
import org.segpipe.core.generate.GenerateConfig;
import org.segpipe.model.train.EpochRecord;
import org.segpipe.spark.train.TrainStep;

/**
 * {@code seg bench train}: trains on a generated tree with {@code train.mode=local}, {@code spark}
 * (the master {@code train.spark.master} names), {@code sharing} ({@code spark} with the
 * gradient-sharing master), {@code both} (local, spark) or {@code all} (local, spark with parameter
 * averaging, sharing) in the same run (same data, seed and settings), and prints per epoch the
 * training images/s, the epoch's wall time (training + validation) and the validation mIoU, then
 * the time each mode took to reach a validation mIoU and each mode's ratios to the first.
 */
final class TrainBench {

    /** One mode's run. */
    record Run(String mode, List<EpochRecord> epochs, double wallSeconds) {
        double trainImagesPerSecond() {
            long images = 0;
            double seconds = 0;
            for (EpochRecord e : epochs) {
                images += e.trainImages();
                seconds += e.trainSeconds();
            }
            return images / seconds;
        }

        /** Seconds of training and validation until the first epoch whose mIoU reaches {@code target}, or NaN. */
        double secondsTo(double target) {
            double t = 0;
            for (EpochRecord e : epochs) {
                t += e.trainSeconds() + e.validationSeconds();
                if (e.validationMiou() >= target) {
                    return t;
                }
            }
            return Double.NaN;
        }

        double bestMiou() {
            return epochs.stream().mapToDouble(EpochRecord::validationMiou).max().orElse(Double.NaN);
        }
    }

    private TrainBench() {
    }

    static int run(Invocation inv) {
        String mode = inv.local("mode", "both");
        List<String> modes = switch (mode) {
            case "local", "spark", "sharing" -> List.of(mode);
            case "both" -> List.of("local", "spark");
            case "all" -> List.of("local", "spark", "sharing");
            default -> throw new UsageException("--mode is '" + mode + "' but must be local, spark, sharing, both or all");
        };
        int height = BenchCommand.parse(inv.local("height", "64"), "--height");
        int width = BenchCommand.parse(inv.local("width", "128"), "--width");
        int images = BenchCommand.parse(inv.local("images", "32"), "--images");
        int epochs = BenchCommand.parse(inv.local("epochs", "3"), "--epochs");
        int threads = BenchCommand.parse(inv.local("threads", "2"), "--threads");
        Path dir;
        try {
            dir = Files.createTempDirectory("seg-bench-train");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
        }
        PrintStream out = inv.out();
        // train: images; val: a quarter as many (at least 2)
        Map<Split, Integer> perSplit = new TreeMap<>(Map.of(Split.TRAIN, images, Split.VAL, Math.max(2, images / 4)));
        DatasetGenerator.run(new GenerateConfig(dir.resolve("data"), perSplit, height, width, 17, GenerateConfig.DEFAULT_CITIES, threads));
        SparkSession spark = BenchCommand.localSpark(inv, threads, "seg bench train");
        out.printf(Locale.ROOT, "train bench: %d train + %d val generated images %dx%d, %d epochs, local[%d], %d cores%n", images,
                perSplit.get(Split.VAL), width, height, epochs, threads, Runtime.getRuntime().availableProcessors());
        List<Run> runs = new ArrayList<>();
        for (String m : modes) {
            Map<String, String> values = new TreeMap<>(inv.settings().asMap());
            values.put("model.input-height", Integer.toString(height));
            values.put("model.input-width", Integer.toString(width));
            values.put("train.data", dir.resolve("data").toUri().toString());
            values.put("train.out", dir.resolve("out-" + m).toUri().toString());
            values.put("train.epochs", Integer.toString(epochs));
            values.put("train.progress", "off");
            values.put("train.mode", m.equals("local") ? "local" : "spark");
            if (m.equals("sharing")) {
                values.put("train.spark.master", "sharing");
            } else if (m.equals("spark") && mode.equals("all")) {
                values.put("train.spark.master", "averaging");
            }
            long t0 = System.nanoTime();
            TrainStep.Result r = TrainStep.run(spark, Settings.of(values), SampleAugmenter.NONE, new PrintStream(new ByteArrayOutputStream()));
            Run run = new Run(m, r.epochs(), (System.nanoTime() - t0) / 1e9);
            runs.add(run);
            out.printf(Locale.ROOT, "%-7s  epoch  train img/s  epoch wall s  val mIoU%n", m);
            for (EpochRecord e : r.epochs()) {
                out.printf(Locale.ROOT, "%-7s  %5d  %11.2f  %12.2f  %8.4f%n", m, e.epoch(), e.imagesPerSecond(),
                        e.trainSeconds() + e.validationSeconds(), e.validationMiou());
            }
            out.printf(Locale.ROOT, "%-7s  all epochs: %.2f train img/s, run wall %.1f s (with pre-flight and outputs)%n", m,
                    run.trainImagesPerSecond(), run.wallSeconds());
        }
        if (runs.size() >= 2) {
            Run first = runs.get(0);
            double reached = runs.stream().mapToDouble(Run::bestMiou).min().orElse(Double.NaN);
            double target = Double.parseDouble(inv.local("target-miou", Double.toString(reached)));
            StringBuilder times = new StringBuilder();
            for (Run r : runs) {
                if (r != first) {
                    out.printf(Locale.ROOT, "%s/%s: %.2fx train img/s, %.2fx run wall time%n", r.mode(), first.mode(),
                            r.trainImagesPerSecond() / first.trainImagesPerSecond(), r.wallSeconds() / first.wallSeconds());
                }
                times.append(times.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f s", r.mode(), r.secondsTo(target)));
            }
            out.printf(Locale.ROOT, "time to val mIoU %.4f: %s%n", target, times);
        }
        return ExitCodes.OK;
    }
}
