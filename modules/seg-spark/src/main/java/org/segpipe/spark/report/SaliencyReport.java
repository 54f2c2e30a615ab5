package org.segpipe.spark.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.metrics.saliency.SaliencyResult;
import org.segpipe.core.provenance.CodeVersion;
import org.segpipe.core.report.ImageLayers;
import org.segpipe.core.report.ReportConfig;
import org.segpipe.core.report.ReportData;
import org.segpipe.spark.evaluate.SaliencyEvaluateStep;
import org.segpipe.spark.io.HadoopFiles;

/**
 * The page model of a saliency run ({@code seg evaluate --task saliency}): its scores and the
 * compared run's, the mean precision-recall, F-measure and E-measure curves over the 256
 * thresholds, how the per-image scores spread, the across-runs history, the worst images (highest
 * MAE) with their pictures, and the problems. As for Cityscapes runs, only small things reach the
 * driver: 256 curve points per run, {@link #BINS} counts per histogram, the worst rows.
 */
final class SaliencyReport {

    /** The scores by their summary JSON name and their column in the saliency tables, in display order. */
    static final Map<String, String> METRICS = scores();
    /** Bins of the per-image score histograms over [0, 1]. */
    static final int BINS = 20;
    /** Per-image scores whose spread is drawn. */
    static final List<String> HISTOGRAMS = List.of("MAE", "maxF", "S", "maxE");

    private SaliencyReport() {
    }

    /** {@link SaliencyResult#SCORES} with their columns in {@code saliency_runs} / {@code saliency_images}. */
    private static Map<String, String> scores() {
        List<String> columns = List.of("mae", "max_f", "mean_f", "adp_f", "wf", "s", "max_e", "mean_e", "adp_e");
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            m.put(SaliencyResult.SCORES.get(i), columns.get(i));
        }
        return Collections.unmodifiableMap(m);
    }

    static ReportData build(SparkSession spark, ReportConfig cfg, ReportTableReader tables, Dataset<Row> cityscapesRuns) {
        Dataset<Row> runs = tables.all(SaliencyEvaluateStep.RUNS).drop("config_json");
        List<Row> latest = runs.orderBy(col("finished_at").desc(), col("run_id").desc()).limit(ReportStep.HISTORY_RUNS)
                .collectAsList();
        if (latest.isEmpty()) {
            throw new IllegalArgumentException("the saliency_runs table under " + cfg.reports() + " is empty: no committed run to show");
        }
        Row run = cfg.runId() == null ? latest.get(0) : find(runs, cfg.runId(), latest, cfg.reports(), null);
        Row compare = cfg.compareTo() == null ? null : find(runs, cfg.compareTo(), latest, cfg.reports(), cityscapesRuns);
        String id = run.getAs("run_id");
        if (compare != null && compare.getAs("run_id").equals(id)) {
            throw new IllegalArgumentException("--compare-to names the run shown (" + id + "): compare with another run");
        }
        List<ReportData.SaliencyRun> history = new ArrayList<>();
        for (Row r : latest) {
            history.add(new ReportData.SaliencyRun(r.getAs("run_id"), ReportTableReader.time(r, "finished_at"), scoresOf(r)));
        }
        Collections.reverse(history);

        String gt = cfg.gt() != null ? cfg.gt() : run.getAs("gt_uri");
        String pred = cfg.pred() != null ? cfg.pred() : run.getAs("pred_uri");
        List<String> notes = new ArrayList<>();
        String images = images(spark, cfg, gt, notes);
        ReportData.Saliency saliency = new ReportData.Saliency(pred, images, ((Number) run.getAs("images_resized")).longValue(),
                scoresOf(run), compare == null ? Map.of() : scoresOf(compare), curve(tables, id),
                compare == null ? List.of() : curve(tables, compare.getAs("run_id")), histograms(tables, id), history);
        ReportData.Run shown = ReportTableReader.toRun(run);
        return new ReportData("segpipe " + CodeVersion.get(), Instant.now().toString(), tables.root(), shown,
                compare == null ? null : ReportTableReader.toRun(compare), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), worst(spark, tables, cfg, id, gt, pred, images, notes),
                ReportStep.problems(tables, shown), saliency);
    }

    private static Row find(Dataset<Row> runs, String runId, List<Row> latest, String reports, Dataset<Row> otherKind) {
        List<Row> found = runs.filter(col("run_id").equalTo(runId)).collectAsList();
        if (!found.isEmpty()) {
            return found.get(0);
        }
        if (otherKind != null && !otherKind.filter(col("run_id").equalTo(runId)).isEmpty()) {
            throw new IllegalArgumentException("run '" + runId + "' is a Cityscapes run and the run shown a saliency run: "
                    + "compare saliency runs with saliency runs");
        }
        List<String> ids = latest.stream().limit(10).map(r -> r.<String>getAs("run_id")).toList();
        throw new IllegalArgumentException("run '" + runId + "' is not a committed saliency run under " + reports
                + " (no row in saliency_runs); the latest are: " + String.join(", ", ids));
    }

    /** The nine scores of a {@code saliency_runs} row by name; null where undefined. */
    private static Map<String, Double> scoresOf(Row r) {
        Map<String, Double> out = new LinkedHashMap<>();
        METRICS.forEach((name, column) -> {
            Object v = r.getAs(column);
            double d = v == null ? Double.NaN : ((Number) v).doubleValue();
            out.put(name, Double.isFinite(d) ? d : null);
        });
        return out;
    }

    private static List<double[]> curve(ReportTableReader tables, String runId) {
        Dataset<Row> c = tables.run(SaliencyEvaluateStep.CURVES, runId);
        List<double[]> out = new ArrayList<>();
        if (c != null) {
            for (Row r : c.select("threshold", "precision", "recall", "f", "e").orderBy("threshold").collectAsList()) {
                out.add(new double[] {r.getInt(0), round(r.getDouble(1)), round(r.getDouble(2)), round(r.getDouble(3)),
                    round(r.getDouble(4))});
            }
        }
        return out;
    }

    /** All histograms in one pass over {@code saliency_images}: one sum per metric and bin. */
    private static List<ReportData.Histogram> histograms(ReportTableReader tables, String runId) {
        Dataset<Row> im = tables.run(SaliencyEvaluateStep.IMAGES, runId);
        List<ReportData.Histogram> out = new ArrayList<>();
        if (im == null) {
            return out;
        }
        List<Column> sums = new ArrayList<>();
        for (String name : HISTOGRAMS) {
            Column v = col(METRICS.get(name));
            Column bin = least(floor(v.multiply(BINS)), lit(BINS - 1));
            for (int b = 0; b < BINS; b++) {
                sums.add(sum(when(v.isNotNull().and(bin.equalTo(b)), 1L).otherwise(0L)));
            }
        }
        Row r = im.agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new)).first();
        for (int m = 0; m < HISTOGRAMS.size(); m++) {
            long[] counts = new long[BINS];
            for (int b = 0; b < BINS; b++) {
                counts[b] = r.isNullAt(m * BINS + b) ? 0 : r.getLong(m * BINS + b);
            }
            out.add(new ReportData.Histogram(HISTOGRAMS.get(m), counts));
        }
        return out;
    }

    /** The photos: report.images, else an {@code images} folder beside the masks folder when there is one. */
    private static String images(SparkSession spark, ReportConfig cfg, String masks, List<String> notes) {
        if (cfg.images() != null) {
            return cfg.images();
        }
        if (masks == null) {
            return null;
        }
        // by string, so the folder keeps the spelling of the masks' URI (file:///..., s3a://...)
        String folder = masks.replaceAll("/+$", "");
        int slash = folder.lastIndexOf('/');
        if (slash > 0 && !folder.substring(0, slash).endsWith("/")) {
            String beside = folder.substring(0, slash) + "/images";
            if (HadoopFiles.exists(beside, spark.sparkContext().hadoopConfiguration())) {
                return beside;
            }
        }
        notes.add("No photos: there is no images folder beside " + masks + "; give --images DIR (report.images) to draw the "
                + "worst images on them. The masks are shown underneath instead.");
        return null;
    }

    /** The worst images by the highest per-image MAE, ties by key. */
    private static ReportData.WorstImages worst(SparkSession spark, ReportTableReader tables, ReportConfig cfg, String runId,
                                                String gt, String pred, String images, List<String> notes) {
        String ranking = "highest per-image MAE (the mean of |prediction − mask| over the pixels, the prediction min-max scaled)";
        if (cfg.worstImages() == 0) {
            return new ReportData.WorstImages("", "", List.of(), List.of());
        }
        Dataset<Row> im = tables.run(SaliencyEvaluateStep.IMAGES, runId);
        if (im == null) {
            return new ReportData.WorstImages(ranking, "MAE", List.of(), List.of("No saliency_images table under " + cfg.reports()
                    + ": the worst images cannot be ranked."));
        }
        List<Row> worst = im.filter(col("mae").isNotNull()).orderBy(col("mae").desc(), col("image_key").asc())
                .limit(cfg.worstImages()).collectAsList();
        List<String> keys = worst.stream().map(r -> r.<String>getAs("image_key")).toList();
        Map<String, ImageLayers.Result> pictures = new TreeMap<>();
        if (gt == null || !HadoopFiles.exists(gt, spark.sparkContext().hadoopConfiguration())) {
            notes.add("No pictures: the masks folder " + gt + " is not there any more; give --gt URI (report.gt) to draw the "
                    + "worst images from where it is now.");
        } else {
            pictures = SaliencyWorstPictures.draw(spark, gt, pred, images, keys, cfg.tileWidth());
        }
        List<ReportData.ImageCard> cards = new ArrayList<>();
        for (Row r : worst) {
            String key = r.getAs("image_key");
            ImageLayers.Result p = pictures.getOrDefault(key, new ImageLayers.Result(0, 0, Map.of(), List.of()));
            Map<String, Object> stats = ReportTableReader.asMap(r, List.of("run_id", "image_key"));
            cards.add(new ReportData.ImageCard(key, null, r.<Double>getAs("mae"), stats, List.of(), p.width(), p.height(),
                    p.layers(), p.notes()));
        }
        return new ReportData.WorstImages(ranking, "MAE", cards, notes);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
