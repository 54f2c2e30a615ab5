package org.segpipe.spark.train;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.segpipe.core.augment.AugmentConfig;
import org.apache.spark.util.CollectionAccumulator;
import org.segpipe.core.augment.SampleAugmenter;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;
import org.segpipe.core.provenance.CodeVersion;
import org.segpipe.core.provenance.Provenance;
import org.segpipe.core.provenance.RunIds;
import org.segpipe.model.data.BatchCodec;
import org.segpipe.model.data.EncodedBatch;
import org.segpipe.model.io.ModelFile;
import org.segpipe.model.io.SegModel;
import org.segpipe.model.loss.LossConfig;
import org.segpipe.model.loss.LossSpec;
import org.segpipe.model.net.UNetConfig;
import org.segpipe.model.train.EpochRecord;
import org.segpipe.model.train.ProgressPrinter;
import org.segpipe.model.train.ResumeCheck;
import org.segpipe.model.train.TrainConfig;
import org.segpipe.model.train.TrainState;
import org.segpipe.model.train.Trainer;
import org.segpipe.spark.data.SampleSources;
import org.segpipe.spark.gpu.GpuBinding;
import org.segpipe.spark.io.HadoopFiles;

/**
 * Trains a UNet on the embedded (or any) Spark: samples are read with {@link SampleSources} (shards
 * or a raw tree), checked once on executors, then each epoch decoded, augmented, cropped and batched
 * on executors ({@link EpochBatches}) and streamed in order to the trainer on the driver with a
 * bounded read-ahead. Bad input fails before any training: impossible settings, unknown names,
 * class weights of the wrong length, an empty training split, images smaller than the crop, a
 * checkpoint of another configuration. Unreadable or undecodable samples are rejected into
 * {@code {out}/problems} and training goes on without them.
 *
 * <p>Outputs under {@code train.out}: {@code checkpoints/}, {@code training_log/} (Parquet, one
 * row per epoch, partitioned by run and epoch), {@code problems/}, and the final
 * {@code model.zip} with {@code model.zip.sha256}.
 */
public final class TrainStep {

    public static final String DATA = "train.data";
    public static final String OUT = "train.out";
    public static final String RESUME = "train.resume";
    public static final String SPLIT = "train.split";
    public static final String VALIDATION_SPLIT = "train.validation-split";
    public static final String PARTITION_BATCHES = "train.partition-batches";
    public static final String PREFETCH = "train.prefetch-batches";
    public static final String PROGRESS = "train.progress";
    public static final String RUN_ID = "train.run-id";
    public static final String AUGMENT = "train.augment";
    public static final String EXTRA_DATA = "train.extra-data";

    public static final String MODEL_FILE = "model.zip";
    public static final String TRAINING_LOG = "training_log";
    public static final String PROBLEMS = "problems";

    /** What a run did. */
    public record Result(String runId, String modelUri, String modelSha256, List<EpochRecord> epochs, long trainImages,
                         long validationImages, long rejected, boolean resumed, LossSpec loss, List<GpuBinding.Bound> gpuBindings) {
    }

    private TrainStep() {
    }

    /**
     * The samples of {@code splits} in {@code data}, plus the training split of each extra dataset
     * (e.g. copies written by {@code seg augment}); only the sample-table columns, so sources of
     * either kind combine.
     */
    static Dataset<Row> trainingRows(SparkSession spark, String data, List<Split> splits, List<String> extraData, Split trainSplit) {
        org.apache.spark.sql.Column[] columns = java.util.Arrays.stream(org.segpipe.spark.data.SampleTable.schema().fieldNames())
                .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new);
        Dataset<Row> rows = SampleSources.read(spark, data, splits, AnnotationSet.GT_FINE).select(columns);
        for (String extra : extraData) {
            if (!extra.isBlank()) {
                rows = rows.unionByName(SampleSources.read(spark, extra.trim(), List.of(trainSplit), AnnotationSet.GT_FINE).select(columns));
            }
        }
        return rows;
    }

    /**
     * The on-the-fly augmentation of training samples: the steps of {@code train.augment} with the
     * seed and fill of {@code augment.seed} and {@code augment.image-fill}; {@link SampleAugmenter#NONE}
     * when the pipeline is empty.
     */
    public static SampleAugmenter augmenter(Settings settings) {
        AugmentConfig cfg = AugmentConfig.from(settings, AUGMENT);
        return cfg.pipeline().steps().isEmpty() ? SampleAugmenter.NONE : cfg.augmenter();
    }

    public static Result run(SparkSession spark, Settings settings, SampleAugmenter augmenter, PrintStream out) {
        // --- everything that can be checked without touching data
        String data = settings.string(DATA);
        String outUri = settings.string(OUT);
        boolean resume = settings.bool(RESUME);
        UNetConfig net = UNetConfig.from(settings);
        TrainConfig cfg = TrainConfig.from(settings);
        LossConfig lossConfig = LossConfig.from(settings, net.classes());
        String trainSplit = Split.fromFolderName(settings.string(SPLIT)).folderName();
        String valSplit = settings.find(VALIDATION_SPLIT).map(String::trim).orElse("");
        if (!valSplit.isEmpty()) {
            valSplit = Split.fromFolderName(valSplit).folderName();
        }
        int perPartition = settings.integerAtLeast(PARTITION_BATCHES, 1);
        int prefetch = settings.integerAtLeast(PREFETCH, 0);
        SparkTrainConfig sparkCfg = SparkTrainConfig.from(settings, cfg.batchSize(), spark.sparkContext().defaultParallelism());
        Map<String, String> fingerprint = TrainConfig.resumeFingerprint(settings);
        Configuration hconf = spark.sparkContext().hadoopConfiguration();
        HadoopCheckpoints checkpoints = new HadoopCheckpoints(outUri, hconf, cfg.keepCheckpoints(), out);
        Optional<String> latest = checkpoints.latest();
        SegModel resumed = null;
        String resumedFrom = null;
        if (resume) {
            resumedFrom = latest.orElseThrow(() -> new ConfigException("--resume: no checkpoint under "
                    + HadoopFiles.child(outUri, HadoopCheckpoints.FOLDER) + " to resume from"));
            resumed = ModelFile.read(HadoopFiles.read(resumedFrom, hconf), resumedFrom, true);
            // settings first (cheap); the data check follows the pre-flight pass
            ResumeCheck.check(resumedFrom, resumed.metadata(), fingerprint, resumed.metadata().provenance().inputManifest(),
                    cfg.epochs());
        } else if (latest.isPresent()) {
            throw new ConfigException(outUri + " already holds checkpoints of an earlier run (" + latest.get()
                    + "); use --resume to continue it, or another --out");
        }
        String runId = resumed != null ? resumed.metadata().provenance().runId()
                : settings.find(RUN_ID).filter(s -> !s.isBlank()).map(RunIds::validate).orElseGet(RunIds::next);

        // --- pre-flight pass on executors: decode every sample once
        List<Split> splits = new ArrayList<>(List.of(Split.fromFolderName(trainSplit)));
        if (!valSplit.isEmpty() && !valSplit.equals(trainSplit)) {
            splits.add(Split.fromFolderName(valSplit));
        }
        int classes = net.classes();
        boolean exact = !cfg.randomCrop();
        // a saliency dataset (one-class sigmoid model) takes its own reader, check and encoding: SaliencyTraining
        boolean saliency = SaliencyTraining.isSaliency(hconf, data, splits, classes, settings.list(EXTRA_DATA));
        Dataset<Row> rows = saliency ? org.segpipe.spark.data.SaliencySamples.read(spark, data, splits)
                : trainingRows(spark, data, splits, settings.list(EXTRA_DATA), Split.fromFolderName(trainSplit));
        JavaRDD<CheckedSample> checked = rows.javaRDD().map(r -> saliency ? SaliencyTraining.check(r) : CheckedSample.check(r, classes))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Preflight pre = checked.aggregate(new Preflight(trainSplit, net.inputWidth(), net.inputHeight(), exact, classes),
                    Preflight::add, Preflight::merge);
            if (pre.rejected > 0) {
                writeProblems(spark, checked, outUri, runId);
            }
            out.printf(Locale.ROOT, "read %d samples from %s: %d %s, %d %s, %d rejected%s%n", pre.train + pre.validation + pre.rejected,
                    data, pre.train, trainSplit, pre.validation, valSplit.isEmpty() ? "validation" : valSplit, pre.rejected,
                    pre.rejected > 0 ? " (" + HadoopFiles.child(outUri, PROBLEMS) + ", e.g. " + pre.problemExamples.get(0) + ")" : "");
            if (pre.train == 0) {
                throw new ConfigException("no usable training samples in " + data + " (split " + trainSplit + ")"
                        + (pre.rejected > 0 ? "; " + pre.rejected + " were rejected, e.g. " + pre.problemExamples.get(0) : ""));
            }
            if (pre.tooSmall > 0) {
                throw new ConfigException(pre.tooSmall + " training images are smaller than the training crop " + net.inputWidth() + "x"
                        + net.inputHeight() + " (" + UNetConfig.INPUT_WIDTH + " x " + UNetConfig.INPUT_HEIGHT + "), e.g. "
                        + String.join("; ", pre.tooSmallExamples));
            }
            if (pre.wrongSize > 0) {
                throw new ConfigException(TrainConfig.CROP + "=none needs every training image to be exactly " + net.inputWidth() + "x"
                        + net.inputHeight() + " (" + UNetConfig.INPUT_WIDTH + " x " + UNetConfig.INPUT_HEIGHT + "), but "
                        + pre.wrongSize + " are not, e.g. " + String.join("; ", pre.wrongSizeExamples));
            }
            String manifest = pre.manifest();
            if (resumed != null) {
                ResumeCheck.check(resumedFrom, resumed.metadata(), fingerprint, manifest, cfg.epochs());
            }
            LossSpec loss = resumed != null ? resumed.metadata().loss()
                    : lossConfig.spec(classes, lossConfig.needsCounts() ? pre.counts : null);
            // spark mode: iterations as each worker counts them (averaging-frequency per round); the learning-rate schedule spans these
            long batchesPerEpoch = sparkCfg.spark()
                    ? (pre.train + sparkCfg.imagesPerRound() - 1) / sparkCfg.imagesPerRound() * sparkCfg.averagingFrequency()
                    : (pre.train + cfg.batchSize() - 1) / cfg.batchSize();

            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("data", data);
            extra.put("epochs", Integer.toString(cfg.epochs()));
            extra.put("train_images", Long.toString(pre.train));
            Provenance provenance = new Provenance(runId, settings.hash(), CodeVersion.get(), manifest, null, Instant.now().toString(), extra);
            SegModel model = resumed != null ? resumed
                    : Trainer.newModel(org.segpipe.model.net.NetArchitecture.from(settings), net, loss, cfg, batchesPerEpoch, fingerprint, provenance, pre.train);
            TrainState start = model.metadata().state();
            out.printf(Locale.ROOT, "run %s: %s, %d epochs of %d batches of %d, loss %s%s%n", runId,
                    resumed != null ? "resuming at epoch " + (start.epoch() + 1) + " batch " + start.batchInEpoch() + " from " + resumedFrom
                            : "new model of " + model.network().numParams() + " parameters",
                    cfg.epochs(), batchesPerEpoch, cfg.batchSize(), loss, "");

            // --- training
            JavaRDD<Row> trainRows = checked.filter(c -> c.ok() && c.split().equals(trainSplit)).map(CheckedSample::row);
            String vs = valSplit;
            JavaRDD<Row> valRows = valSplit.isEmpty() ? null : checked.filter(c -> c.ok() && c.split().equals(vs)).map(CheckedSample::row)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            EpochBatches batches = sparkCfg.spark()
                    // one partition per worker and round: averaging-frequency batches of batch-per-worker images
                    ? new EpochBatches(trainRows, pre.train, sparkCfg.batchPerWorker(), sparkCfg.averagingFrequency(), cfg.seed(),
                            net.inputHeight(), net.inputWidth(), cfg.randomCrop(), augmenter, saliency)
                    : new EpochBatches(trainRows, pre.train, cfg.batchSize(), perPartition, cfg.seed(), net.inputHeight(),
                            net.inputWidth(), cfg.randomCrop(), augmenter, saliency);
            // both kept sets are cached now; the checked copy of the bytes can go
            batches.materialize();
            if (valRows != null) {
                valRows.count();
            }
            checked.unpersist(false);
            long maxPixels = (long) cfg.batchSize() * net.inputHeight() * net.inputWidth();
            try {
                Trainer.Data source = new Trainer.Data() {
                    @Override
                    public long batchesPerEpoch() {
                        return batchesPerEpoch;
                    }

                    @Override
                    public Iterator<EncodedBatch> trainBatches(int epoch, long skip) {
                        return Prefetch.of(batches.rdd(epoch, skip).toLocalIterator(), prefetch, "segpipe-train-batches");
                    }

                    @Override
                    public Iterator<EncodedBatch> validationBatches() {
                        if (valRows == null) {
                            return java.util.Collections.emptyIterator();
                        }
                        JavaRDD<EncodedBatch> vb = saliency ? SaliencyTraining.validation(valRows, maxPixels, net.sizeMultiple())
                                : validation(valRows, maxPixels, net.sizeMultiple());
                        return Prefetch.of(vb.toLocalIterator(), prefetch,
                                "segpipe-validation-batches");
                    }
                };
                ProgressPrinter progress = progress(settings, out, cfg.epochs());
                String logUri = HadoopFiles.child(outUri, TRAINING_LOG);
                Trainer.Listener listener = new Trainer.Listener() {
                    @Override
                    public void batchDone(int epoch, long batch, long perEpoch, double loss, double ips) {
                        if (progress != null) {
                            progress.batchDone(epoch, batch, perEpoch, loss, ips);
                        }
                    }

                    @Override
                    public void epochDone(EpochRecord r) {
                        writeLog(spark, logUri, runId, provenance, r);
                        if (progress != null) {
                            progress.epochDone(r);
                        }
                    }
                };
                CollectionAccumulator<GpuBinding.Bound> bindings = spark.sparkContext().collectionAccumulator("segpipe gpu bindings");
                Trainer.Result result = sparkCfg.spark()
                        ? SparkTraining.run(spark, model, cfg, sparkCfg, start, batches, source, checkpoints, listener, bindings)
                        : Trainer.run(model, cfg, start, source, checkpoints, listener);
                List<GpuBinding.Bound> bound = List.copyOf(bindings.value());
                if (sparkCfg.spark()) {
                    out.println("training tasks: " + bound.size() + " (" + sparkCfg.workers() + " workers, " + sparkCfg.batchPerWorker()
                            + " images per worker and iteration, " + (sparkCfg.master() == SparkTrainConfig.Master.SHARING
                                    ? "gradient sharing, rounds of " + sparkCfg.averagingFrequency() + " iterations)"
                                    : "averaging every " + sparkCfg.averagingFrequency() + " iterations)"));
                    out.println(GpuBinding.summary(bound));
                }

                if (saliency && valRows != null) {
                    // the last epoch's validation pass measured the final model; a resumed run with no epoch left measures it now
                    double mae = result.epochs().isEmpty() ? SaliencyTraining.validationMae(result.model().network(),
                            source.validationBatches()) : result.epochs().get(result.epochs().size() - 1).validationMae();
                    out.printf(Locale.ROOT, "validation MAE %.4f over %d %s images (val_mae in the log; val_miou: mean IoU of background "
                            + "and object at p >= 0.5)%n", mae, pre.validation, vs);
                }
                byte[] bytes = ModelFile.toBytes(result.model(), false);
                String sha = ModelFile.sha256(bytes);
                String modelUri = HadoopFiles.child(outUri, MODEL_FILE);
                HadoopFiles.writeAtomically(modelUri, bytes, hconf);
                HadoopFiles.writeAtomically(modelUri + ".sha256", (sha + "  " + MODEL_FILE + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        hconf);
                out.println("model " + modelUri + " (sha256 " + sha + ")");
                return new Result(runId, modelUri, sha, result.epochs(), pre.train, pre.validation, pre.rejected, resumed != null, loss,
                        bound);
            } finally {
                batches.release();
                if (valRows != null) {
                    valRows.unpersist(false);
                }
            }
        } finally {
            checked.unpersist(false);
        }
    }

    private static ProgressPrinter progress(Settings settings, PrintStream out, int epochs) {
        String mode = settings.find(PROGRESS).orElse("auto").trim();
        return switch (mode) {
            case "auto" -> ProgressPrinter.auto(out, epochs);
            case "bar" -> new ProgressPrinter(out, true, epochs, 60);
            case "lines" -> new ProgressPrinter(out, false, epochs, 60);
            case "off" -> null;
            default -> throw new ConfigException("'" + PROGRESS + "' is '" + mode + "' but must be auto, bar, lines or off");
        };
    }

    /**
     * Validation images sorted by key, padded to the network's size multiple, batched on executors
     * up to the pixels of a training batch (at least one image), so full-size validation images
     * cost no more memory than a training batch.
     */
    private static JavaRDD<EncodedBatch> validation(JavaRDD<Row> rows, long maxPixels, int multiple) {
        return rows.sortBy(r -> r.<String>getAs("key"), true, Math.max(1, rows.getNumPartitions()))
                .mapPartitions(it -> {
                    List<EncodedBatch> out = new ArrayList<>();
                    List<EncodedBatch> current = new ArrayList<>();
                    while (it.hasNext()) {
                        var s = CheckedSample.decode(it.next());
                        EncodedBatch one = BatchCodec.encode(List.of(s), BatchCodec.roundUp(s.height(), multiple),
                                BatchCodec.roundUp(s.width(), multiple), true);
                        long pixels = (current.size() + 1L) * one.pixelsPerImage();
                        if (!current.isEmpty() && (pixels > maxPixels || current.get(0).height() != one.height()
                                || current.get(0).width() != one.width())) {
                            out.add(BatchCodec.concat(current));
                            current = new ArrayList<>();
                        }
                        current.add(one);
                    }
                    if (!current.isEmpty()) {
                        out.add(BatchCodec.concat(current));
                    }
                    return out.iterator();
                });
    }

    static StructType logSchema() {
        return new StructType()
                .add("run_id", DataTypes.StringType, false)
                .add("epoch", DataTypes.IntegerType, false)
                .add("iterations", DataTypes.LongType, false)
                .add("train_loss", DataTypes.DoubleType, false)
                .add("val_miou", DataTypes.DoubleType, true)
                .add("val_pixel_accuracy", DataTypes.DoubleType, true)
                .add("val_mae", DataTypes.DoubleType, true)
                .add("learning_rate", DataTypes.DoubleType, true)
                .add("train_images", DataTypes.LongType, false)
                .add("train_seconds", DataTypes.DoubleType, false)
                .add("val_seconds", DataTypes.DoubleType, false)
                .add("images_per_second", DataTypes.DoubleType, true)
                .add("config_hash", DataTypes.StringType, false)
                .add("code_version", DataTypes.StringType, false)
                .add("input_manifest", DataTypes.StringType, false)
                .add("created_at", DataTypes.StringType, false);
    }

    private static Double nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** Writes (or rewrites) the epoch's row: partitions (run_id, epoch) are replaced, never appended twice. */
    private static void writeLog(SparkSession spark, String uri, String runId, Provenance p, EpochRecord r) {
        Row row = RowFactory.create(runId, r.epoch(), r.iterations(), r.trainLoss(), nanToNull(r.validationMiou()),
                nanToNull(r.validationPixelAccuracy()), nanToNull(r.validationMae()), nanToNull(r.learningRate()), r.trainImages(), r.trainSeconds(),
                r.validationSeconds(), nanToNull(r.imagesPerSecond()), p.configHash(), p.codeVersion(), p.inputManifest(),
                Instant.now().toString());
        org.segpipe.spark.io.PartitionWrites.overwrite(spark.createDataFrame(List.of(row), logSchema()).coalesce(1), uri,
                org.segpipe.spark.io.PartitionWrites.keys("run_id", runId, "epoch", r.epoch()));
    }

    private static void writeProblems(SparkSession spark, JavaRDD<CheckedSample> checked, String outUri, String runId) {
        JavaRDD<Row> problems = checked.filter(c -> !c.ok()).map(c -> RowFactory.create(runId, c.path(), c.stage(), c.problem()));
        StructType schema = new StructType()
                .add("run_id", DataTypes.StringType, false)
                .add("path", DataTypes.StringType, true)
                .add("stage", DataTypes.StringType, false)
                .add("reason", DataTypes.StringType, false);
        org.segpipe.spark.io.PartitionWrites.overwriteRun(spark.createDataFrame(problems, schema), HadoopFiles.child(outUri, PROBLEMS),
                runId);
    }
}
