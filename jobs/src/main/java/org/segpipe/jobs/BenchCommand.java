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
        return "Run a benchmark: png (PNG decode throughput), model (UNet inference and training).";
    }

    @Override
    public String usage() {
        return "png|model [--height H] [--width W] [--seconds S] [--threads N] [--batch N] [--baseline-batches N]";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.local("height", "H", "frame height in px (default 1024)"),
                CliOption.local("width", "W", "frame width in px (default 2048)"),
                CliOption.local("seconds", "S", "measured seconds per figure (default 3)"),
                CliOption.local("threads", "N", "largest thread count to measure (default: cores)"),
                CliOption.local("batch", "N", "model: images per batch (default 4)"),
                CliOption.local("baseline-batches", "N", "model: timed batches of the DL4J standard-layer baseline, 0 to skip (default 1)"));
    }

    @Override
    public int run(Invocation inv) {
        if (inv.positional().size() != 1) {
            throw new UsageException("expected one benchmark name: png, model");
        }
        String which = inv.positional().get(0);
        if (which.equals("model")) {
            return model(inv);
        }
        if (!which.equals("png")) {
            throw new UsageException("unknown benchmark '" + which + "'; benchmarks are: png, model");
        }
        int height = parse(inv.local("height", "1024"), "--height");
        int width = parse(inv.local("width", "2048"), "--width");
        double seconds = Double.parseDouble(inv.local("seconds", "3"));
        int threads = parse(inv.local("threads", Integer.toString(Runtime.getRuntime().availableProcessors())), "--threads");
        var rows = PngBenchmark.run(width, height, seconds, threads);
        PngBenchmark.print(rows, width, height, inv.out());
        return ExitCodes.OK;
    }

    /**
     * The reference UNet (depth 4, base 16, transposed up-convolutions, 19 classes, 3x256x512;
     * other {@code model.*} settings apply) at batch 4 on 2 threads by default.
     */
    private int model(Invocation inv) {
        org.segpipe.model.net.UNetConfig net = org.segpipe.model.net.UNetConfig.from(inv.settings());
        int height = parse(inv.local("height", Integer.toString(net.inputHeight())), "--height");
        int width = parse(inv.local("width", Integer.toString(net.inputWidth())), "--width");
        net = net.withInputSize(height, width);
        var cfg = new org.segpipe.model.bench.ModelBenchmark.Config(net, parse(inv.local("batch", "4"), "--batch"),
                parse(inv.local("threads", "2"), "--threads"), Double.parseDouble(inv.local("seconds", "20")),
                parse(inv.local("baseline-batches", "1"), "--baseline-batches"));
        var result = org.segpipe.model.bench.ModelBenchmark.run(cfg, inv.out());
        org.segpipe.model.bench.ModelBenchmark.print(result, inv.out());
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
