package org.segpipe.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.bench.AugmentBenchmark;
import org.segpipe.core.bench.PngBenchmark;
import org.segpipe.core.config.Settings;
import org.segpipe.spark.SparkSessions;
import org.segpipe.spark.ingest.IngestBenchmark;

/**
 * {@code seg bench <name>}: throughput benchmarks. Figures are wall-clock on this machine, with a
 * baseline measured in the same run where one exists; they are reports, never pass/fail checks.
 * Each benchmark is one entry of {@link #BENCHMARKS}.
 */
public final class BenchCommand implements Command {

    /** A benchmark: its one-line description and how to run it. */
    private record Benchmark(String description, ToIntFunction<Invocation> run) {
    }

    private static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("png", new Benchmark("PNG decode throughput against ImageIO", BenchCommand::png));
        BENCHMARKS.put("model", new Benchmark("UNet inference and training, fast path against DL4J's standard layers",
                BenchCommand::model));
        BENCHMARKS.put("augment", new Benchmark("augmentation throughput against decoding and per-step resampling",
                BenchCommand::augment));
        BENCHMARKS.put("ingest", new Benchmark("seg ingest against PNG decoding alone", BenchCommand::ingest));
        BENCHMARKS.put("eval", new Benchmark("evaluation throughput: semantic + instance + COCO per image, whole runs",
                EvalBench::run));
        BENCHMARKS.put("train", new Benchmark("one training epoch, local against data-parallel (train.mode=spark), images/s and wall time",
                TrainBench::run));
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        StringBuilder sb = new StringBuilder("Run a benchmark:");
        BENCHMARKS.forEach((k, b) -> sb.append(' ').append(k).append(" (").append(b.description()).append("),"));
        return sb.substring(0, sb.length() - 1) + ".";
    }

    @Override
    public String usage() {
        return String.join("|", BENCHMARKS.keySet()) + " [--height H] [--width W] [--seconds S] [--threads N] [...]";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.local("height", "H", "frame height in px (default 1024)"),
                CliOption.local("width", "W", "frame width in px (default 2048)"),
                CliOption.local("seconds", "S", "measured seconds per figure (default 3)"),
                CliOption.local("threads", "N", "largest thread count to measure (default: cores); ingest: Spark cores (default 2)"),
                CliOption.local("pipeline", "P", "augment: the pipeline to measure (default cityscapes-standard)"),
                CliOption.local("images", "N", "ingest: samples in the tree (default 64); eval: frames generated (default 12); train: training images (default 32, 64x128)"),
                CliOption.local("copies", "K", "eval: whole-run figures use the frames K times under new keys (default 8)"),
                CliOption.local("spark", null, "eval: also time the Spark job end to end on local[threads]"),
                CliOption.local("rounds", "N", "ingest: measured runs per image-check mode (default 2)"),
                CliOption.local("batch", "N", "model: images per batch (default 4)"),
                CliOption.local("baseline-batches", "N", "model: timed batches of the DL4J standard-layer baseline, 0 to skip (default 1)"),
                CliOption.local("mode", "M", "train: local, spark, sharing, both or all (default both)"),
                CliOption.local("epochs", "N", "train: epochs per mode (default 3)"),
                CliOption.local("target-miou", "X", "train: validation mIoU to time each mode to (default: the lower best of the two)"));
    }

    @Override
    public int run(Invocation inv) {
        if (inv.positional().size() != 1) {
            throw new UsageException("expected one benchmark name: " + String.join(", ", BENCHMARKS.keySet()));
        }
        Benchmark b = BENCHMARKS.get(inv.positional().get(0));
        if (b == null) {
            throw new UsageException("unknown benchmark '" + inv.positional().get(0) + "'; benchmarks are: "
                    + String.join(", ", BENCHMARKS.keySet()));
        }
        return b.run().applyAsInt(inv);
    }

    private static int png(Invocation inv) {
        int height = parse(inv.local("height", "1024"), "--height");
        int width = parse(inv.local("width", "2048"), "--width");
        var rows = PngBenchmark.run(width, height, seconds(inv, "3"), threads(inv));
        PngBenchmark.print(rows, width, height, inv.out());
        return ExitCodes.OK;
    }

    private static int augment(Invocation inv) {
        int height = parse(inv.local("height", "1024"), "--height");
        int width = parse(inv.local("width", "2048"), "--width");
        String pipeline = inv.local("pipeline", "cityscapes-standard");
        var rows = AugmentBenchmark.run(width, height, pipeline, seconds(inv, "3"), threads(inv));
        AugmentBenchmark.print(rows, width, height, pipeline, inv.out());
        return ExitCodes.OK;
    }

    /** Ingest on local[threads] against decoding on as many threads, in the same run. */
    private static int ingest(Invocation inv) {
        int height = parse(inv.local("height", "1024"), "--height");
        int width = parse(inv.local("width", "2048"), "--width");
        int threads = parse(inv.local("threads", "2"), "--threads");
        int images = parse(inv.local("images", "64"), "--images");
        int rounds = parse(inv.local("rounds", "2"), "--rounds");
        SparkSession spark = localSpark(inv, threads, "seg bench ingest");
        var r = IngestBenchmark.run(spark, images, Math.min(8, images), width, height, threads, seconds(inv, "4"), rounds);
        IngestBenchmark.print(r, inv.out());
        return ExitCodes.OK;
    }

    /**
     * The reference UNet (depth 4, base 16, transposed up-convolutions, 19 classes, 3x256x512;
     * other {@code model.*} settings apply) at batch 4 on 2 threads by default.
     */
    private static int model(Invocation inv) {
        org.segpipe.model.net.UNetConfig net = org.segpipe.model.net.UNetConfig.from(inv.settings());
        int height = parse(inv.local("height", Integer.toString(net.inputHeight())), "--height");
        int width = parse(inv.local("width", Integer.toString(net.inputWidth())), "--width");
        net = net.withInputSize(height, width);
        var cfg = new org.segpipe.model.bench.ModelBenchmark.Config(net, parse(inv.local("batch", "4"), "--batch"),
                parse(inv.local("threads", "2"), "--threads"), seconds(inv, "20"),
                parse(inv.local("baseline-batches", "1"), "--baseline-batches"));
        var result = org.segpipe.model.bench.ModelBenchmark.run(cfg, inv.out());
        org.segpipe.model.bench.ModelBenchmark.print(result, inv.out());
        return ExitCodes.OK;
    }

    /** A session on local[threads], whatever spark.master says: benchmarks measure this machine. */
    static SparkSession localSpark(Invocation inv, int threads, String name) {
        Map<String, String> values = new TreeMap<>(inv.settings().asMap());
        values.put("spark.master", "local[" + threads + "]");
        return SparkSessions.create(Settings.of(values), name);
    }

    static int threads(Invocation inv) {
        return parse(inv.local("threads", Integer.toString(Runtime.getRuntime().availableProcessors())), "--threads");
    }

    static double seconds(Invocation inv, String fallback) {
        String v = inv.local("seconds", fallback);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--seconds is '" + v + "' but must be a number");
        }
    }

    static int parse(String v, String option) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " is '" + v + "' but must be an integer");
        }
    }
}
