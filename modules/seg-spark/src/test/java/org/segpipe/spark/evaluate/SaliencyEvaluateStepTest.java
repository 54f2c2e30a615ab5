package org.segpipe.spark.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.config.Settings;
import org.segpipe.core.evaluate.SaliencyEvaluateConfig;
import org.segpipe.core.evaluate.SaliencyImageEvaluator;
import org.segpipe.core.metrics.saliency.GreyMap;
import org.segpipe.core.metrics.saliency.SaliencyMeasures;
import org.segpipe.core.metrics.saliency.SaliencyResult;
import org.segpipe.core.metrics.saliency.SaliencyTotals;
import org.segpipe.core.png.PngEncoder;
import org.segpipe.testkit.LocalSpark;

/**
 * The saliency job against seg-core's per-image scores: same numbers whatever the partitioning,
 * bad input in the problems table, counts that add up, tables and summary written.
 */
class SaliencyEvaluateStepTest {

    @TempDir
    static Path dir;
    static Path gt;
    static Path pred;
    static SparkSession spark;
    static GreyMap[] masks = new GreyMap[3];
    static GreyMap[] preds = new GreyMap[3];

    /*
     * gt/: a.png b.png c.png e.png        pred/: a.png b.png (24x16, mask 32x24) d.png e.png (RGB)
     * a: scored; b: resized then scored; c: missing prediction; d: no mask; e: bad prediction.
     */
    @BeforeAll
    static void data() throws IOException {
        spark = LocalSpark.get();
        gt = Files.createDirectories(dir.resolve("gt"));
        pred = Files.createDirectories(dir.resolve("pred"));
        SplittableRandom rnd = new SplittableRandom(11);
        for (int k = 0; k < 3; k++) {
            int[] m = new int[32 * 24];
            int[] p = new int[32 * 24];
            for (int y = 0; y < 24; y++) {
                for (int x = 0; x < 32; x++) {
                    boolean in = Math.abs(x - 12 - 3 * k) < 6 && Math.abs(y - 11) < 5 + k;
                    m[y * 32 + x] = in ? 255 : 0;
                    p[y * 32 + x] = Math.min(255, Math.max(0, (in ? 180 : 40) + rnd.nextInt(-60, 61)));
                }
            }
            masks[k] = GreyMap.of(32, 24, m);
            preds[k] = GreyMap.of(32, 24, p);
        }
        write(gt.resolve("a.png"), masks[0]);
        write(pred.resolve("a.png"), preds[0]);
        write(gt.resolve("b.png"), masks[1]);
        write(pred.resolve("b.png"), preds[1].resized(24, 16));
        write(gt.resolve("c.png"), masks[2]);
        write(pred.resolve("d.png"), preds[2]);
        write(gt.resolve("e.png"), masks[2]);
        Files.write(pred.resolve("e.png"), PngEncoder.encodeRgb(2, 2, new byte[12]));
        Files.writeString(pred.resolve("notes.txt"), "not a prediction");
    }

    private static void write(Path p, GreyMap m) throws IOException {
        Files.write(p, m.encodePng());
    }

    static SaliencyEvaluateConfig config(int partitions, String out, String summary, boolean resize) {
        return new SaliencyEvaluateConfig(gt.toUri().toString(), pred.toUri().toString(), out, summary, null, resize,
                partitions);
    }

    static SaliencyResult expected() {
        SaliencyTotals t = SaliencyTotals.merge(SaliencyTotals.of(SaliencyMeasures.score(preds[0], masks[0])),
                SaliencyTotals.of(SaliencyMeasures.score(preds[1].resized(24, 16).resized(32, 24), masks[1])));
        return SaliencyResult.of(t);
    }

    @Test
    void scoresCountsAndProblemsWhateverThePartitioning() {
        SaliencyResult want = expected();
        for (int partitions : new int[] {1, 3}) {
            SaliencyEvaluateStep.Result r = SaliencyEvaluateStep.run(spark, config(partitions, null, null, true), Settings.of(Map.of()));
            assertEquals(want.summaryJson(), r.result().summaryJson(), "partitions " + partitions);
            assertEquals(4, r.imagesTotal());
            assertEquals(2, r.imagesEvaluated());
            assertEquals(1, r.imagesResized());
            assertEquals(Map.of(SaliencyImageEvaluator.MISSING_PREDICTION, 1L, SaliencyImageEvaluator.UNMATCHED_PREDICTION, 1L,
                    SaliencyImageEvaluator.BAD_PREDICTION, 1L), r.problemCounts());
            // counts in = counts out + rejects: 4 masks = 2 evaluated + 2 rejected (c, e); d has no mask
            assertEquals(r.imagesTotal(), r.imagesEvaluated() + r.problemCounts().get(SaliencyImageEvaluator.MISSING_PREDICTION)
                    + r.problemCounts().get(SaliencyImageEvaluator.BAD_PREDICTION));
        }
    }

    @Test
    void rejectModeRefusesMismatchedSizes() {
        SaliencyEvaluateStep.Result r = SaliencyEvaluateStep.run(spark, config(2, null, null, false), Settings.of(Map.of()));
        assertEquals(1, r.imagesEvaluated());
        assertEquals(0, r.imagesResized());
        assertEquals(1L, r.problemCounts().get(SaliencyImageEvaluator.SIZE_MISMATCH));
        SaliencyResult one = SaliencyResult.of(SaliencyTotals.of(SaliencyMeasures.score(preds[0], masks[0])));
        assertEquals(one.summaryJson(), r.result().summaryJson());
    }

    @Test
    void writesTablesRunsLastAndTheSummary() throws IOException {
        String out = dir.resolve("report").toUri().toString();
        Path summary = dir.resolve("summary.json");
        SaliencyEvaluateStep.Result r = SaliencyEvaluateStep.run(spark, config(2, out, summary.toString(), true),
                Settings.of(Map.of("evaluate.task", "saliency")));
        assertEquals(List.of(SaliencyEvaluateStep.IMAGES, ReportTables.PROBLEMS, SaliencyEvaluateStep.CURVES,
                SaliencyEvaluateStep.RUNS), r.tables());
        String json = Files.readString(summary).trim();
        assertEquals(expected().summaryJson(), json);
        assertTrue(json.matches("\\{\"images\": 2, \"MAE\": [0-9.eE-]+, \"maxF\": [0-9.eE-]+, \"meanF\": [0-9.eE-]+, "
                + "\"adpF\": [0-9.eE-]+, \"wF\": [0-9.eE-]+, \"S\": [0-9.eE-]+, \"maxE\": [0-9.eE-]+, "
                + "\"meanE\": [0-9.eE-]+, \"adpE\": [0-9.eE-]+\\}"), json);
        String where = "run_id = '" + r.runId() + "'";
        List<Row> images = spark.read().parquet(out + "/saliency_images").where(where).orderBy("image_key").collectAsList();
        assertEquals(2, images.size());
        assertEquals("b", images.get(1).getAs("image_key"));
        assertEquals(true, images.get(1).getAs("resized"));
        assertEquals(24, (int) images.get(1).getAs("pred_width"));
        double maeA = SaliencyMeasures.score(preds[0], masks[0]).mae();
        assertEquals(maeA, (double) images.get(0).getAs("mae"), 0.0);
        assertEquals(3, spark.read().parquet(out + "/problems").where(where).count());
        assertEquals(256, spark.read().parquet(out + "/saliency_curves").where(where).count());
        Row run = spark.read().parquet(out + "/saliency_runs").where(where).first();
        assertEquals(4L, (long) run.getAs("images_total"));
        assertEquals(2L, (long) run.getAs("images_evaluated"));
        assertEquals(2L, (long) run.getAs("images_rejected"));
        assertEquals(3L, (long) run.getAs("problems"));
        assertEquals(expected().maxF(), (double) run.getAs("max_f"), 0.0);
    }
}
