package org.segpipe.spark.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_extract;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.segpipe.core.config.Settings;
import org.segpipe.core.evaluate.Fingerprint;
import org.segpipe.core.evaluate.SaliencyEvaluateConfig;
import org.segpipe.core.evaluate.SaliencyImageEvaluator;
import org.segpipe.core.metrics.saliency.SaliencyImageScores;
import org.segpipe.core.metrics.saliency.SaliencyResult;
import org.segpipe.core.metrics.saliency.SaliencyTotals;
import org.segpipe.core.provenance.CodeVersion;
import org.segpipe.core.provenance.RunIds;
import org.segpipe.spark.data.HadoopConf;
import org.segpipe.spark.io.HadoopFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code seg evaluate --task saliency}: ground-truth masks and predicted maps (8-bit grey PNGs in
 * two folders, paired by file stem) scored with the PySODMetrics conventions
 * ({@link org.segpipe.core.metrics.saliency}).
 *
 * <ol>
 *   <li>Both folders are listed by Spark (paths only) and full-outer-joined on the stem: a mask
 *       without prediction and a prediction without mask become problems.</li>
 *   <li>Executors read and score each pair ({@link SaliencyImageEvaluator}); each partition also
 *       emits one row with its merged {@link SaliencyTotals} (exact sums, so the merge order does
 *       not matter); the driver merges those, never the images.</li>
 *   <li>Tables {@code saliency_images}, {@code problems}, {@code saliency_curves} and, last, as
 *       the commit marker, {@code saliency_runs}, each partitioned by {@code run_id}.</li>
 * </ol>
 * Counts: {@code images_total} (masks) = {@code images_evaluated} + {@code images_rejected};
 * {@code problems} also counts predictions without a mask.
 */
public final class SaliencyEvaluateStep {

    public static final String IMAGES = "saliency_images";
    public static final String CURVES = "saliency_curves";
    public static final String RUNS = "saliency_runs";
    /** Written in this order; {@code saliency_runs} last. */
    public static final List<String> ORDER = List.of(IMAGES, ReportTables.PROBLEMS, CURVES, RUNS);

    private static final Logger LOG = LoggerFactory.getLogger(SaliencyEvaluateStep.class);

    static final String IMAGE = "image";
    static final String PROBLEM = "problem";
    static final String TOTALS = "totals";

    static final StructType ROWS = new StructType()
            .add("kind", DataTypes.StringType, false)
            .add("image_key", DataTypes.StringType, true)
            .add("width", DataTypes.IntegerType, true)
            .add("height", DataTypes.IntegerType, true)
            .add("pred_width", DataTypes.IntegerType, true)
            .add("pred_height", DataTypes.IntegerType, true)
            .add("resized", DataTypes.BooleanType, true)
            .add("mae", DataTypes.DoubleType, true)
            .add("max_f", DataTypes.DoubleType, true)
            .add("mean_f", DataTypes.DoubleType, true)
            .add("adp_f", DataTypes.DoubleType, true)
            .add("wf", DataTypes.DoubleType, true)
            .add("s", DataTypes.DoubleType, true)
            .add("max_e", DataTypes.DoubleType, true)
            .add("mean_e", DataTypes.DoubleType, true)
            .add("adp_e", DataTypes.DoubleType, true)
            .add("path", DataTypes.StringType, true)
            .add("input", DataTypes.StringType, true)
            .add("problem_kind", DataTypes.StringType, true)
            .add("reason", DataTypes.StringType, true)
            .add("totals", DataTypes.BinaryType, true);

    static final StructType CURVES_SCHEMA = new StructType()
            .add("threshold", DataTypes.IntegerType, false)
            .add("precision", DataTypes.DoubleType, false)
            .add("recall", DataTypes.DoubleType, false)
            .add("f", DataTypes.DoubleType, false)
            .add("e", DataTypes.DoubleType, false);

    static final StructType RUNS_SCHEMA = new StructType()
            .add("started_at", DataTypes.TimestampType, false)
            .add("finished_at", DataTypes.TimestampType, false)
            .add("code_version", DataTypes.StringType, false)
            .add("config_hash", DataTypes.StringType, false)
            .add("config_json", DataTypes.StringType, false)
            .add("gt_uri", DataTypes.StringType, false)
            .add("pred_uri", DataTypes.StringType, false)
            .add("input_fingerprint", DataTypes.StringType, false)
            .add("images_total", DataTypes.LongType, false)
            .add("images_evaluated", DataTypes.LongType, false)
            .add("images_rejected", DataTypes.LongType, false)
            .add("images_resized", DataTypes.LongType, false)
            .add("problems", DataTypes.LongType, false)
            .add("problem_counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), false)
            .add("mae", DataTypes.DoubleType, true)
            .add("max_f", DataTypes.DoubleType, true)
            .add("mean_f", DataTypes.DoubleType, true)
            .add("adp_f", DataTypes.DoubleType, true)
            .add("wf", DataTypes.DoubleType, true)
            .add("s", DataTypes.DoubleType, true)
            .add("max_e", DataTypes.DoubleType, true)
            .add("mean_e", DataTypes.DoubleType, true)
            .add("adp_e", DataTypes.DoubleType, true);

    /** Mergeable run totals: the metric sums plus the counts of the run. */
    record RunTotals(SaliencyTotals scores, long images, long resized, TreeMap<String, Long> problems, long fingerprint)
            implements Serializable {

        static RunTotals zero() {
            return new RunTotals(SaliencyTotals.zero(), 0, 0, new TreeMap<>(), 0);
        }

        static RunTotals merge(RunTotals a, RunTotals b) {
            TreeMap<String, Long> p = new TreeMap<>(a.problems);
            b.problems.forEach((k, v) -> p.merge(k, v, Long::sum));
            return new RunTotals(SaliencyTotals.merge(a.scores, b.scores), a.images + b.images, a.resized + b.resized, p,
                    a.fingerprint + b.fingerprint);
        }

        long problemCount() {
            return problems.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * What a run produced.
     *
     * @param tables report tables written (empty without an output folder)
     */
    public record Result(String runId, SaliencyResult result, long imagesTotal, long imagesEvaluated, long imagesResized,
                         Map<String, Long> problemCounts, List<String> tables) {

        public long problems() {
            return problemCounts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private SaliencyEvaluateStep() {
    }

    public static Result run(SparkSession spark, SaliencyEvaluateConfig cfg, Settings settings) {
        return run(spark, cfg, settings, ReportTables.PARQUET);
    }

    public static Result run(SparkSession spark, SaliencyEvaluateConfig cfg, Settings settings,
                             ReportTables.TableWriter writer) {
        String runId = cfg.runId() != null ? RunIds.validate(cfg.runId()) : RunIds.next();
        Instant started = Instant.now();
        Dataset<Row> masks = list(spark, cfg.gt(), "ground-truth masks ('" + org.segpipe.core.evaluate.EvaluateConfig.GT + "')")
                .withColumnRenamed("path", "mask_path");
        Dataset<Row> preds = list(spark, cfg.pred(), "predictions ('" + SaliencyEvaluateConfig.PRED + "')")
                .withColumnRenamed("path", "pred_path").withColumnRenamed("stem", "pred_stem");
        int partitions = cfg.partitions() > 0 ? cfg.partitions() : 4 * spark.sparkContext().defaultParallelism();
        Dataset<Row> pairs = masks.join(preds, masks.col("stem").equalTo(preds.col("pred_stem")), "full_outer")
                .select(org.apache.spark.sql.functions.coalesce(col("stem"), col("pred_stem")).as("key"), col("mask_path"),
                        col("pred_path"))
                .repartition(partitions, col("key"));
        HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        boolean resize = cfg.resizeMismatched();
        JavaRDD<Row> rows = pairs.javaRDD().mapPartitions(it -> evaluatePartition(it, conf, resize));
        Dataset<Row> eval = spark.createDataFrame(rows, ROWS).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // every partition emits exactly one totals row, so the reduce never sees an empty RDD
            byte[] merged = eval.filter(col("kind").equalTo(TOTALS)).select("totals").javaRDD().map(r -> (byte[]) r.get(0))
                    .treeReduce((a, b) -> JavaBytes.write(RunTotals.merge(JavaBytes.read(a), JavaBytes.read(b))));
            RunTotals totals = JavaBytes.read(merged);
            SaliencyResult result = SaliencyResult.of(totals.scores());
            long evaluated = totals.scores().images();
            if (totals.resized() > 0) {
                LOG.warn("evaluate {}: {} predictions differed in size from their masks and were resized to them "
                        + "(see saliency_images.resized; evaluate.size-mismatch=reject refuses them)", runId, totals.resized());
            }
            List<String> written = new ArrayList<>();
            if (cfg.out() != null) {
                String out = cfg.out().replaceAll("/+$", "");
                Map<String, Dataset<Row>> tables = new TreeMap<>();
                tables.put(IMAGES, eval.filter(col("kind").equalTo(IMAGE)).select(col("image_key"), col("width"),
                        col("height"), col("pred_width"), col("pred_height"), col("resized"), col("mae"), col("max_f"),
                        col("mean_f"), col("adp_f"), col("wf"), col("s"), col("max_e"), col("mean_e"), col("adp_e")));
                tables.put(ReportTables.PROBLEMS, eval.filter(col("kind").equalTo(PROBLEM)).select(col("path"),
                        org.apache.spark.sql.functions.lit(null).cast(DataTypes.IntegerType).as("line"), col("image_key"),
                        col("input"), col("problem_kind").as("kind"), col("reason")));
                tables.put(CURVES, curves(spark, result).coalesce(1));
                for (String table : ORDER) {
                    if (table.equals(RUNS)) {
                        continue;
                    }
                    Dataset<Row> t = tables.get(table);
                    if (!t.isEmpty()) {
                        writer.write(out, table, t, runId);
                        written.add(table);
                    }
                }
                Object[] run = {ReportTables.timestamp(started), ReportTables.timestamp(Instant.now()), CodeVersion.get(),
                    settings.hash(), EvaluateStep.configJson(settings), cfg.gt(), cfg.pred(),
                    Fingerprint.hex(totals.fingerprint()), totals.images(), evaluated, totals.images() - evaluated,
                    totals.resized(), totals.problemCount(),
                    scala.collection.JavaConverters.mapAsScalaMapConverter(totals.problems()).asScala(),
                    ReportTables.v(result.mae()), ReportTables.v(result.maxF()), ReportTables.v(result.meanF()),
                    ReportTables.v(result.adpF()), ReportTables.v(result.wF()), ReportTables.v(result.s()),
                    ReportTables.v(result.maxE()), ReportTables.v(result.meanE()), ReportTables.v(result.adpE())};
                writer.write(out, RUNS, spark.createDataFrame(List.of(RowFactory.create(run)), RUNS_SCHEMA).coalesce(1), runId);
                written.add(RUNS);
            }
            if (cfg.summary() != null) {
                writeText(spark, cfg.summary(), result.summaryJson() + "\n");
            }
            return new Result(runId, result, totals.images(), evaluated, totals.resized(), Map.copyOf(totals.problems()),
                    List.copyOf(written));
        } finally {
            eval.unpersist();
        }
    }

    /** PNG files of a folder as (path, stem), listed by Spark. */
    private static Dataset<Row> list(SparkSession spark, String uri, String what) {
        Path p = new Path(uri);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.getFileStatus(p).isDirectory()) {
                throw new IllegalArgumentException(what + ": " + uri + " is a file, expected a folder of PNGs");
            }
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException(what + ": folder " + uri + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": cannot list " + uri + ": " + e.getMessage(), e);
        }
        return spark.read().format("binaryFile").option("pathGlobFilter", "*.png").load(uri).select(col("path"),
                regexp_extract(col("path"), "([^/]+)\\.png$", 1).as("stem"));
    }

    private static Dataset<Row> curves(SparkSession spark, SaliencyResult r) {
        List<Row> rows = new ArrayList<>();
        if (r.images() > 0) {
            for (int t = 0; t < SaliencyImageScores.THRESHOLDS; t++) {
                rows.add(RowFactory.create(t, r.precision()[t], r.recall()[t], r.f()[t], r.e()[t]));
            }
        }
        return spark.createDataFrame(rows, CURVES_SCHEMA);
    }

    private static Iterator<Row> evaluatePartition(Iterator<Row> it, HadoopConf conf, boolean resize) {
        return new Iterator<>() {
            private final ArrayDeque<Row> pending = new ArrayDeque<>();
            private RunTotals totals = RunTotals.zero();
            private boolean done;

            @Override
            public boolean hasNext() {
                while (pending.isEmpty() && !done) {
                    if (it.hasNext()) {
                        pending.add(evaluate(it.next()));
                    } else {
                        pending.add(RowFactory.create(TOTALS, null, null, null, null, null, null, null, null, null, null,
                                null, null, null, null, null, null, null, null, null, JavaBytes.write(totals)));
                        done = true;
                    }
                }
                return !pending.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return pending.poll();
            }

            private Row evaluate(Row r) {
                String key = r.getString(0);
                String maskPath = r.getString(1);
                String predPath = r.getString(2);
                byte[] mask = maskPath == null ? null : HadoopFiles.read(maskPath, conf.get());
                byte[] pred = predPath == null ? null : HadoopFiles.read(predPath, conf.get());
                SaliencyImageEvaluator.Outcome o = SaliencyImageEvaluator.evaluate(key, maskPath, mask, predPath, pred, resize);
                TreeMap<String, Long> problems = new TreeMap<>();
                if (!o.evaluated()) {
                    problems.put(o.problemKind(), 1L);
                }
                RunTotals one = new RunTotals(o.evaluated() ? SaliencyTotals.of(o.scores()) : SaliencyTotals.zero(),
                        o.isImage() ? 1 : 0, o.resized() ? 1 : 0, problems, o.fingerprint());
                totals = RunTotals.merge(totals, one);
                if (!o.evaluated()) {
                    return RowFactory.create(PROBLEM, key, null, null, null, null, null, null, null, null, null, null, null,
                            null, null, null, o.problemPath(), o.problemInput(), o.problemKind(), o.reason(), null);
                }
                SaliencyImageScores s = o.scores();
                return RowFactory.create(IMAGE, key, o.width(), o.height(), o.predWidth(), o.predHeight(), o.resized(),
                        s.mae(), s.maxF(), s.meanF(), s.adaptiveF(), s.weightedF(), s.s(), s.maxE(), s.meanE(),
                        s.adaptiveE(), maskPath, null, null, null, null);
            }
        };
    }

    private static void writeText(SparkSession spark, String uri, String text) {
        Path p = new Path(uri);
        try (OutputStream out = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(p, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary to " + uri + ": " + e.getMessage(), e);
        }
    }
}
