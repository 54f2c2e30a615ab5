package org.segpipe.spark.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.segpipe.core.evaluate.EvaluationTotals;
import org.segpipe.core.evaluate.ImageEvaluation;
import org.segpipe.core.evaluate.ImageMetric;
import org.segpipe.core.evaluate.ImageMetrics;
import org.segpipe.core.metrics.coco.CocoDetection;
import org.segpipe.core.metrics.instance.ScoredMatch;
import org.segpipe.core.results.EvalProblem;

/**
 * The one wide table the per-image stage emits (persisted once, then filtered by {@code kind}):
 * {@code image} rows, per-class {@code metric} rows, {@code problem} rows, {@code cs} rows (Cityscapes
 * entries counted per image, class, overlap and score), {@code coco} rows (matched detections) and
 * one {@code totals} row per partition holding the partition's merged totals as bytes.
 */
final class EvaluationRows {

    static final String IMAGE = "image";
    static final String METRIC = "metric";
    static final String PROBLEM = "problem";
    static final String CS = "cs";
    static final String COCO = "coco";
    static final String TOTALS = "totals";

    private static final String[] NAMES = {"kind", "image_key", "city", "split", "width", "height", "evaluated",
        "pixel_accuracy", "miou", "gt_instances", "instance_tp", "instance_predictions", "pq", "problem_count",
        "protocol", "class_name", "label_id", "unit", "tp", "fp", "fn", "iou", "iou_sum",
        "path", "line", "input", "problem_kind", "reason",
        "class_index", "threshold_index", "score", "trues", "falses",
        "seq", "frame", "rank", "area", "matched", "ignored",
        "totals"};

    static final StructType SCHEMA = new StructType()
            .add("kind", DataTypes.StringType, false)
            .add("image_key", DataTypes.StringType, true)
            .add("city", DataTypes.StringType, true)
            .add("split", DataTypes.StringType, true)
            .add("width", DataTypes.IntegerType, true)
            .add("height", DataTypes.IntegerType, true)
            .add("evaluated", DataTypes.BooleanType, true)
            .add("pixel_accuracy", DataTypes.DoubleType, true)
            .add("miou", DataTypes.DoubleType, true)
            .add("gt_instances", DataTypes.LongType, true)
            .add("instance_tp", DataTypes.LongType, true)
            .add("instance_predictions", DataTypes.LongType, true)
            .add("pq", DataTypes.DoubleType, true)
            .add("problem_count", DataTypes.IntegerType, true)
            .add("protocol", DataTypes.StringType, true)
            .add("class_name", DataTypes.StringType, true)
            .add("label_id", DataTypes.IntegerType, true)
            .add("unit", DataTypes.StringType, true)
            .add("tp", DataTypes.LongType, true)
            .add("fp", DataTypes.LongType, true)
            .add("fn", DataTypes.LongType, true)
            .add("iou", DataTypes.DoubleType, true)
            .add("iou_sum", DataTypes.DoubleType, true)
            .add("path", DataTypes.StringType, true)
            .add("line", DataTypes.IntegerType, true)
            .add("input", DataTypes.StringType, true)
            .add("problem_kind", DataTypes.StringType, true)
            .add("reason", DataTypes.StringType, true)
            .add("class_index", DataTypes.IntegerType, true)
            .add("threshold_index", DataTypes.IntegerType, true)
            .add("score", DataTypes.DoubleType, true)
            .add("trues", DataTypes.LongType, true)
            .add("falses", DataTypes.LongType, true)
            .add("seq", DataTypes.IntegerType, true)
            .add("frame", DataTypes.IntegerType, true)
            .add("rank", DataTypes.IntegerType, true)
            .add("area", DataTypes.LongType, true)
            .add("matched", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
            .add("ignored", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
            .add("totals", DataTypes.BinaryType, true);

    private EvaluationRows() {
    }

    private static Row row(String kind, Map<String, Object> values) {
        Object[] v = new Object[NAMES.length];
        v[0] = kind;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            int i = index(e.getKey());
            v[i] = e.getValue();
        }
        return RowFactory.create(v);
    }

    private static int index(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + name);
    }

    private static Double nan(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** All rows of one image (everything but the totals). */
    static List<Row> of(ImageEvaluation e) {
        List<Row> out = new ArrayList<>();
        String key = e.key().toString();
        Map<String, Object> img = new TreeMap<>();
        img.put("image_key", key);
        img.put("city", e.key().city());
        img.put("split", e.split());
        img.put("evaluated", e.evaluated());
        img.put("problem_count", e.problems().size());
        img.put("instance_predictions", e.instancePredictions());
        if (e.evaluated()) {
            ImageMetrics.ImageSummary s = ImageMetrics.summary(e);
            img.put("width", e.width());
            img.put("height", e.height());
            img.put("pixel_accuracy", nan(s.pixelAccuracy()));
            img.put("miou", nan(s.miou()));
            img.put("gt_instances", e.cityscapes() == null ? null : s.gtInstances());
            img.put("instance_tp", e.cityscapes() == null ? null : s.instanceTp());
            img.put("pq", nan(s.pq()));
        }
        out.add(row(IMAGE, img));
        for (ImageMetric m : ImageMetrics.rows(e)) {
            Map<String, Object> r = new TreeMap<>();
            r.put("image_key", key);
            r.put("city", e.key().city());
            r.put("protocol", m.protocol());
            r.put("class_name", m.className());
            r.put("label_id", m.labelId());
            r.put("unit", m.unit());
            r.put("tp", m.tp());
            r.put("fp", m.fp());
            r.put("fn", m.fn());
            r.put("iou", nan(m.iou()));
            r.put("iou_sum", nan(m.iouSum()));
            r.put("pq", nan(m.pq()));
            out.add(row(METRIC, r));
        }
        for (EvalProblem p : e.problems()) {
            out.add(problem(p));
        }
        if (e.cityscapes() != null) {
            // count entries per (class, overlap, score) inside the image: fewer rows to shuffle
            TreeMap<String, long[]> counts = new TreeMap<>();
            Map<String, ScoredMatch> first = new TreeMap<>();
            for (ScoredMatch m : e.cityscapes().matches()) {
                String k = m.classIndex() + "/" + m.thresholdIndex() + "/" + Double.doubleToLongBits(m.score());
                counts.computeIfAbsent(k, x -> new long[2])[m.isTrue() ? 0 : 1]++;
                first.putIfAbsent(k, m);
            }
            for (Map.Entry<String, long[]> c : counts.entrySet()) {
                ScoredMatch m = first.get(c.getKey());
                Map<String, Object> r = new TreeMap<>();
                r.put("class_index", m.classIndex());
                r.put("threshold_index", m.thresholdIndex());
                r.put("score", m.score());
                r.put("trues", c.getValue()[0]);
                r.put("falses", c.getValue()[1]);
                out.add(row(CS, r));
            }
        }
        if (e.coco() != null) {
            for (CocoDetection d : e.coco().detections()) {
                Map<String, Object> r = new TreeMap<>();
                r.put("class_index", d.categoryIndex());
                r.put("city", d.image().city());
                r.put("seq", d.image().sequence());
                r.put("frame", d.image().frame());
                r.put("rank", d.rank());
                r.put("score", d.score());
                r.put("area", d.area());
                r.put("matched", toList(d.matched()));
                r.put("ignored", toList(d.ignored()));
                out.add(row(COCO, r));
            }
        }
        return out;
    }

    static Row problem(EvalProblem p) {
        Map<String, Object> r = new TreeMap<>();
        r.put("image_key", p.imageKey());
        r.put("path", p.path());
        r.put("line", p.line() == 0 ? null : p.line());
        r.put("input", p.input());
        r.put("problem_kind", p.kind());
        r.put("reason", p.reason());
        return row(PROBLEM, r);
    }

    static Row totals(EvaluationTotals t) {
        return row(TOTALS, Map.of("totals", JavaBytes.write(t)));
    }

    private static scala.collection.Seq<Integer> toList(int[] a) {
        List<Integer> out = new ArrayList<>(a.length);
        for (int v : a) {
            out.add(v);
        }
        return seq(out);
    }

    /** Spark's row encoder wants Scala sequences for array columns. */
    static <T> scala.collection.Seq<T> seq(List<T> list) {
        return scala.collection.JavaConverters.asScalaBufferConverter(list).asScala();
    }

    static int[] ints(List<Integer> l) {
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = l.get(i);
        }
        return out;
    }
}
