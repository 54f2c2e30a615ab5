package org.segpipe.spark.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.Label;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.provenance.CodeVersion;
import org.segpipe.core.report.Deltas;
import org.segpipe.core.report.ImageLayers;
import org.segpipe.core.report.ReportConfig;
import org.segpipe.core.report.ReportData;
import org.segpipe.core.report.ReportPage;
import org.segpipe.spark.evaluate.ReportTables;
import org.segpipe.spark.evaluate.SaliencyEvaluateStep;

/**
 * {@code seg report}: one run of a reports folder (the latest committed one unless told) as a
 * self-contained HTML page ({@link ReportPage}).
 *
 * <p>Only committed runs (a row in {@code runs}) can be shown or compared. Every table is read with
 * the run as a partition filter, and only small things come to the driver: the per-class and
 * per-threshold rows, the confusion cells, precision-recall curves thinned to at most
 * {@link #CURVE_POINTS} points each (in Spark), the first {@link #PROBLEM_ROWS} problems, and the
 * {@code report.worst-images} worst images, ranked in Spark from {@code image_metrics} and drawn on
 * executors ({@link WorstImagePictures}).
 */
public final class ReportStep {

    /** Most points kept per precision-recall curve. */
    public static final int CURVE_POINTS = 200;
    /** Problems listed on the page (all are counted). */
    public static final int PROBLEM_ROWS = 100;
    /** Runs shown in the across-runs chart (the latest). */
    public static final int HISTORY_RUNS = 200;

    /**
     * What a report holds.
     *
     * @param bytes size of the HTML written
     */
    public record Result(String runId, String compareTo, String out, long bytes, ReportData data) {
    }

    private ReportStep() {
    }

    public static Result run(SparkSession spark, ReportConfig cfg) {
        String html;
        ReportData data = build(spark, cfg);
        html = ReportPage.render(data);
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        Path out = new Path(cfg.out());
        try (OutputStream o = out.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(out, true)) {
            o.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + cfg.out() + ": " + e.getMessage(), e);
        }
        return new Result(data.run().runId(), data.compareTo() == null ? null : data.compareTo().runId(), cfg.out(),
                bytes.length, data);
    }

    /** The page model, without writing anything. */
    public static ReportData build(SparkSession spark, ReportConfig cfg) {
        ReportTableReader tables = new ReportTableReader(spark, cfg.reports());
        Dataset<Row> runs = tables.all(ReportTables.RUNS);
        Dataset<Row> saliencyRuns = tables.all(SaliencyEvaluateStep.RUNS);
        if (runs == null && saliencyRuns == null) {
            throw new IllegalArgumentException("no runs table under " + cfg.reports() + ": expected the folder that seg evaluate "
                    + "--out wrote (runs/, class_metrics/, ... or saliency_runs/, saliency_images/, ... partitioned by run_id)");
        }
        if (showsSaliencyRun(runs, saliencyRuns, cfg.runId())) {
            return SaliencyReport.build(spark, cfg, tables, runs);
        }
        Dataset<Row> runColumns = runs.drop("config_json");
        List<Row> latest = runColumns.orderBy(col("finished_at").desc(), col("run_id").desc()).limit(HISTORY_RUNS).collectAsList();
        if (latest.isEmpty()) {
            throw new IllegalArgumentException("the runs table under " + cfg.reports() + " is empty: no committed run to show");
        }
        ReportData.Run run = findRun(runColumns, cfg.runId(), latest, cfg.reports());
        ReportData.Run compareTo = cfg.compareTo() == null ? null : findRun(runColumns, cfg.compareTo(), latest, cfg.reports());
        if (compareTo != null && compareTo.runId().equals(run.runId())) {
            throw new IllegalArgumentException("--compare-to names the run shown (" + run.runId() + "): compare with another run");
        }
        List<ReportData.Run> history = new ArrayList<>();
        for (Row r : latest) {
            history.add(ReportTableReader.toRun(r));
        }
        Collections.reverse(history);

        String id = run.runId();
        List<ReportData.Metric> metrics = ReportTableReader.metrics(tables.run(ReportTables.CLASS_METRICS, id));
        List<ReportData.Metric> compareMetrics = compareTo == null ? List.of()
                : ReportTableReader.metrics(tables.run(ReportTables.CLASS_METRICS, compareTo.runId()));
        String configJson = runs.filter(col("run_id").equalTo(id)).select("config_json").first().getString(0);

        return new ReportData("segpipe " + CodeVersion.get(), Instant.now().toString(), tables.root(), run, compareTo,
                classes(), metrics, compareMetrics, Deltas.of(metrics, compareMetrics), thresholds(tables, id), curves(tables, id),
                confusion(tables, id), panoptic(tables, id), history, worst(spark, tables, cfg, run, metrics, configJson),
                problems(tables, run), null);
    }

    /**
     * Whether the run to show is a saliency run: the one named, else the latest committed run of
     * either kind (a folder may hold both, e.g. the reports of several pipelines).
     */
    static boolean showsSaliencyRun(Dataset<Row> runs, Dataset<Row> saliencyRuns, String runId) {
        if (saliencyRuns == null) {
            return false;
        }
        if (runs == null) {
            return true;
        }
        if (runId != null) {
            return runs.filter(col("run_id").equalTo(runId)).isEmpty() && !saliencyRuns.filter(col("run_id").equalTo(runId)).isEmpty();
        }
        Row a = runs.agg(max("finished_at")).first();
        Row b = saliencyRuns.agg(max("finished_at")).first();
        return !b.isNullAt(0) && (a.isNullAt(0) || b.getTimestamp(0).after(a.getTimestamp(0)));
    }

    private static ReportData.Run findRun(Dataset<Row> runs, String runId, List<Row> latest, String reports) {
        if (runId == null) {
            return ReportTableReader.toRun(latest.get(0));
        }
        List<Row> found = runs.filter(col("run_id").equalTo(runId)).collectAsList();
        if (found.isEmpty()) {
            List<String> ids = latest.stream().limit(10).map(r -> r.<String>getAs("run_id")).toList();
            throw new IllegalArgumentException("run '" + runId + "' is not a committed run under " + reports
                    + " (no row in runs); the latest are: " + String.join(", ", ids));
        }
        return ReportTableReader.toRun(found.get(0));
    }

    private static List<ReportData.ClassInfo> classes() {
        List<ReportData.ClassInfo> out = new ArrayList<>();
        for (Label l : CityscapesLabels.withIds()) {
            out.add(new ReportData.ClassInfo(l.id(), l.name(), l.category(), String.format("#%06x", l.color()), l.hasInstances(),
                    l.ignoreInEval()));
        }
        return out;
    }

    private static List<ReportData.ThresholdRow> thresholds(ReportTableReader tables, String id) {
        Dataset<Row> t = tables.run(ReportTables.THRESHOLD_COUNTS, id);
        List<ReportData.ThresholdRow> out = new ArrayList<>();
        if (t == null) {
            return out;
        }
        for (Row r : t.select("protocol", "class_name", "label_id", "iou_threshold", "tp", "fp", "fn", "precision", "recall", "ap")
                .orderBy("protocol", "label_id", "iou_threshold").collectAsList()) {
            out.add(new ReportData.ThresholdRow(r.getString(0), r.getString(1), r.getInt(2), r.getDouble(3), r.getLong(4),
                    r.getLong(5), r.getLong(6), nullable(r, 7), nullable(r, 8), nullable(r, 9)));
        }
        return out;
    }

    /** Curves thinned in Spark to at most {@link #CURVE_POINTS} points (every k-th, and the last). */
    private static List<ReportData.Curve> curves(ReportTableReader tables, String id) {
        Dataset<Row> c = tables.run(ReportTables.PR_CURVE, id);
        List<ReportData.Curve> out = new ArrayList<>();
        if (c == null) {
            return out;
        }
        WindowSpec w = Window.partitionBy("protocol", "label_id", "iou_threshold");
        Dataset<Row> thin = c.withColumn("n", count(lit(1)).over(w))
                .withColumn("step", ceil(col("n").divide(CURVE_POINTS)))
                .filter(expr("point % step = 0 OR point = n - 1"))
                .select("protocol", "class_name", "label_id", "iou_threshold", "point", "recall", "precision", "n")
                .orderBy("protocol", "label_id", "iou_threshold", "point");
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : thin.collectAsList()) {
            groups.computeIfAbsent(r.getString(0) + "/" + r.getInt(2) + "/" + r.getDouble(3), k -> new ArrayList<>()).add(r);
        }
        for (List<Row> g : groups.values()) {
            Row first = g.get(0);
            List<double[]> points = new ArrayList<>(g.size());
            for (Row r : g) {
                points.add(new double[] {round(r.getDouble(5)), round(r.getDouble(6))});
            }
            out.add(new ReportData.Curve(first.getString(0), first.getString(1), first.getInt(2), first.getDouble(3), points,
                    (int) first.getLong(7)));
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }

    private static List<ReportData.ConfusionCell> confusion(ReportTableReader tables, String id) {
        Dataset<Row> c = tables.run(ReportTables.CONFUSION_MATRIX, id);
        List<ReportData.ConfusionCell> out = new ArrayList<>();
        if (c != null) {
            for (Row r : c.select("gt_label_id", "pred_label_id", "pixels").orderBy("gt_label_id", "pred_label_id").collectAsList()) {
                out.add(new ReportData.ConfusionCell(r.getInt(0), r.getInt(1), r.getLong(2)));
            }
        }
        return out;
    }

    private static List<ReportData.PanopticRow> panoptic(ReportTableReader tables, String id) {
        Dataset<Row> p = tables.run(ReportTables.PANOPTIC, id);
        List<ReportData.PanopticRow> out = new ArrayList<>();
        if (p == null) {
            return out;
        }
        List<Row> rows = new ArrayList<>(p.select("scope", "name", "label_id", "is_thing", "pq", "sq", "rq", "tp", "fp", "fn")
                .collectAsList());
        rows.sort((a, b) -> {
            int sa = a.getString(0).equals("class") ? 1 : 0;
            int sb = b.getString(0).equals("class") ? 1 : 0;
            if (sa != sb) {
                return Integer.compare(sa, sb);
            }
            return sa == 0 ? List.of("all", "things", "stuff").indexOf(a.getString(0)) - List.of("all", "things", "stuff")
                    .indexOf(b.getString(0)) : Integer.compare(a.getInt(2), b.getInt(2));
        });
        for (Row r : rows) {
            out.add(new ReportData.PanopticRow(r.getString(0), r.getString(1), r.isNullAt(2) ? null : r.getInt(2),
                    r.isNullAt(3) ? null : r.getBoolean(3), nullable(r, 4), nullable(r, 5), nullable(r, 6),
                    r.isNullAt(7) ? null : r.getLong(7), r.isNullAt(8) ? null : r.getLong(8), r.isNullAt(9) ? null : r.getLong(9)));
        }
        return out;
    }

    static ReportData.Problems problems(ReportTableReader tables, ReportData.Run run) {
        List<ReportData.ProblemRow> first = new ArrayList<>();
        Dataset<Row> p = run.problems() == 0 ? null : tables.run(ReportTables.PROBLEMS, run.runId());
        if (p != null) {
            for (Row r : p.select("kind", "input", "path", "line", "image_key", "reason")
                    .orderBy(col("kind"), col("path"), col("line")).limit(PROBLEM_ROWS).collectAsList()) {
                first.add(new ReportData.ProblemRow(r.getString(0), r.getString(1), r.getString(2), r.isNullAt(3) ? null : r.getInt(3),
                        r.getString(4), r.getString(5)));
            }
        }
        return new ReportData.Problems(run.problems(), new TreeMap<>(run.problemCounts()), first);
    }

    /**
     * The worst images by the first protocol the run has: semantic (lowest mean IoU over the
     * image's classes), else Cityscapes instances (lowest F1 at overlap 0.5, 2TP / (2TP + FP + FN)
     * over the image's classes), else panoptic (lowest mean PQ over the image's classes); ties by key.
     */
    private static ReportData.WorstImages worst(SparkSession spark, ReportTableReader tables, ReportConfig cfg,
                                                ReportData.Run run, List<ReportData.Metric> metrics, String configJson) {
        Dataset<Row> im = tables.run(ReportTables.IMAGE_METRICS, run.runId());
        List<String> notes = new ArrayList<>();
        if (cfg.worstImages() == 0) {
            return new ReportData.WorstImages("", "", List.of(), List.of());
        }
        if (im == null) {
            return new ReportData.WorstImages("", "", List.of(), List.of("No image_metrics table under " + cfg.reports()
                    + ": the worst images cannot be ranked."));
        }
        String ranking;
        String metric;
        Dataset<Row> scored;
        if (metrics.stream().anyMatch(m -> m.protocol().equals("semantic"))) {
            ranking = "lowest per-image mIoU (mean IoU over the classes in the image's ground truth or prediction)";
            metric = "mIoU";
            scored = im.filter(col("protocol").equalTo("semantic")).groupBy("image_key", "city").agg(avg("iou").as("score"));
        } else if (metrics.stream().anyMatch(m -> m.protocol().equals("instance"))) {
            ranking = "lowest instance F1 at overlap 0.5 (2·TP / (2·TP + FP + FN) over the image's instances, Cityscapes matching)";
            metric = "F1";
            scored = im.filter(col("protocol").equalTo("instance")).groupBy("image_key", "city")
                    .agg(sum("tp").as("tp"), sum("fp").as("fp"), sum("fn").as("fn"))
                    .withColumn("score", expr("IF(2 * tp + fp + fn = 0, NULL, CAST(2 * tp AS DOUBLE) / (2 * tp + fp + fn))"));
        } else {
            ranking = "lowest per-image PQ (mean PQ over the image's classes)";
            metric = "PQ";
            scored = im.filter(col("protocol").equalTo("panoptic").and(col("pq").isNotNull())).groupBy("image_key", "city")
                    .agg(avg("pq").as("score"));
        }
        List<Row> worst = scored.filter(col("score").isNotNull()).orderBy(col("score").asc(), col("image_key").asc())
                .limit(cfg.worstImages()).select("image_key", "city", "score").collectAsList();
        List<String> keys = worst.stream().map(r -> r.getString(0)).toList();
        if (keys.isEmpty()) {
            return new ReportData.WorstImages(ranking, metric, List.of(), List.of("No image has a " + metric + " to rank by."));
        }
        Object[] keyArray = keys.toArray();
        Map<String, Map<String, Object>> stats = new TreeMap<>();
        Dataset<Row> images = tables.run(ReportTables.IMAGES, run.runId());
        if (images != null) {
            for (Row r : images.filter(col("image_key").isin(keyArray)).collectAsList()) {
                stats.put(r.getAs("image_key"), ReportTableReader.asMap(r, List.of("run_id", "image_key", "city", "split")));
            }
        }
        Map<String, List<ReportData.ImageRow>> rows = new TreeMap<>();
        for (Row r : im.filter(col("image_key").isin(keyArray))
                .select("image_key", "protocol", "class_name", "label_id", "tp", "fp", "fn", "iou", "pq")
                .orderBy("image_key", "protocol", "label_id").collectAsList()) {
            rows.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(new ReportData.ImageRow(r.getString(1), r.getString(2),
                    r.getInt(3), r.getLong(4), r.getLong(5), r.getLong(6), nullable(r, 7), nullable(r, 8)));
        }
        WorstImagePictures.Inputs inputs = new WorstImagePictures.Inputs(or(cfg.gt(), run.gtUri()), Split.fromFolderName(run.split()),
                or(cfg.semantic(), run.semanticUri()), semanticTrainIds(configJson), or(cfg.instances(), run.instancesUri()),
                or(cfg.panoptic(), run.panopticUri()));
        WorstImagePictures.Pictures pictures = WorstImagePictures.draw(spark, inputs, keys, cfg.tileWidth(), cfg.minScore());
        notes.addAll(pictures.notes());
        List<ReportData.ImageCard> cards = new ArrayList<>();
        for (Row r : worst) {
            String key = r.getString(0);
            ImageLayers.Result p = pictures.byKey().getOrDefault(key, new ImageLayers.Result(0, 0, Map.of(), List.of()));
            Map<String, Object> s = new LinkedHashMap<>(stats.getOrDefault(key, Map.of()));
            s.put("min_score", cfg.minScore());
            cards.add(new ReportData.ImageCard(key, r.getString(1), r.getDouble(2), s, rows.getOrDefault(key, List.of()),
                    p.width(), p.height(), p.layers(), p.notes()));
        }
        return new ReportData.WorstImages(ranking, metric, cards, notes);
    }

    /** Whether the run read its semantic PNGs as train ids ({@code evaluate.semantic-ids} in its config). */
    static boolean semanticTrainIds(String configJson) {
        try {
            JsonNode n = new ObjectMapper().readTree(configJson).get("evaluate.semantic-ids");
            return n != null && "train-ids".equals(n.asText().trim());
        } catch (IOException e) {
            return false;
        }
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }

    private static Double nullable(Row r, int i) {
        if (r.isNullAt(i)) {
            return null;
        }
        double d = r.getDouble(i);
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }
}
