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
 * or both in the same run (same data, seed and settings), and prints per epoch the training
 * images/s, the epoch's wall time (training + validation) and the validation mIoU, then the time
 * each mode took to reach a validation mIoU and the spark/local ratios.
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
            case "local", "spark" -> List.of(mode);
            case "both" -> List.of("local", "spark");
            default -> throw new UsageException("--mode is '" + mode + "' but must be local, spark or both");
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
            values.put("train.mode", m);
            long t0 = System.nanoTime();
            TrainStep.Result r = TrainStep.run(spark, Settings.of(values), SampleAugmenter.NONE, new PrintStream(new ByteArrayOutputStream()));
            Run run = new Run(m, r.epochs(), (System.nanoTime() - t0) / 1e9);
            runs.add(run);
            out.printf(Locale.ROOT, "%-5s  epoch  train img/s  epoch wall s  val mIoU%n", m);
            for (EpochRecord e : r.epochs()) {
                out.printf(Locale.ROOT, "%-5s  %5d  %11.2f  %12.2f  %8.4f%n", m, e.epoch(), e.imagesPerSecond(),
                        e.trainSeconds() + e.validationSeconds(), e.validationMiou());
            }
            out.printf(Locale.ROOT, "%-5s  all epochs: %.2f train img/s, run wall %.1f s (with pre-flight and outputs)%n", m,
                    run.trainImagesPerSecond(), run.wallSeconds());
        }
        if (runs.size() == 2) {
            Run local = runs.get(0);
            Run dist = runs.get(1);
            double target = Double.parseDouble(inv.local("target-miou", Double.toString(Math.min(local.bestMiou(), dist.bestMiou()))));
            out.printf(Locale.ROOT, "spark/local: %.2fx train img/s, %.2fx run wall time%n",
                    dist.trainImagesPerSecond() / local.trainImagesPerSecond(), dist.wallSeconds() / local.wallSeconds());
            out.printf(Locale.ROOT, "time to val mIoU %.4f: local %.1f s, spark %.1f s%n", target, local.secondsTo(target),
                    dist.secondsTo(target));
        }
        return ExitCodes.OK;
    }
}
