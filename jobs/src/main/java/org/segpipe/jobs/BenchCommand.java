package org.segpipe.jobs;

import java.util.List;
import org.segpipe.core.bench.PngBenchmark;

/**
 * {@code seg bench <name>}: throughput benchmarks. Figures are wall-clock on this machine, with a
 * baseline measured in the same run where one exists; they are reports, never pass/fail checks.
 */
public final class BenchCommand implements Command {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "Run a benchmark: png (PNG decode throughput), ingest (seg ingest against PNG decoding).";
    }

    @Override
    public String usage() {
        return "png|ingest [--height H] [--width W] [--seconds S] [--threads N] [--images N] [--rounds N]";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.local("height", "H", "frame height in px (default 1024)"),
                CliOption.local("width", "W", "frame width in px (default 2048)"),
                CliOption.local("seconds", "S", "measured seconds per figure (default 3)"),
                CliOption.local("threads", "N", "largest thread count to measure (default: cores); ingest: Spark cores (default 2)"),
                CliOption.local("images", "N", "ingest: samples in the tree (default 64)"),
                CliOption.local("rounds", "N", "ingest: measured runs per image-check mode (default 2)"));
    }

    @Override
    public int run(Invocation inv) {
        if (inv.positional().size() != 1) {
            throw new UsageException("expected one benchmark name: png or ingest");
        }
        String which = inv.positional().get(0);
        if (which.equals("ingest")) {
            return ingest(inv);
        }
        if (!which.equals("png")) {
            throw new UsageException("unknown benchmark '" + which + "'; benchmarks are: png, ingest");
        }
        int height = parse(inv.local("height", "1024"), "--height");
        int width = parse(inv.local("width", "2048"), "--width");
        double seconds = Double.parseDouble(inv.local("seconds", "3"));
        int threads = parse(inv.local("threads", Integer.toString(Runtime.getRuntime().availableProcessors())), "--threads");
        var rows = PngBenchmark.run(width, height, seconds, threads);
        PngBenchmark.print(rows, width, height, inv.out());
        return ExitCodes.OK;
    }

    /** Ingest on local[threads] against decoding on as many threads, in the same run. */
    private static int ingest(Invocation inv) {
        int height = parse(inv.local("height", "1024"), "--height");
        int width = parse(inv.local("width", "2048"), "--width");
        int threads = parse(inv.local("threads", "2"), "--threads");
        int images = parse(inv.local("images", "64"), "--images");
        double seconds = Double.parseDouble(inv.local("seconds", "4"));
        int rounds = parse(inv.local("rounds", "2"), "--rounds");
        java.util.Map<String, String> values = new java.util.TreeMap<>(inv.settings().asMap());
        values.put("spark.master", "local[" + threads + "]");
        org.apache.spark.sql.SparkSession spark = org.segpipe.spark.SparkSessions.create(
                org.segpipe.core.config.Settings.of(values), "seg bench ingest");
        var r = org.segpipe.spark.ingest.IngestBenchmark.run(spark, images, Math.min(8, images), width, height, threads, seconds,
                rounds);
        org.segpipe.spark.ingest.IngestBenchmark.print(r, inv.out());
        return ExitCodes.OK;
    }

    private static int parse(String v, String option) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " is '" + v + "' but must be an integer");
        }
    }
}
