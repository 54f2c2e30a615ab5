package org.segpipe.jobs;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.config.Settings;
import org.segpipe.spark.SparkSessions;
import org.segpipe.spark.pipeline.PipelineConfig;
import org.segpipe.spark.pipeline.PipelineRunner;
import org.segpipe.spark.pipeline.PipelineStage;

/**
 * {@code seg pipeline}: generate (optional), ingest, augment, train, predict, evaluate and report
 * under one run id; see {@link PipelineRunner}. Exit codes: 0 success, 2 bad config, 10 + the
 * stage's position when a stage failed (generate 10, ingest 11, augment 12, train 13, predict 14,
 * evaluate 15, report 16).
 */
public final class PipelineCommand implements Command {

    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public String summary() {
        return "Run generate/ingest -> augment -> train -> predict -> evaluate -> report under one run id; resumable.";
    }

    @Override
    public String usage() {
        return "--conf FILE [--root URI] [--input URI] [--run-id ID] [--from STAGE] [--to STAGE] [--keep-runs N]";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.key("root", PipelineConfig.ROOT, "URI", "folder of the pipeline: runs/{run id}/ and reports/"),
                CliOption.key("input", PipelineConfig.INPUT, "URI", "Cityscapes tree to ingest; empty generates one with the generate.* keys"),
                CliOption.key("run-id", PipelineConfig.RUN_ID, "ID", "run id; the id of an unfinished run resumes it (default: a new id)"),
                CliOption.key("from", PipelineConfig.FROM, "STAGE", "run this stage and the later ones again even when complete"),
                CliOption.key("to", PipelineConfig.TO, "STAGE", "last stage to run (default report)"),
                CliOption.key("keep-runs", PipelineConfig.KEEP_RUNS, "N", "after success keep only the newest N run folders (0 keeps all)"));
    }

    @Override
    public int run(Invocation inv) {
        if (!inv.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + inv.positional().get(0) + "'");
        }
        return runPipeline(inv.settings(), inv.out(), inv.err(), "seg pipeline");
    }

    /** Runs the pipeline and prints its outcome; shared with {@code seg demo}. */
    static int runPipeline(Settings settings, PrintStream out, PrintStream err, String appName) {
        PipelineConfig config = PipelineRunner.check(settings); // a bad config costs no Spark start
        SparkSession spark = SparkSessions.create(settings, appName);
        try {
            PipelineRunner.Result r;
            try {
                r = PipelineRunner.run(spark, settings, config, out);
            } catch (PipelineRunner.StageFailedException e) {
                err.println("seg pipeline: " + e.getMessage());
                return e.stage().exitCode();
            }
            out.println();
            out.printf(Locale.ROOT, "run %s finished in %.1f s (%s)%n", r.runId(), r.seconds(), r.stages().stream()
                    .map(s -> s.stage().label() + " " + s.status()).collect(Collectors.joining(", ")));
            if (!r.headline().isEmpty()) {
                out.println("  " + headline(r.headline()));
            }
            out.println("  run folder: " + r.layout().runDir());
            out.println("  report tables: " + r.layout().reports() + "   (scripts/seg sql --reports " + r.layout().reports() + ")");
            if (r.report() != null) {
                out.println("  HTML report: " + r.report());
            }
            return ExitCodes.OK;
        } finally {
            spark.stop();
        }
    }

    static String headline(Map<String, Double> h) {
        return h.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** The exit codes of failed stages, for help texts. */
    static String stageExitCodes() {
        return java.util.Arrays.stream(PipelineStage.values()).map(s -> s.exitCode() + " " + s.label())
                .collect(Collectors.joining(", "));
    }
}
