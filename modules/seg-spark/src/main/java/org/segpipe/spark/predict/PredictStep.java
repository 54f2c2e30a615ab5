package org.segpipe.spark.predict;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.provenance.RunIds;
import org.segpipe.model.io.ModelFile;
import org.segpipe.model.io.SegModel;
import org.segpipe.model.predict.Instances;
import org.segpipe.model.predict.Predictor;
import org.segpipe.model.predict.ResultFiles;
import org.segpipe.spark.data.HadoopConf;
import org.segpipe.spark.data.SampleSources;
import org.segpipe.spark.data.SampleTable;
import org.segpipe.spark.io.HadoopFiles;

/**
 * Predicts a split with a trained model on Spark. The driver checks the model file once (readable,
 * and matching its {@code .sha256} when there is one); tasks carry only its URI and checksum
 * ({@link ModelRef}) and each executor loads the network once. Inference runs in batches inside
 * partitions; results are written as Parquet rows ({@code predictions/}) and/or in the official
 * Cityscapes results layout ({@code cityscapes/}, see {@link ResultFiles}):
 *
 * <pre>
 *   cityscapes/semantic/{key}_pred_labelIds.png
 *   cityscapes/instance/{key}_pred.txt, cityscapes/instance/masks/{key}_{i}.png
 *   cityscapes/cityscapes_panoptic_{split}.json, cityscapes/cityscapes_panoptic_{split}/{key}_panoptic.png
 * </pre>
 * Each task writes the files of its own images (a retried task rewrites them whole); the panoptic
 * JSON is streamed by the driver from the per-image segments, never held whole in memory.
 * Unreadable or undecodable samples go to {@code problems/}; images in = predicted + rejected.
 */
public final class PredictStep {

    public static final String MODEL = "predict.model";
    public static final String DATA = "predict.data";
    public static final String OUT = "predict.out";
    public static final String FORMAT = "predict.format";
    public static final String SPLIT = "predict.split";
    public static final String BATCH = "predict.batch-size";
    public static final String TILE_HEIGHT = "predict.tile-height";
    public static final String TILE_WIDTH = "predict.tile-width";
    public static final String TILE_OVERLAP = "predict.tile-overlap";
    public static final String MIN_INSTANCE = "predict.min-instance-px";
    public static final String RUN_ID = "predict.run-id";
    public static final String PARTITIONS = "predict.partitions";

    public static final String CITYSCAPES = "cityscapes";
    public static final String PREDICTIONS = "predictions";
    public static final String PROBLEMS = "problems";

    /** What a run did. */
    public record Result(String runId, long images, long rejected, long instances, String modelSha256, String cityscapesRoot,
                         String predictionsUri) {
    }

    private PredictStep() {
    }

    public static Result run(SparkSession spark, Settings settings, PrintStream log) {
        String modelUri = settings.string(MODEL);
        String data = settings.string(DATA);
        String out = settings.string(OUT);
        String format = settings.string(FORMAT);
        if (!List.of("parquet", "cityscapes", "both").contains(format)) {
            throw new ConfigException("'" + FORMAT + "' is '" + format + "' but must be parquet, cityscapes or both");
        }
        boolean parquet = !format.equals("cityscapes");
        boolean files = !format.equals("parquet");
        Split split = Split.fromFolderName(settings.string(SPLIT));
        int batch = settings.integerAtLeast(BATCH, 1);
        int minInstance = settings.integerAtLeast(MIN_INSTANCE, 1);
        Predictor.Tiling tiling = new Predictor.Tiling(settings.integerAtLeast(TILE_HEIGHT, 0), settings.integerAtLeast(TILE_WIDTH, 0),
                settings.integerAtLeast(TILE_OVERLAP, 0));
        String runId = settings.find(RUN_ID).filter(s -> !s.isBlank()).map(RunIds::validate).orElseGet(RunIds::next);

        // the model, checked once on the driver
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        if (!HadoopFiles.exists(modelUri, conf)) {
            throw new IllegalArgumentException("model " + modelUri + " does not exist");
        }
        byte[] bytes = HadoopFiles.read(modelUri, conf);
        String sha = ModelFile.sha256(bytes);
        String sidecar = modelUri + ".sha256";
        if (HadoopFiles.exists(sidecar, conf)) {
            String expected = new String(HadoopFiles.read(sidecar, conf), StandardCharsets.UTF_8).trim().split("\\s+")[0];
            if (!expected.equalsIgnoreCase(sha)) {
                throw new IllegalArgumentException("model " + modelUri + " has SHA-256 " + sha + " but " + sidecar + " says " + expected
                        + "; the file is damaged or does not belong to that checksum");
            }
        }
        SegModel model = ModelFile.read(bytes, modelUri, false);
        Predictor.checkTiling(tiling, model.metadata().net());
        ModelRef ref = new ModelRef(modelUri, sha);
        log.printf(Locale.ROOT, "model %s (sha256 %s): %d parameters, trained on %s%n", modelUri, sha, model.network().numParams(),
                model.metadata().provenance().extra().getOrDefault("data", "?"));

        if (SaliencyPredict.applies(conf, model, modelUri, data, split)) {
            return SaliencyPredict.run(spark, data, split, out, ref, runId, batch, parquet, files,
                    settings.integerAtLeast(PARTITIONS, 0), log);
        }
        String root = HadoopFiles.child(out, CITYSCAPES);
        String semanticDir = HadoopFiles.child(root, "semantic");
        String instanceDir = HadoopFiles.child(root, "instance");
        String panopticName = "cityscapes_panoptic_" + split.folderName();
        String panopticDir = HadoopFiles.child(root, panopticName);
        HadoopConf hadoop = new HadoopConf(conf);
        String created = Instant.now().toString();

        Dataset<Row> rows = SampleSources.read(spark, data, List.of(split), AnnotationSet.GT_FINE);
        int partitions = settings.integerAtLeast(PARTITIONS, 0);
        if (partitions > 0) {
            rows = rows.repartition(partitions);
        }
        JavaRDD<Row> results = rows.javaRDD().mapPartitions(it -> new BatchIterator(org.segpipe.spark.gpu.GpuBinding.bound(it), batch, r -> {
            org.segpipe.spark.Faults.enter("predict.images");
            Predictor p = ref.predictor(hadoop.get());
            List<DecodedSample> samples = new ArrayList<>();
            List<Row> out2 = new ArrayList<>();
            List<Row> sources = new ArrayList<>();
            for (Row row : r) {
                String error = row.getAs(SampleTable.READ_ERROR);
                if (error != null) {
                    out2.add(problem(runId, row, "read", error));
                    continue;
                }
                try {
                    samples.add(DecodedSample.decode(row.getAs(SampleTable.KEY), Split.fromFolderName(row.getAs(SampleTable.SPLIT)),
                            row.getAs(SampleTable.IMAGE_PNG), row.getAs(SampleTable.LABEL_IDS_PNG), null, row.getAs(SampleTable.IMAGE_PATH)));
                    sources.add(row);
                } catch (RuntimeException e) {
                    out2.add(problem(runId, row, "decode", e.getMessage()));
                }
            }
            List<Predictor.Prediction> predictions = p.predict(samples, batch, tiling);
            for (int i = 0; i < predictions.size(); i++) {
                out2.add(output(predictions.get(i), sources.get(i), runId, sha, created, minInstance, parquet, files, semanticDir,
                        instanceDir, panopticDir, hadoop.get()));
            }
            return out2;
        }), false);
        Dataset<Row> all = spark.createDataFrame(results, schema()).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> predicted = all.filter(functions.col("kind").equalTo("prediction")).drop("kind", "problem_stage", "problem_reason");
            Dataset<Row> problems = all.filter(functions.col("kind").equalTo("problem"))
                    .select("run_id", "image_path", "problem_stage", "problem_reason")
                    .withColumnRenamed("image_path", "path").withColumnRenamed("problem_stage", "stage")
                    .withColumnRenamed("problem_reason", "reason");
            long images = predicted.count();
            long rejected = problems.count();
            Row sum = predicted.select(functions.sum(functions.size(functions.col("instances")))).first();
            long instances = sum.isNullAt(0) ? 0 : sum.getLong(0);
            String predictionsUri = null;
            if (parquet) {
                predictionsUri = HadoopFiles.child(out, PREDICTIONS);
                org.segpipe.spark.io.PartitionWrites.overwriteRun(predicted, predictionsUri, runId);
            }
            if (rejected > 0) {
                org.segpipe.spark.io.PartitionWrites.overwriteRun(problems, HadoopFiles.child(out, PROBLEMS), runId);
            }
            if (files) {
                writePanopticJson(predicted, HadoopFiles.child(root, panopticName + ".json"), conf);
            }
            log.printf(Locale.ROOT, "predicted %d images of %s (%d instances), %d rejected%s; run %s%n", images, split.folderName(), instances,
                    rejected, rejected > 0 ? " (see " + HadoopFiles.child(out, PROBLEMS) + ")" : "", runId);
            return new Result(runId, images, rejected, instances, sha, files ? root : null, predictionsUri);
        } finally {
            all.unpersist();
        }
    }

    private static Row problem(String runId, Row r, String stage, String reason) {
        return RowFactory.create("problem", runId, r.getAs(SampleTable.KEY), r.getAs(SampleTable.SPLIT), r.getAs(SampleTable.CITY),
                r.getAs(SampleTable.IMAGE_PATH), null, null, null, null, null, null, null, null, stage,
                reason == null ? "unknown error" : reason);
    }

    private static Row output(Predictor.Prediction p, Row source, String runId, String sha, String created, int minInstance,
                              boolean parquet, boolean files, String semanticDir, String instanceDir, String panopticDir,
                              Configuration conf) {
        List<Instances.Instance> instances = Instances.extract(p, minInstance);
        byte[] semantic = ResultFiles.semanticPng(p);
        List<ResultFiles.InstanceFile> masks = ResultFiles.instanceFiles(p, instances);
        ResultFiles.Panoptic pan = ResultFiles.panoptic(p, instances);
        if (files) {
            HadoopFiles.write(HadoopFiles.child(semanticDir, ResultFiles.semanticName(p.key())), semantic, conf);
            for (ResultFiles.InstanceFile f : masks) {
                HadoopFiles.write(HadoopFiles.child(instanceDir, f.relativePath()), f.png(), conf);
            }
            HadoopFiles.write(HadoopFiles.child(instanceDir, ResultFiles.instanceTxtName(p.key())), ResultFiles.instanceTxt(masks), conf);
            HadoopFiles.write(HadoopFiles.child(panopticDir, ResultFiles.panopticName(p.key())), pan.png(), conf);
        }
        List<Row> inst = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            Instances.Instance x = instances.get(i);
            inst.add(RowFactory.create(x.labelId(), x.confidence(), (long) x.area(),
                    new int[] {x.minX(), x.minY(), x.maxX() - x.minX() + 1, x.maxY() - x.minY() + 1},
                    parquet ? masks.get(i).png() : null));
        }
        return RowFactory.create("prediction", runId, p.key(), source.getAs(SampleTable.SPLIT), source.getAs(SampleTable.CITY),
                source.getAs(SampleTable.IMAGE_PATH), p.width(), p.height(), parquet ? semantic : null, inst.toArray(new Row[0]),
                parquet ? pan.png() : null,
                pan.segmentsJson(), sha, created, null, null);
    }

    static StructType instanceSchema() {
        return new StructType()
                .add("label_id", DataTypes.IntegerType, false)
                .add("confidence", DataTypes.DoubleType, false)
                .add("area", DataTypes.LongType, false)
                .add("bbox", DataTypes.createArrayType(DataTypes.IntegerType), false)
                .add("mask_png", DataTypes.BinaryType, true);
    }

    /** Rows of the predictions table (plus the kind and problem columns used internally). */
    static StructType schema() {
        return new StructType()
                .add("kind", DataTypes.StringType, false)
                .add("run_id", DataTypes.StringType, false)
                .add("key", DataTypes.StringType, false)
                .add("split", DataTypes.StringType, false)
                .add("city", DataTypes.StringType, false)
                .add("image_path", DataTypes.StringType, false)
                .add("width", DataTypes.IntegerType, true)
                .add("height", DataTypes.IntegerType, true)
                .add("label_ids_png", DataTypes.BinaryType, true)
                .add("instances", DataTypes.createArrayType(instanceSchema()), true)
                .add("panoptic_png", DataTypes.BinaryType, true)
                .add("segments_info", DataTypes.StringType, true)
                .add("model_sha256", DataTypes.StringType, true)
                .add("created_at", DataTypes.StringType, true)
                .add("problem_stage", DataTypes.StringType, true)
                .add("problem_reason", DataTypes.StringType, true);
    }

    /** Streams {@code {"annotations": [...], "categories": [...]}} in key order; memory holds one image's segments at a time. */
    private static void writePanopticJson(Dataset<Row> predicted, String uri, Configuration conf) {
        Path path = new Path(uri);
        try (OutputStream os = path.getFileSystem(conf).create(path, true)) {
            os.write("{\"annotations\": [\n".getBytes(StandardCharsets.UTF_8));
            Iterator<Row> it = predicted.select("key", "segments_info").orderBy("key").toLocalIterator();
            boolean first = true;
            while (it.hasNext()) {
                Row r = it.next();
                os.write(((first ? "" : ",\n") + ResultFiles.annotationJson(r.getString(0), r.getString(1))).getBytes(StandardCharsets.UTF_8));
                first = false;
            }
            os.write(("\n], \"categories\": " + ResultFiles.json(ResultFiles.panopticCategories()) + "}\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Pulls up to {@code size} rows at a time and hands them to {@code step}: memory per task is bounded by the batch. */
    private static final class BatchIterator implements Iterator<Row> {
        private final Iterator<Row> in;
        private final int size;
        private final BatchStep step;
        private Iterator<Row> current = java.util.Collections.emptyIterator();

        BatchIterator(Iterator<Row> in, int size, BatchStep step) {
            this.in = in;
            this.size = size;
            this.step = step;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && in.hasNext()) {
                List<Row> chunk = new ArrayList<>(size);
                while (chunk.size() < size && in.hasNext()) {
                    chunk.add(in.next());
                }
                current = step.apply(chunk).iterator();
            }
            return current.hasNext();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }

    @FunctionalInterface
    private interface BatchStep extends java.io.Serializable {
        List<Row> apply(List<Row> rows);
    }
}
