package org.segpipe.spark.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.evaluate.EvaluationTotals;
import org.segpipe.core.metrics.coco.CocoAccumulator;
import org.segpipe.core.metrics.coco.CocoCategoryResult;
import org.segpipe.core.metrics.coco.CocoDetection;
import org.segpipe.core.metrics.instance.CityscapesAp;
import org.segpipe.core.metrics.instance.CityscapesProtocol;
import org.segpipe.core.metrics.instance.ScoreCount;

/**
 * The AP stages: everything that needs the scored entries of all images in score order runs as a
 * distributed sort, streamed through seg-core's accumulators, so no list of entries ever reaches
 * the driver.
 *
 * <ul>
 *   <li>Cityscapes: entries are counted per (class, overlap, score) (an exact integer aggregation),
 *       repartitioned by (class, overlap), sorted by score within partitions and streamed through
 *       {@link CityscapesAp}; the driver gets one AP per (class, overlap) and the curve points go
 *       straight to the report.</li>
 *   <li>COCO: detections are repartitioned by category and sorted by descending score, then image
 *       order (city, sequence, frame), then rank, which is pycocotools' stable order, and streamed
 *       through {@link CocoAccumulator}; the driver gets one fixed-size result per category.</li>
 * </ul>
 */
final class ApStages {

    static final StructType CURVE_SCHEMA = new StructType()
            .add("kind", DataTypes.StringType, false)
            .add("class_index", DataTypes.IntegerType, false)
            .add("threshold_index", DataTypes.IntegerType, false)
            .add("point", DataTypes.IntegerType, true)
            .add("score", DataTypes.DoubleType, true)
            .add("precision", DataTypes.DoubleType, true)
            .add("recall", DataTypes.DoubleType, true)
            .add("ap", DataTypes.DoubleType, true);

    /** Cityscapes AP per (class, overlap) and the curve points (a persisted table; release when done). */
    record CityscapesAps(double[][] ap, long[][] tp, long[][] fp, Dataset<Row> curve) {
    }

    private ApStages() {
    }

    static CityscapesAps cityscapes(SparkSession spark, Dataset<Row> eval, EvaluationTotals totals, boolean curves) {
        int classes = CityscapesProtocol.classCount();
        int thresholds = CityscapesProtocol.thresholdCount();
        Dataset<Row> counts = eval.filter(col("kind").equalTo(EvaluationRows.CS))
                .groupBy(col("class_index"), col("threshold_index"), col("score"))
                .agg(sum("trues").as("trues"), sum("falses").as("falses"));
        long[][] tp = totals.csTp();
        long[][] fp = totals.csFp();
        long[][] hardFn = totals.hardFn();
        boolean[] haveGt = new boolean[classes];
        boolean[] havePred = new boolean[classes];
        for (int c = 0; c < classes; c++) {
            haveGt[c] = totals.gtInstances()[c] > 0;
            havePred[c] = totals.predictions()[c] > 0;
        }
        JavaRDD<Row> streamed = counts.repartition(col("class_index"), col("threshold_index"))
                .sortWithinPartitions(col("class_index"), col("threshold_index"), col("score"))
                .javaRDD()
                .mapPartitions(it -> streamAps(it, tp, fp, hardFn, haveGt, havePred, curves));
        Dataset<Row> out = spark.createDataFrame(streamed, CURVE_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
        double[][] ap = new double[classes][thresholds];
        boolean[][] seen = new boolean[classes][thresholds];
        for (Row r : out.filter(col("kind").equalTo("ap")).collectAsList()) {
            ap[r.getInt(1)][r.getInt(2)] = r.getDouble(7);
            seen[r.getInt(1)][r.getInt(2)] = true;
        }
        for (int c = 0; c < classes; c++) {
            for (int t = 0; t < thresholds; t++) {
                if (!seen[c][t]) {
                    // no entry anywhere: AP is NaN or 0 by the undefined-case rules
                    ap[c][t] = CityscapesAp.ap(java.util.Collections.emptyIterator(), 0, 0, hardFn[c][t], haveGt[c],
                            havePred[c], null);
                }
            }
        }
        return new CityscapesAps(ap, tp, fp, out.filter(col("kind").equalTo("pr")));
    }

    /**
     * One partition of (class, overlap, score)-sorted counts to curve rows and one AP row per group,
     * lazily: at most two rows are pending at any time, whatever the size of the partition.
     */
    private static Iterator<Row> streamAps(Iterator<Row> it, long[][] tp, long[][] fp, long[][] hardFn, boolean[] haveGt,
                                           boolean[] havePred, boolean curves) {
        return new Iterator<>() {
            private final java.util.ArrayDeque<Row> pending = new java.util.ArrayDeque<>();
            private CityscapesAp stream;
            private int c = -1;
            private int t = -1;

            @Override
            public boolean hasNext() {
                fill();
                return !pending.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return pending.poll();
            }

            private void fill() {
                while (pending.isEmpty()) {
                    if (!it.hasNext()) {
                        if (stream != null) {
                            finishGroup();
                            stream = null;
                            continue;
                        }
                        return;
                    }
                    Row r = it.next();
                    int rc = r.getInt(0);
                    int rt = r.getInt(1);
                    if (stream == null || rc != c || rt != t) {
                        if (stream != null) {
                            finishGroup();
                        }
                        c = rc;
                        t = rt;
                        stream = new CityscapesAp(tp[c][t], fp[c][t], hardFn[c][t], haveGt[c], havePred[c]);
                    }
                    CityscapesAp.Point p = stream.accept(new ScoreCount(r.getDouble(2), r.getLong(3), r.getLong(4)));
                    if (p != null && curves) {
                        pending.add(RowFactory.create("pr", c, t, p.index(), p.score(), p.precision(), p.recall(), null));
                    }
                }
            }

            private void finishGroup() {
                int gc = c;
                int gt = t;
                double ap = stream.finish(!curves ? null : (i, score, p, rr) -> pending.add(RowFactory.create("pr", gc, gt, i,
                        null, p, rr, null)));
                pending.add(RowFactory.create("ap", gc, gt, null, null, null, null, ap));
            }
        };
    }

    /** Accumulated COCO arrays per category index (categories without detections are absent). */
    static List<CocoCategoryResult> coco(Dataset<Row> eval, EvaluationTotals totals) {
        long[][] npig = totals.npig();
        JavaRDD<byte[]> results = eval.filter(col("kind").equalTo(EvaluationRows.COCO))
                .select("class_index", "city", "seq", "frame", "rank", "score", "area", "matched", "ignored")
                .repartition(col("class_index"))
                .sortWithinPartitions(col("class_index"), col("score").desc(), col("city"), col("seq"), col("frame"),
                        col("rank"))
                .javaRDD()
                .mapPartitions(it -> {
                    List<byte[]> out = new ArrayList<>();
                    CocoAccumulator acc = null;
                    int current = -1;
                    while (it.hasNext()) {
                        Row r = it.next();
                        int k = r.getInt(0);
                        if (k != current) {
                            if (acc != null) {
                                out.add(JavaBytes.write(acc.finish()));
                            }
                            acc = new CocoAccumulator(k, npig[k]);
                            current = k;
                        }
                        acc.accept(new CocoDetection(k, new SampleKey(r.getString(1), r.getInt(2), r.getInt(3)), r.getInt(4),
                                r.getDouble(5), r.getLong(6), EvaluationRows.ints(r.getList(7)),
                                EvaluationRows.ints(r.getList(8))));
                    }
                    if (acc != null) {
                        out.add(JavaBytes.write(acc.finish()));
                    }
                    return out.iterator();
                });
        List<CocoCategoryResult> out = new ArrayList<>();
        for (byte[] b : results.collect()) {
            out.add(JavaBytes.read(b));
        }
        return out;
    }
}
