package org.segpipe.jobs;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.evaluate.EvaluateConfig;
import org.segpipe.core.evaluate.SaliencyEvaluateConfig;
import org.segpipe.core.metrics.saliency.SaliencyResult;
import org.segpipe.core.evaluate.SummaryTable;
import org.segpipe.spark.SparkSessions;
import org.segpipe.spark.evaluate.EvaluateStep;
import org.segpipe.spark.evaluate.SaliencyEvaluateStep;

/**
 * {@code seg evaluate}: the official Cityscapes (pixel, instance, panoptic) and COCO metrics on
 * Spark, into Parquet report tables and a summary JSON. Exit code 1 when the run found problems in
 * its input (the numbers are still computed and the problems recorded), 0 when it found none.
 */
public final class EvaluateCommand implements Command {

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "Evaluate predictions (semantic, instance, COCO, panoptic) into Parquet reports; exit 1 on input problems.";
    }

    @Override
    public String usage() {
        return "--gt URI [--split val] [--semantic URI] [--instances URI] [--panoptic URI] [--out URI] [--summary FILE] "
                + "[--run-id ID]  |  --task saliency --gt DIR --pred DIR [--size-mismatch resize] [--out URI] [--summary FILE]";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.key("gt", EvaluateConfig.GT, "URI", "ground truth: Cityscapes tree or ingested dataset"),
                CliOption.key("split", EvaluateConfig.SPLIT, "SPLIT", "split to evaluate (default val)"),
                CliOption.key("semantic", EvaluateConfig.SEMANTIC, "URI", "semantic results: label-id PNGs per image"),
                CliOption.key("instances", EvaluateConfig.INSTANCES, "URI", "instance results: a txt per image plus masks"),
                CliOption.key("panoptic", EvaluateConfig.PANOPTIC, "URI", "panoptic results: COCO panoptic JSON plus PNGs"),
                CliOption.key("out", EvaluateConfig.OUT, "URI", "folder of the Parquet report tables (partitioned by run_id)"),
                CliOption.key("summary", EvaluateConfig.SUMMARY, "FILE", "write the summary JSON here"),
                CliOption.key("run-id", EvaluateConfig.RUN_ID, "ID", "run id (default: generated)"),
                CliOption.key("semantic-ids", EvaluateConfig.SEMANTIC_IDS, "IDS", "label-ids (default) or train-ids"),
                CliOption.key("partitions", EvaluateConfig.PARTITIONS, "N", "partitions of the per-image stage (0 = auto)"),
                CliOption.key("task", SaliencyEvaluateConfig.TASK, "TASK", "cityscapes (default) or saliency"),
                CliOption.key("pred", SaliencyEvaluateConfig.PRED, "URI", "saliency: folder of predicted grey PNGs (stems of the masks)"),
                CliOption.key("size-mismatch", SaliencyEvaluateConfig.SIZE_MISMATCH, "MODE",
                        "saliency: resize (default) or reject predictions of another size than their mask"));
    }

    @Override
    public int run(Invocation inv) {
        if (!inv.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + inv.positional().get(0) + "'");
        }
        if (SaliencyEvaluateConfig.requested(inv.settings())) {
            return runSaliency(inv);
        }
        EvaluateConfig config = EvaluateConfig.from(inv.settings());
        SparkSession spark = SparkSessions.create(inv.settings(), "seg evaluate");
        try {
            long start = System.nanoTime();
            EvaluateStep.Result r = EvaluateStep.run(spark, config, inv.settings());
            SummaryTable.print(r.report(), inv.out());
            inv.out().println();
            inv.out().printf("run %s finished in %.1f s%s%s%n", r.runId(), (System.nanoTime() - start) / 1e9,
                    r.tables().isEmpty() ? "" : "; tables " + String.join(", ", r.tables()) + " under " + config.out(),
                    config.summary() == null ? "" : "; summary in " + config.summary());
            if (r.problems() > 0) {
                inv.out().println(r.problems() + " problems in the input"
                        + (r.tables().isEmpty() ? "" : "; see the problems table (run_id = '" + r.runId() + "')"));
                return ExitCodes.PROBLEMS_FOUND;
            }
            return ExitCodes.OK;
        } finally {
            spark.stop();
        }
    }

    private static int runSaliency(Invocation inv) {
        SaliencyEvaluateConfig config = SaliencyEvaluateConfig.from(inv.settings());
        SparkSession spark = SparkSessions.create(inv.settings(), "seg evaluate saliency");
        try {
            long start = System.nanoTime();
            SaliencyEvaluateStep.Result r = SaliencyEvaluateStep.run(spark, config, inv.settings());
            SaliencyResult m = r.result();
            inv.out().printf("images %d (evaluated %d, resized %d)%n", r.imagesTotal(), r.imagesEvaluated(), r.imagesResized());
            inv.out().printf("MAE %.4f  maxF %.4f  meanF %.4f  adpF %.4f  wF %.4f  S %.4f  maxE %.4f  meanE %.4f  adpE %.4f%n",
                    m.mae(), m.maxF(), m.meanF(), m.adpF(), m.wF(), m.s(), m.maxE(), m.meanE(), m.adpE());
            inv.out().printf("run %s finished in %.1f s%s%s%n", r.runId(), (System.nanoTime() - start) / 1e9,
                    r.tables().isEmpty() ? "" : "; tables " + String.join(", ", r.tables()) + " under " + config.out(),
                    config.summary() == null ? "" : "; summary in " + config.summary());
            if (r.problems() > 0) {
                inv.out().println(r.problems() + " problems in the input " + r.problemCounts()
                        + (r.tables().isEmpty() ? "" : "; see the problems table (run_id = '" + r.runId() + "')"));
                return ExitCodes.PROBLEMS_FOUND;
            }
            return ExitCodes.OK;
        } finally {
            spark.stop();
        }
    }
}
