package org.segpipe.spark.predict;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.metrics.saliency.GreyMap;
import org.segpipe.model.io.SegModel;
import org.segpipe.spark.data.HadoopConf;
import org.segpipe.spark.data.SaliencySamples;
import org.segpipe.spark.io.HadoopFiles;

/**
 * The saliency side of {@link PredictStep}: a one-class sigmoid model over a saliency dataset
 * ({@link SaliencySamples}) writes one 8-bit grey PNG per image, {@code round(255 p)}, named by the
 * sample's stem, i.e. the layout {@code seg evaluate --task saliency --pred} reads:
 * <pre>
 *   {out}/saliency/{key}.png
 *   {out}/saliency_predictions/run_id=R/   key, split, image_path, width, height, saliency_png, model_sha256, created_at
 *   {out}/problems/run_id=R/               path, stage, reason
 * </pre>
 * Images in = predicted + rejected; each task writes the files of its own images.
 */
final class SaliencyPredict {

    static final String FOLDER = "saliency";
    static final String TABLE = "saliency_predictions";

    private SaliencyPredict() {
    }

    /**
     * Whether this is a saliency run: the data is a saliency dataset; a clear error when the model
     * and the data do not belong together.
     */
    static boolean applies(Configuration conf, SegModel model, String modelUri, String data, Split split) {
        SaliencySamples.Kind kind = SaliencySamples.kind(conf, data, List.of(split));
        SaliencySamples.checkMatch("model " + modelUri, model.metadata().net().classes(), kind, data);
        return kind != SaliencySamples.Kind.NONE;
    }

    static PredictStep.Result run(SparkSession spark, String data, Split split, String out, ModelRef ref, String runId, int batch,
                                  boolean parquet, boolean files, int partitions, PrintStream log) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        HadoopConf hadoop = new HadoopConf(conf);
        String dir = HadoopFiles.child(out, FOLDER);
        String created = Instant.now().toString();
        String sha = ref.sha256();
        Dataset<Row> rows = SaliencySamples.read(spark, data, List.of(split));
        if (partitions > 0) {
            rows = rows.repartition(partitions);
        }
        // lazily, a chunk of `batch` rows at a time: memory per task is bounded by the batch
        JavaRDD<Row> results = rows.javaRDD().mapPartitions(it -> new Iterator<Row>() {
            private Iterator<Row> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && it.hasNext()) {
                    List<Row> chunk = new ArrayList<>(batch);
                    while (chunk.size() < batch && it.hasNext()) {
                        chunk.add(it.next());
                    }
                    current = predict(chunk, ref, hadoop.get(), batch, runId, sha, created, dir, parquet, files).iterator();
                }
                return current.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return current.next();
            }
        });
        Dataset<Row> all = spark.createDataFrame(results, schema()).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> predicted = all.filter(functions.col("kind").equalTo("prediction")).drop("kind", "problem_stage", "problem_reason");
            Dataset<Row> problems = all.filter(functions.col("kind").equalTo("problem"))
                    .select(functions.col("run_id"), functions.col("image_path").as("path"), functions.col("problem_stage").as("stage"),
                            functions.col("problem_reason").as("reason"));
            long images = predicted.count();
            long rejected = problems.count();
            String table = null;
            if (parquet) {
                table = HadoopFiles.child(out, TABLE);
                org.segpipe.spark.io.PartitionWrites.overwriteRun(predicted, table, runId);
            }
            if (rejected > 0) {
                org.segpipe.spark.io.PartitionWrites.overwriteRun(problems, HadoopFiles.child(out, PredictStep.PROBLEMS), runId);
            }
            log.printf(Locale.ROOT, "predicted %d saliency maps of %s%s, %d rejected%s; run %s%n", images, split.folderName(),
                    files ? " into " + dir : "", rejected, rejected > 0 ? " (see " + HadoopFiles.child(out, PredictStep.PROBLEMS) + ")" : "",
                    runId);
            return new PredictStep.Result(runId, images, rejected, 0, sha, null, table);
        } finally {
            all.unpersist();
        }
    }

    private static List<Row> predict(List<Row> chunk, ModelRef ref, Configuration conf, int batch, String runId, String sha,
                                     String created, String dir, boolean parquet, boolean files) {
        org.segpipe.spark.Faults.enter("predict.images");
        List<Row> out = new ArrayList<>();
        List<RgbImage> images = new ArrayList<>();
        List<Row> sources = new ArrayList<>();
        for (Row r : chunk) {
            String error = r.getAs(SaliencySamples.READ_ERROR);
            if (error != null) {
                out.add(problem(runId, r, "read", error));
                continue;
            }
            try {
                images.add(SaliencySamples.image(r.getAs(SaliencySamples.IMAGE), r.getAs(SaliencySamples.IMAGE_PATH)));
                sources.add(r);
            } catch (RuntimeException e) {
                out.add(problem(runId, r, "decode", e.getMessage()));
            }
        }
        if (images.isEmpty()) {
            return out;
        }
        List<GreyMap> maps = ref.predictor(conf).saliency(images, batch);
        for (int i = 0; i < maps.size(); i++) {
            Row r = sources.get(i);
            GreyMap m = maps.get(i);
            byte[] png = m.encodePng();
            String key = r.getAs(SaliencySamples.KEY);
            if (files) {
                HadoopFiles.write(HadoopFiles.child(dir, key + ".png"), png, conf);
            }
            out.add(RowFactory.create("prediction", runId, key, r.getAs(SaliencySamples.SPLIT), r.getAs(SaliencySamples.IMAGE_PATH),
                    m.width(), m.height(), parquet ? png : null, sha, created, null, null));
        }
        return out;
    }

    private static Row problem(String runId, Row r, String stage, String reason) {
        return RowFactory.create("problem", runId, r.getAs(SaliencySamples.KEY), r.getAs(SaliencySamples.SPLIT),
                r.getAs(SaliencySamples.IMAGE_PATH), null, null, null, null, null, stage, reason == null ? "unknown error" : reason);
    }

    static StructType schema() {
        return new StructType()
                .add("kind", DataTypes.StringType, false)
                .add("run_id", DataTypes.StringType, false)
                .add("key", DataTypes.StringType, false)
                .add("split", DataTypes.StringType, false)
                .add("image_path", DataTypes.StringType, true)
                .add("width", DataTypes.IntegerType, true)
                .add("height", DataTypes.IntegerType, true)
                .add("saliency_png", DataTypes.BinaryType, true)
                .add("model_sha256", DataTypes.StringType, true)
                .add("created_at", DataTypes.StringType, true)
                .add("problem_stage", DataTypes.StringType, true)
                .add("problem_reason", DataTypes.StringType, true);
    }
}
