package org.segpipe.jobs;

import java.util.List;
import org.segpipe.core.bench.AugmentBenchmark;
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
        return "Run a benchmark: png (PNG decode throughput), augment (augmentation throughput).";
    }

    @Override
    public String usage() {
        return "png|augment [--height H] [--width W] [--seconds S] [--threads N] [--pipeline P]";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.local("height", "H", "frame height in px (default 1024)"),
                CliOption.local("width", "W", "frame width in px (default 2048)"),
                CliOption.local("seconds", "S", "measured seconds per figure (default 3)"),
                CliOption.local("threads", "N", "largest thread count to measure (default: cores)"),
                CliOption.local("pipeline", "P", "augment: the pipeline to measure (default cityscapes-standard)"));
    }

    @Override
    public int run(Invocation inv) {
        if (inv.positional().size() != 1) {
            throw new UsageException("expected one benchmark name: png or augment");
        }
        String which = inv.positional().get(0);
        if (!which.equals("png") && !which.equals("augment")) {
            throw new UsageException("unknown benchmark '" + which + "'; benchmarks are: png, augment");
        }
        int height = parse(inv.local("height", "1024"), "--height");
        int width = parse(inv.local("width", "2048"), "--width");
        double seconds = Double.parseDouble(inv.local("seconds", "3"));
        int threads = parse(inv.local("threads", Integer.toString(Runtime.getRuntime().availableProcessors())), "--threads");
        if (which.equals("augment")) {
            String pipeline = inv.local("pipeline", "cityscapes-standard");
            var rows = AugmentBenchmark.run(width, height, pipeline, seconds, threads);
            AugmentBenchmark.print(rows, width, height, pipeline, inv.out());
            return ExitCodes.OK;
        }
        var rows = PngBenchmark.run(width, height, seconds, threads);
        PngBenchmark.print(rows, width, height, inv.out());
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
