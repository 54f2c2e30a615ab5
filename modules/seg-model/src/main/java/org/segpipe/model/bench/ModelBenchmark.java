package org.segpipe.model.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.segpipe.model.loss.LossSpec;
import org.segpipe.model.net.ModelSummary;
import org.segpipe.model.net.NetTraining;
import org.segpipe.model.net.StandardUNet;
import org.segpipe.model.net.UNetBuilder;
import org.segpipe.model.net.UNetConfig;

/**
 * Inference and training throughput of a UNet, with the same network built from DL4J's standard
 * layers measured in the same run as the baseline. Effective GFLOP/s count the network's forward
 * convolution FLOPs ({@link ModelSummary}) per image; a training step counts three times that
 * (forward, gradient w.r.t. inputs, gradient w.r.t. weights). Before timing, the two engines are
 * given the same weights and their outputs on the same batch are compared, so the fast figure is
 * known to compute the same function.
 *
 * <p>Figures are wall-clock on this machine, load included: quote the load average with them. The
 * mean over the timed window is the figure; the fastest single batch is reported next to it, as
 * the one least disturbed by other processes on a shared machine.
 */
public final class ModelBenchmark {

    /**
     * @param net             the network (the reference: depth 4, base 16, transposed, 19 classes, 256x512)
     * @param batch           images per batch
     * @param threads         native threads (0: one per core)
     * @param seconds         timed seconds per fast figure (at least 3 batches)
     * @param baselineBatches timed batches per baseline figure (0 skips the baseline)
     */
    public record Config(UNetConfig net, int batch, int threads, double seconds, int baselineBatches) {
    }

    /** One measured figure. */
    public record Figure(String engine, String phase, int batches, int images, double seconds, double bestBatchSeconds,
                         double gflopPerImage) {
        public double imagesPerSecond() {
            return images / seconds;
        }

        /** Throughput of the fastest batch: the least disturbed by other load on a shared machine. */
        public double bestImagesPerSecond() {
            return images / (double) batches / bestBatchSeconds;
        }

        public double gflops() {
            return imagesPerSecond() * gflopPerImage * (phase.equals("training") ? 3 : 1);
        }

        public double bestGflops() {
            return bestImagesPerSecond() * gflopPerImage * (phase.equals("training") ? 3 : 1);
        }
    }

    /** All figures, and the largest output difference between the engines (NaN when not compared). */
    public record Result(List<Figure> figures, double maxOutputDifference, String runtime) {
    }

    private ModelBenchmark() {
    }

    public static Result run(Config cfg, PrintStream log) {
        NativeRuntime.setThreads(cfg.threads());
        UNetConfig net = cfg.net();
        ComputationGraph fast = UNetBuilder.build(net, LossSpec.crossEntropy(), NetTraining.defaults(1));
        double gflop = ModelSummary.of(fast, net).flops() / 1e9;
        String runtime = NativeRuntime.describe();
        log.printf(Locale.ROOT, "%s; %.2f GFLOP per image forward; batch %d of %dx%dx%d%n", runtime, gflop, cfg.batch(),
                net.inputHeight(), net.inputWidth(), net.inputChannels());

        Nd4j.getRandom().setSeed(7);
        INDArray nhwc = Nd4j.rand(DataType.FLOAT, cfg.batch(), net.inputHeight(), net.inputWidth(), net.inputChannels()).subi(0.5).muli(4);
        INDArray labels = Nd4j.rand(DataType.FLOAT, cfg.batch(), net.inputHeight(), net.inputWidth(), 1).muli(net.classes())
                .castTo(DataType.INT).castTo(DataType.FLOAT);
        List<Figure> figures = new ArrayList<>();
        double diff = Double.NaN;

        ComputationGraph standard = null;
        INDArray nchw = null;
        if (cfg.baselineBatches() > 0) {
            standard = StandardUNet.build(net, NetTraining.defaults(1), DataType.FLOAT);
            StandardUNet.transferParams(standard, fast);
            nchw = nhwc.permute(0, 3, 1, 2).dup('c');
        }

        figures.add(time("fast (NHWC, oneDNN)", "inference", gflop, cfg.batch(), 2, cfg.seconds(), 3,
                () -> fast.output(false, nhwc), log));
        if (standard != null) {
            INDArray expected = standard.output(false, nchw)[0].permute(0, 2, 3, 1);
            diff = expected.sub(fast.output(false, nhwc)[0]).amaxNumber().doubleValue();
            log.printf(Locale.ROOT, "same weights, same batch: outputs of the two engines differ by at most %.2e%n", diff);
            ComputationGraph std = standard;
            INDArray in = nchw;
            figures.add(time("DL4J standard layers (NCHW)", "inference", gflop, cfg.batch(), 1, 0, cfg.baselineBatches(),
                    () -> std.output(false, in), log));
        }

        MultiDataSet fastBatch = new MultiDataSet(new INDArray[] {nhwc}, new INDArray[] {labels});
        figures.add(time("fast (NHWC, oneDNN)", "training", gflop, cfg.batch(), 2, cfg.seconds(), 3, () -> fast.fit(fastBatch), log));
        if (standard != null) {
            INDArray oneHot = oneHotNchw(labels, net.classes());
            MultiDataSet stdBatch = new MultiDataSet(new INDArray[] {nchw}, new INDArray[] {oneHot});
            ComputationGraph std = standard;
            figures.add(time("DL4J standard layers (NCHW)", "training", gflop, cfg.batch(), 1, 0, cfg.baselineBatches(),
                    () -> std.fit(stdBatch), log));
        }
        return new Result(figures, diff, runtime);
    }

    private static INDArray oneHotNchw(INDArray labels, int classes) {
        INDArray idx = labels.reshape(labels.length()).castTo(DataType.INT);
        INDArray rows = Nd4j.create(DataType.FLOAT, labels.length(), classes);
        Nd4j.exec(org.nd4j.linalg.api.ops.DynamicCustomOp.builder("onehot").addInputs(idx).addOutputs(rows)
                .addIntegerArguments(-1, classes).addFloatingPointArguments(1.0, 0.0).build());
        return rows.reshape(labels.size(0), labels.size(1), labels.size(2), classes).permute(0, 3, 1, 2).dup('c');
    }

    private static Figure time(String engine, String phase, double gflop, int batch, int warmup, double seconds, int minBatches,
                               Runnable step, PrintStream log) {
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        int batches = 0;
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        double elapsed;
        double best = Double.MAX_VALUE;
        do {
            long t0 = System.nanoTime();
            step.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            batches++;
            elapsed = (System.nanoTime() - start) / 1e9;
        } while (batches < minBatches || elapsed < seconds);
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        Figure f = new Figure(engine, phase, batches, batches * batch, elapsed, best, gflop);
        log.printf(Locale.ROOT, "  %-28s %-9s %3d batches in %6.1f s: %6.2f img/s, %6.1f GFLOP/s (best batch %.2f img/s; "
                + "process used %.2f cores)%n", engine, phase, batches, elapsed, f.imagesPerSecond(), f.gflops(), f.bestImagesPerSecond(),
                cpu / elapsed);
        return f;
    }

    /** CPU time of this JVM: how much of the machine the benchmark actually got, next to its wall time. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    public static void print(Result r, PrintStream out) {
        out.printf(Locale.ROOT, "%-28s %-9s %10s %10s %10s %14s %12s%n", "engine", "phase", "img/s", "GFLOP/s", "vs DL4J",
                "best img/s", "best GFLOP/s");
        for (Figure f : r.figures()) {
            Figure base = r.figures().stream().filter(b -> b.phase().equals(f.phase()) && b.engine().startsWith("DL4J")).findFirst()
                    .orElse(null);
            String ratio = base == null ? "" : String.format(Locale.ROOT, "%.1fx", f.imagesPerSecond() / base.imagesPerSecond());
            out.printf(Locale.ROOT, "%-28s %-9s %10.2f %10.1f %10s %14.2f %12.1f%n", f.engine(), f.phase(), f.imagesPerSecond(),
                    f.gflops(), ratio, f.bestImagesPerSecond(), f.bestGflops());
        }
    }
}
