package org.segpipe.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.bench.EvalBenchmark;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.Settings;
import org.segpipe.core.evaluate.EvaluateConfig;
import org.segpipe.spark.SparkSessions;
import org.segpipe.spark.evaluate.EvaluateStep;

/** {@code seg bench eval}: evaluation throughput (see {@link EvalBenchmark}), optionally the Spark job too. */
final class EvalBench {

    private EvalBench() {
    }

    static int run(Invocation inv) {
        int height = BenchCommand.parse(inv.local("height", "1024"), "--height");
        int width = BenchCommand.parse(inv.local("width", "2048"), "--width");
        int images = BenchCommand.parse(inv.local("images", "12"), "--images");
        double seconds = Double.parseDouble(inv.local("seconds", "10"));
        int threads = BenchCommand.parse(inv.local("threads", Integer.toString(Runtime.getRuntime().availableProcessors())),
                "--threads");
        Path dir;
        try {
            dir = Files.createTempDirectory("seg-bench-eval");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            inv.out().printf("preparing %d frames of %dx%d with predictions in %s ...%n", images, width, height, dir);
            EvalBenchmark.Fixture f = EvalBenchmark.prepare(dir, images, width, height);
            List<EvalBenchmark.Row> rows = new ArrayList<>();
            for (int t = 1; t <= threads; t *= 2) {
                rows.add(EvalBenchmark.perImage(f, t, seconds));
            }
            if (threads > 1 && Integer.highestOneBit(threads) != threads) {
                rows.add(EvalBenchmark.perImage(f, threads, seconds));
            }
            int copies = BenchCommand.parse(inv.local("copies", "8"), "--copies");
            EvalBenchmark.Fixture many = EvalBenchmark.replicate(f, copies);
            rows.add(EvalBenchmark.wholeRun(many, threads, seconds));
            if (inv.flag("spark")) {
                rows.add(spark(many, threads));
            }
            EvalBenchmark.print(f, rows, width, height, inv.out());
            return ExitCodes.OK;
        } finally {
            delete(dir);
        }
    }

    private static EvalBenchmark.Row spark(EvalBenchmark.Fixture f, int threads) {
        Settings settings = Settings.of(Map.of("spark.master", "local[" + threads + "]", "spark.ui.enabled", "false"));
        SparkSession spark = SparkSessions.create(settings, "seg bench eval");
        try {
            EvaluateConfig config = new EvaluateConfig(f.gt().toUri().toString(), Split.VAL, f.semantic().toUri().toString(),
                    f.instances().toUri().toString(), null, null, null, "bench", false, 0);
            EvaluateStep.run(spark, config, settings); // warm-up
            long t0 = System.nanoTime();
            EvaluateStep.Result r = EvaluateStep.run(spark, config, settings);
            double s = (System.nanoTime() - t0) / 1e9;
            return new EvalBenchmark.Row("Spark job end to end, " + f.images() + " frames (local[" + threads + "])", threads,
                    r.report().totals().evaluated() / s, -1, -1);
        } finally {
            spark.stop();
        }
    }

    private static void delete(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is no failure of the benchmark
        }
    }
}
