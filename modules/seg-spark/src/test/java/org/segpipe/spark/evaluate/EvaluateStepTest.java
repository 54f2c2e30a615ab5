package org.segpipe.spark.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.Settings;
import org.segpipe.core.evaluate.EvaluateConfig;
import org.segpipe.core.evaluate.LocalEvaluator;
import org.segpipe.core.evaluate.SummaryJson;
import org.segpipe.core.results.SyntheticResults;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.LocalSpark;

/**
 * The Spark job against seg-core's local evaluation on generated data with perturbed predictions
 * written in the official formats: same numbers, whatever the partitioning.
 */
class EvaluateStepTest {

    @TempDir
    static Path dir;
    static Path gt;
    static Path sem;
    static Path inst;
    static Path pan;
    static SparkSession spark;

    @BeforeAll
    static void data() {
        spark = LocalSpark.get();
        gt = FixtureDatasets.cityscapes(dir.resolve("cs"), 12, 128, 64, 21);
        sem = dir.resolve("sem");
        inst = dir.resolve("inst");
        pan = dir.resolve("pan");
        SyntheticResults.write(gt, Split.VAL, 9, sem, inst, pan);
        try {
            // bad input, so that problems are compared too: an unknown image, a duplicate, a file without a key,
            // a bad line
            Files.writeString(inst.resolve("zurich_000000_000001_pred.txt"), "");
            Path firstSem;
            Path firstTxt;
            try (var s = Files.walk(sem)) {
                firstSem = s.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
            }
            try (var s = Files.walk(inst)) {
                firstTxt = s.filter(p -> p.toString().endsWith("_pred.txt")).sorted().findFirst().orElseThrow();
            }
            Files.copy(firstSem, firstSem.resolveSibling(firstSem.getFileName().toString().replace(".png", "_copy.png")));
            Files.write(sem.resolve("readme.png"), new byte[] {1, 2, 3});
            Files.writeString(firstTxt, Files.readString(firstTxt) + "masks/nothing.png 26\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static EvaluateConfig config(int partitions, String out, String runId) {
        return new EvaluateConfig(gt.toUri().toString(), Split.VAL, sem.toUri().toString(), inst.toUri().toString(),
                pan.toUri().toString(), out, null, runId, false, partitions);
    }

    @Test
    void sparkNumbersEqualSegCoreNumbersForAnyPartitioning() {
        LocalEvaluator.Result local = LocalEvaluator.run(new LocalEvaluator.Config(gt, Split.VAL, sem, inst, pan, false, 2), false);
        String expected = SummaryJson.write(local.report());
        for (int partitions : new int[] {1, 5}) {
            EvaluateStep.Result r = EvaluateStep.run(spark, config(partitions, null, "p" + partitions), Settings.of(Map.of()));
            assertEquals(expected, SummaryJson.write(r.report()), partitions + " partitions");
            assertTrue(local.report().totals().sameAs(r.report().totals()), partitions + " partitions: totals");
            assertEquals(List.of(), r.tables());
        }
        assertEquals(6, local.report().totals().evaluated());
        assertTrue(expected.contains("\"AP\""), expected);
    }

    /** Ground truth from an ingested dataset (shards) gives the numbers of the raw tree it was ingested from. */
    @Test
    void groundTruthFromIngestedShards(@TempDir Path tmp) {
        Path dataset = tmp.resolve("dataset");
        org.segpipe.spark.ingest.IngestStep.run(spark, org.segpipe.core.config.SettingsResolver.resolve(null,
                List.of("ingest.input=" + gt.toUri(), "ingest.output=" + dataset.toUri(), "ingest.splits=val")));
        EvaluateConfig raw = config(2, null, "raw");
        EvaluateConfig shards = new EvaluateConfig(dataset.toUri().toString(), Split.VAL, raw.semantic(), raw.instances(),
                raw.panoptic(), null, null, "shards", false, 2);
        EvaluateStep.Result fromShards = EvaluateStep.run(spark, shards, Settings.of(Map.of()));
        LocalEvaluator.Result local = LocalEvaluator.run(new LocalEvaluator.Config(gt, Split.VAL, sem, inst, pan, false, 2), false);
        assertEquals(SummaryJson.write(local.report()), SummaryJson.write(fromShards.report()));
        assertEquals(6, fromShards.report().totals().evaluated());
    }

    @Test
    void reportTablesAppendRunsAndSurviveAFailedRun(@TempDir Path tmp) {
        String out = tmp.resolve("report").toUri().toString();
        Settings settings = Settings.of(Map.of("spark-hadoop.fs.s3a.secret.key", "hush", "evaluate.split", "val"));
        EvaluateStep.Result first = EvaluateStep.run(spark, config(2, out, "run-a"), settings);
        assertTrue(first.tables().containsAll(List.of(ReportTables.IMAGES, ReportTables.IMAGE_METRICS, ReportTables.CLASS_METRICS,
                ReportTables.THRESHOLD_COUNTS, ReportTables.PR_CURVE, ReportTables.CONFUSION_MATRIX, ReportTables.PANOPTIC)),
                first.tables().toString());
        assertEquals(ReportTables.RUNS, first.tables().get(first.tables().size() - 1), "runs is written last");
        EvaluateStep.Result second = EvaluateStep.run(spark, config(3, out, "run-b"), settings);
        assertEquals(SummaryJson.write(first.report()), SummaryJson.write(second.report()));

        Dataset<Row> runs = spark.read().parquet(out + "/runs");
        assertEquals(2, runs.count());
        Row a = runs.filter(col("run_id").equalTo("run-a")).first();
        assertEquals(6L, (long) a.getAs("images_evaluated"));
        assertEquals(first.problems(), (long) a.getAs("problems"));
        assertTrue(((String) a.getAs("config_json")).contains("\"spark-hadoop.fs.s3a.secret.key\":\"***\""));
        long metricsPerRun = spark.read().parquet(out + "/image_metrics").filter(col("run_id").equalTo("run-a")).count();
        assertTrue(metricsPerRun > 6, "per image and class rows: " + metricsPerRun);
        Dataset<Row> problems = spark.read().parquet(out + "/problems").filter(col("run_id").equalTo("run-a"));
        assertEquals(first.problems(), problems.count(), "every counted problem has a row");
        Row badLine = problems.filter(col("kind").equalTo("bad_line")).first();
        assertTrue(((String) badLine.getAs("path")).endsWith("_pred.txt") && (int) badLine.getAs("line") > 0, badLine.toString());
        assertEquals(2, problems.filter(col("kind").equalTo("unknown_image")).count(), "zurich_... and readme.png");
        assertEquals(1, problems.filter(col("kind").equalTo("duplicate")).count());

        // a run whose write job fails in a task half way (after writing its first tables) leaves no runs row
        // and earlier runs intact
        ReportTables.TableWriter failing = (o, table, rows, runId) -> {
            if (table.equals(ReportTables.PR_CURVE)) {
                rows = rows.filter((org.apache.spark.api.java.function.FilterFunction<Row>) r -> {
                    throw new IllegalStateException("injected task failure");
                });
            }
            ReportTables.PARQUET.write(o, table, rows, runId);
        };
        try {
            EvaluateStep.run(spark, config(2, out, "run-c"), settings, failing);
            throw new AssertionError("the injected failure did not surface");
        } catch (Exception e) {
            assertTrue(String.valueOf(e.getMessage()).contains("injected task failure"), e.toString());
        }
        assertEquals(2, spark.read().parquet(out + "/runs").count(), "no runs row for the failed run");
        Dataset<Row> metrics = spark.read().parquet(out + "/image_metrics");
        assertEquals(metricsPerRun, metrics.filter(col("run_id").equalTo("run-a")).count(), "run-a intact");
        assertEquals(metricsPerRun, metrics.filter(col("run_id").equalTo("run-b")).count(), "run-b intact");
        assertTrue(metrics.filter(col("run_id").equalTo("run-c")).count() > 0, "run-c wrote some tables before failing");
        assertEquals(0, spark.read().parquet(out + "/pr_curve").filter(col("run_id").equalTo("run-c")).count(),
                "the failed write left nothing of its table");
        Dataset<Row> committed = metrics.join(spark.read().parquet(out + "/runs").select("run_id"), "run_id");
        assertEquals(2 * metricsPerRun, committed.count(), "readers that join runs see committed runs only");
    }
}
