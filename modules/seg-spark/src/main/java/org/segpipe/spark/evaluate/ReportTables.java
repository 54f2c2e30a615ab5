package org.segpipe.spark.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.evaluate.EvaluationReport;
import org.segpipe.core.metrics.coco.CocoCategoryResult;
import org.segpipe.core.metrics.coco.CocoParams;
import org.segpipe.core.metrics.coco.CocoResult;
import org.segpipe.core.metrics.instance.CityscapesProtocol;
import org.segpipe.core.metrics.instance.InstanceResult;
import org.segpipe.core.metrics.panoptic.PanopticResult;
import org.segpipe.core.metrics.semantic.SemanticCounts;
import org.segpipe.core.metrics.semantic.SemanticResult;

/**
 * The Parquet report: table names, their schemas (documented in the module README) and the rows
 * built on the driver from the final numbers (all small: their size never depends on the number of
 * images). Every table is partitioned by {@code run_id}; a run replaces only its own partitions.
 */
public final class ReportTables {

    public static final String RUNS = "runs";
    public static final String IMAGES = "images";
    public static final String IMAGE_METRICS = "image_metrics";
    public static final String CLASS_METRICS = "class_metrics";
    public static final String THRESHOLD_COUNTS = "threshold_counts";
    public static final String PR_CURVE = "pr_curve";
    public static final String CONFUSION_MATRIX = "confusion_matrix";
    public static final String PANOPTIC = "panoptic";
    public static final String PROBLEMS = "problems";

    /** Written in this order; {@code runs} last, as the commit marker of a run. */
    public static final List<String> ORDER = List.of(IMAGES, IMAGE_METRICS, PROBLEMS, CLASS_METRICS, THRESHOLD_COUNTS,
            PR_CURVE, CONFUSION_MATRIX, PANOPTIC, RUNS);

    /** Writes one table's rows for a run. */
    public interface TableWriter {
        void write(String out, String table, Dataset<Row> rows, String runId);
    }

    /** Parquet under {@code out/table/run_id=ID/}, replacing only that partition (dynamic overwrite). */
    public static final TableWriter PARQUET = (out, table, rows, runId) -> org.segpipe.spark.Faults.traced(rows,
                    "report.write").withColumn("run_id", lit(runId))
            .write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic").partitionBy("run_id")
            .parquet(out + "/" + table);

    static final StructType RUNS_SCHEMA = new StructType()
            .add("started_at", DataTypes.TimestampType, false)
            .add("finished_at", DataTypes.TimestampType, false)
            .add("code_version", DataTypes.StringType, false)
            .add("config_hash", DataTypes.StringType, false)
            .add("config_json", DataTypes.StringType, false)
            .add("gt_uri", DataTypes.StringType, false)
            .add("split", DataTypes.StringType, false)
            .add("semantic_uri", DataTypes.StringType, true)
            .add("instances_uri", DataTypes.StringType, true)
            .add("panoptic_uri", DataTypes.StringType, true)
            .add("input_fingerprint", DataTypes.StringType, false)
            .add("images_total", DataTypes.LongType, false)
            .add("images_evaluated", DataTypes.LongType, false)
            .add("images_rejected", DataTypes.LongType, false)
            .add("semantic_files", DataTypes.LongType, true)
            .add("instance_files", DataTypes.LongType, true)
            .add("panoptic_annotations", DataTypes.LongType, true)
            .add("instance_predictions", DataTypes.LongType, false)
            .add("problems", DataTypes.LongType, false)
            .add("problem_counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), false)
            .add("miou", DataTypes.DoubleType, true)
            .add("iiou", DataTypes.DoubleType, true)
            .add("instance_ap", DataTypes.DoubleType, true)
            .add("instance_ap50", DataTypes.DoubleType, true)
            .add("coco_ap", DataTypes.DoubleType, true)
            .add("pq", DataTypes.DoubleType, true);

    static final StructType CLASS_METRICS_SCHEMA = new StructType()
            .add("protocol", DataTypes.StringType, false)
            .add("scope", DataTypes.StringType, false)
            .add("name", DataTypes.StringType, false)
            .add("label_id", DataTypes.IntegerType, true)
            .add("metric", DataTypes.StringType, false)
            .add("value", DataTypes.DoubleType, true);

    static final StructType THRESHOLD_COUNTS_SCHEMA = new StructType()
            .add("protocol", DataTypes.StringType, false)
            .add("class_name", DataTypes.StringType, false)
            .add("label_id", DataTypes.IntegerType, false)
            .add("iou_threshold", DataTypes.DoubleType, false)
            .add("tp", DataTypes.LongType, false)
            .add("fp", DataTypes.LongType, false)
            .add("fn", DataTypes.LongType, false)
            .add("precision", DataTypes.DoubleType, true)
            .add("recall", DataTypes.DoubleType, true)
            .add("ap", DataTypes.DoubleType, true);

    static final StructType PR_CURVE_SCHEMA = new StructType()
            .add("protocol", DataTypes.StringType, false)
            .add("class_name", DataTypes.StringType, false)
            .add("label_id", DataTypes.IntegerType, false)
            .add("iou_threshold", DataTypes.DoubleType, false)
            .add("point", DataTypes.IntegerType, false)
            .add("score", DataTypes.DoubleType, true)
            .add("precision", DataTypes.DoubleType, false)
            .add("recall", DataTypes.DoubleType, false);

    static final StructType CONFUSION_SCHEMA = new StructType()
            .add("gt_label_id", DataTypes.IntegerType, false)
            .add("gt_name", DataTypes.StringType, false)
            .add("pred_label_id", DataTypes.IntegerType, false)
            .add("pred_name", DataTypes.StringType, false)
            .add("pixels", DataTypes.LongType, false);

    static final StructType PANOPTIC_SCHEMA = new StructType()
            .add("scope", DataTypes.StringType, false)
            .add("name", DataTypes.StringType, false)
            .add("label_id", DataTypes.IntegerType, true)
            .add("is_thing", DataTypes.BooleanType, true)
            .add("pq", DataTypes.DoubleType, true)
            .add("sq", DataTypes.DoubleType, true)
            .add("rq", DataTypes.DoubleType, true)
            .add("tp", DataTypes.LongType, true)
            .add("fp", DataTypes.LongType, true)
            .add("fn", DataTypes.LongType, true)
            .add("iou_sum", DataTypes.DoubleType, true)
            .add("n", DataTypes.IntegerType, true);

    private ReportTables() {
    }

    static Double v(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }

    /** The per-image summary rows. */
    static Dataset<Row> images(Dataset<Row> eval) {
        return eval.filter(col("kind").equalTo(EvaluationRows.IMAGE)).select(col("image_key"), col("city"), col("split"),
                col("width"), col("height"), col("evaluated"), col("pixel_accuracy"), col("miou"), col("gt_instances"),
                col("instance_tp"), col("instance_predictions"), col("pq"), col("problem_count").as("problems"));
    }

    static Dataset<Row> imageMetrics(Dataset<Row> eval) {
        return eval.filter(col("kind").equalTo(EvaluationRows.METRIC)).select(col("image_key"), col("city"), col("protocol"),
                col("class_name"), col("label_id"), col("unit"), col("tp"), col("fp"), col("fn"), col("iou"), col("iou_sum"),
                col("pq"));
    }

    static Dataset<Row> problems(Dataset<Row> problemRows) {
        return problemRows.select(col("path"), col("line"), col("image_key"), col("input"), col("problem_kind").as("kind"),
                col("reason"));
    }

    static Dataset<Row> classMetrics(SparkSession spark, EvaluationReport r) {
        List<Row> rows = new ArrayList<>();
        if (r.semantic() != null) {
            SemanticResult s = r.semantic();
            String p = "semantic";
            overall(rows, p, "all", Map.of("miou", s.miou(), "iiou", s.iiou(), "miou_categories", s.miouCategories(),
                    "iiou_categories", s.iiouCategories(), "pixel_accuracy", s.pixelAccuracy(), "mean_class_accuracy",
                    s.meanClassAccuracy(), "fw_iou", s.frequencyWeightedIou()));
            for (SemanticResult.ClassScore c : s.classes()) {
                metric(rows, p, "class", c.name(), c.labelId(), "iou", c.iou());
                metric(rows, p, "class", c.name(), c.labelId(), "iiou", c.iiou());
                metric(rows, p, "class", c.name(), c.labelId(), "dice", c.dice());
                metric(rows, p, "class", c.name(), c.labelId(), "precision", c.precision());
                metric(rows, p, "class", c.name(), c.labelId(), "accuracy", c.accuracy());
                metric(rows, p, "class", c.name(), c.labelId(), "tp", c.tp());
                metric(rows, p, "class", c.name(), c.labelId(), "fp", c.fp());
                metric(rows, p, "class", c.name(), c.labelId(), "fn", c.fn());
            }
            for (SemanticResult.CategoryScore c : s.categories()) {
                metric(rows, p, "category", c.name(), null, "iou", c.iou());
                metric(rows, p, "category", c.name(), null, "iiou", c.iiou());
            }
        }
        if (r.instance() != null) {
            InstanceResult in = r.instance();
            overall(rows, "instance", "all", Map.of("ap", in.ap(), "ap50", in.ap50()));
            for (InstanceResult.ClassAp c : in.classes()) {
                metric(rows, "instance", "class", c.name(), c.labelId(), "ap", c.ap());
                metric(rows, "instance", "class", c.name(), c.labelId(), "ap50", c.ap50());
            }
        }
        if (r.coco() != null) {
            CocoResult c = r.coco();
            overall(rows, "coco", "all", Map.ofEntries(Map.entry("ap", c.ap()), Map.entry("ap50", c.ap50()),
                    Map.entry("ap75", c.ap75()), Map.entry("ap_small", c.apSmall()), Map.entry("ap_medium", c.apMedium()),
                    Map.entry("ap_large", c.apLarge()), Map.entry("ar1", c.ar1()), Map.entry("ar10", c.ar10()),
                    Map.entry("ar100", c.ar100()), Map.entry("ar_small", c.arSmall()), Map.entry("ar_medium", c.arMedium()),
                    Map.entry("ar_large", c.arLarge())));
            for (CocoResult.ClassCoco k : c.classes()) {
                metric(rows, "coco", "class", k.name(), k.labelId(), "ap", k.ap());
                metric(rows, "coco", "class", k.name(), k.labelId(), "ap50", k.ap50());
                metric(rows, "coco", "class", k.name(), k.labelId(), "ap75", k.ap75());
                metric(rows, "coco", "class", k.name(), k.labelId(), "ar100", k.ar100());
            }
        }
        if (r.panoptic() != null) {
            PanopticResult pr = r.panoptic();
            for (var e : List.of(Map.entry("all", pr.all()), Map.entry("things", pr.things()), Map.entry("stuff", pr.stuff()))) {
                overall(rows, "panoptic", e.getKey(), Map.of("pq", e.getValue().pq(), "sq", e.getValue().sq(), "rq",
                        e.getValue().rq(), "n", (double) e.getValue().n()));
            }
            for (PanopticResult.ClassPq c : pr.classes()) {
                metric(rows, "panoptic", "class", c.name(), c.labelId(), "pq", c.pq());
                metric(rows, "panoptic", "class", c.name(), c.labelId(), "sq", c.sq());
                metric(rows, "panoptic", "class", c.name(), c.labelId(), "rq", c.rq());
            }
        }
        return spark.createDataFrame(rows, CLASS_METRICS_SCHEMA);
    }

    private static void overall(List<Row> rows, String protocol, String name, Map<String, Double> metrics) {
        new java.util.TreeMap<>(metrics).forEach((m, value) -> metric(rows, protocol, "overall", name, null, m, value));
    }

    private static void metric(List<Row> rows, String protocol, String scope, String name, Integer labelId, String metric,
                               double value) {
        rows.add(RowFactory.create(protocol, scope, name, labelId, metric, v(value)));
    }

    static Dataset<Row> thresholdCounts(SparkSession spark, EvaluationReport r) {
        List<Row> rows = new ArrayList<>();
        if (r.instance() != null) {
            for (InstanceResult.ClassAp c : r.instance().classes()) {
                for (int t = 0; t < CityscapesProtocol.thresholdCount(); t++) {
                    rows.add(counts("instance", c.name(), c.labelId(), CityscapesProtocol.nominalOverlap(t), c.tp()[t], c.fp()[t],
                            c.fn()[t], c.apPerThreshold()[t]));
                }
            }
        }
        if (r.coco() != null) {
            for (CocoResult.ClassCoco k : r.coco().classes()) {
                CocoCategoryResult cat = r.coco().categories().get(CityscapesProtocol.classIndex(k.labelId()));
                for (int t = 0; t < CocoParams.thresholdCount(); t++) {
                    rows.add(counts("coco", k.name(), k.labelId(), CocoParams.nominalIouThreshold(t), k.tp()[t], k.fp()[t],
                            k.fn()[t], meanPrecision(cat, t)));
                }
            }
        }
        return spark.createDataFrame(rows, THRESHOLD_COUNTS_SCHEMA);
    }

    /** COCO AP of one category at one threshold (area all, 100 detections): mean over the 101 recall points. */
    private static double meanPrecision(CocoCategoryResult cat, int t) {
        double[] q = cat.precision()[CocoParams.AREA_ALL][CocoParams.MAX_DET_100][t];
        if (q[0] < 0) {
            return Double.NaN;
        }
        return org.segpipe.core.metrics.NumpyMath.mean(q);
    }

    private static Row counts(String protocol, String name, int labelId, double threshold, long tp, long fp, long fn, double ap) {
        return RowFactory.create(protocol, name, labelId, threshold, tp, fp, fn, tp + fp == 0 ? null : (double) tp / (tp + fp),
                tp + fn == 0 ? null : (double) tp / (tp + fn), v(ap));
    }

    /** COCO's interpolated curves (area all, 100 detections): 101 points per category and threshold. */
    static Dataset<Row> cocoCurves(SparkSession spark, EvaluationReport r) {
        List<Row> rows = new ArrayList<>();
        if (r.coco() != null) {
            for (CocoCategoryResult cat : r.coco().categories()) {
                var label = CityscapesProtocol.classes().get(cat.categoryIndex());
                if (cat.npig()[CocoParams.AREA_ALL] == 0) {
                    continue;
                }
                for (int t = 0; t < CocoParams.thresholdCount(); t++) {
                    for (int p = 0; p < CocoParams.recallCount(); p++) {
                        rows.add(RowFactory.create("coco", label.name(), label.id(), CocoParams.nominalIouThreshold(t), p,
                                cat.scores()[CocoParams.AREA_ALL][CocoParams.MAX_DET_100][t][p],
                                cat.precision()[CocoParams.AREA_ALL][CocoParams.MAX_DET_100][t][p],
                                CocoParams.recallThreshold(p)));
                    }
                }
            }
        }
        return spark.createDataFrame(rows, PR_CURVE_SCHEMA);
    }

    static Dataset<Row> confusion(SparkSession spark, SemanticCounts c) {
        List<Row> rows = new ArrayList<>();
        for (int g = 0; g < SemanticCounts.N; g++) {
            for (int p = 0; p < SemanticCounts.N; p++) {
                long n = c.cell(g, p);
                if (n > 0) {
                    rows.add(RowFactory.create(g, CityscapesLabels.byId(g).name(), p, CityscapesLabels.byId(p).name(), n));
                }
            }
        }
        return spark.createDataFrame(rows, CONFUSION_SCHEMA);
    }

    static Dataset<Row> panoptic(SparkSession spark, PanopticResult p) {
        List<Row> rows = new ArrayList<>();
        for (var e : List.of(Map.entry("all", p.all()), Map.entry("things", p.things()), Map.entry("stuff", p.stuff()))) {
            PanopticResult.Average a = e.getValue();
            rows.add(RowFactory.create(e.getKey(), e.getKey(), null, null, v(a.pq()), v(a.sq()), v(a.rq()), null, null, null,
                    null, a.n()));
        }
        for (PanopticResult.ClassPq c : p.classes()) {
            rows.add(RowFactory.create("class", c.name(), c.labelId(), c.isThing(), v(c.pq()), v(c.sq()), v(c.rq()), c.tp(),
                    c.fp(), c.fn(), c.iouSum(), null));
        }
        return spark.createDataFrame(rows, PANOPTIC_SCHEMA);
    }

    static Dataset<Row> runs(SparkSession spark, Object[] values) {
        return spark.createDataFrame(List.of(RowFactory.create(values)), RUNS_SCHEMA);
    }

    static Timestamp timestamp(java.time.Instant i) {
        return Timestamp.from(i);
    }
}
