package org.segpipe.spark.augment;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.segpipe.core.augment.AugmentException;
import org.segpipe.core.augment.AugmentJobConfig;
import org.segpipe.core.augment.AugmentResult;
import org.segpipe.core.augment.PipelineAugmenter;
import org.segpipe.core.augment.SamplePngs;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.Settings;
import org.segpipe.core.dataset.ContentHash;
import org.segpipe.core.dataset.DataProblem;
import org.segpipe.core.dataset.DatasetManifest;
import org.segpipe.core.dataset.DatasetStats;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.dataset.MaskCounts;
import org.segpipe.core.png.PngException;
import org.segpipe.core.provenance.CodeVersion;
import org.segpipe.core.provenance.Provenance;
import org.segpipe.core.provenance.RunIds;
import org.segpipe.spark.PhaseClock;
import org.segpipe.spark.data.CityscapesTreeSource;
import org.segpipe.spark.data.SampleSources;
import org.segpipe.spark.data.SampleTable;
import org.segpipe.spark.data.ShardTable;
import org.segpipe.spark.ingest.DatasetFiles;
import org.segpipe.spark.ingest.DatasetPublisher;
import scala.runtime.AbstractFunction1;

/**
 * Materialises K augmented copies of every sample as a dataset that every reader accepts, laid
 * out as {@code seg ingest} lays out its datasets:
 * <pre>
 * OUTPUT/shards/split=SPLIT/part-*.parquet   the ingest shard columns ({@link ShardTable}) + source_key, copy_index, augment_params
 * OUTPUT/rejects/part-*.parquet              the ingest rejects columns: input samples that could not be augmented
 * OUTPUT/manifest.json                       a DatasetManifest (segpipe-dataset/1) + an "augment" object; written last
 * </pre>
 * Copy k of sample S has key {@code S_aug<k>} (unique, and {@code SampleKey.find} still finds S in it),
 * {@code source_key} S, {@code copy_index} k, and is exactly what {@link PipelineAugmenter} draws for
 * S at epoch k, whatever the partitioning. Polygons are null (they no longer match after geometric
 * steps). Width, height, class pixels and instances and the content hash are those of the
 * augmented copy. Every input sample ends as K rows or as one reject; the manifest's balance
 * records it with {@code copies_per_image} K and the step checks it on what was written.
 *
 * <p>Executors decode each sample once, augment and encode its K copies, so task memory is bounded
 * by K encoded samples. The augmented rows are computed once into a disk-only cache; a first pass
 * over it sums the statistics (small vectors per split, city and task, merged on the driver), from
 * which the dataset version is derived; each split's shards are then written from the cache
 * partitions that hold rows of it, and the rejects from those that hold rejects. Output is staged
 * and published by {@link DatasetPublisher}, the manifest last; an output folder that already
 * holds a dataset is refused, never overwritten.
 */
public final class AugmentStep {

    public static final String SOURCE_KEY = "source_key";
    public static final String COPY_INDEX = "copy_index";
    public static final String AUGMENT_PARAMS = "augment_params";
    public static final String REJECTS_DIR = ShardTable.REJECTS_DIR;
    public static final String MANIFEST = DatasetManifest.FILE_NAME;
    /** The manifest's extra top-level object that holds augment's own provenance. */
    public static final String MANIFEST_AUGMENT = "augment";
    /** Stages of rejected samples, besides {@link DataProblem#DECODE} and {@link DataProblem#VALIDATE}. */
    public static final String STAGE_READ = DataProblem.READ;
    public static final String STAGE_AUGMENT = "augment";
    /** Augmented shards are stored uncompressed, as ingest's are by default: PNG bytes do not compress further. */
    static final String COMPRESSION = "uncompressed";

    /**
     * What a run did.
     *
     * @param rowsPerSplit output rows per split name
     * @param manifest     the manifest as published
     * @param phaseSeconds wall time per phase: augment (decode, augment, encode, statistics), write, publish
     */
    public record Result(String output, long inputSamples, long augmentedSamples, long rejectedSamples, long rows,
                         Map<String, Long> rowsPerSplit, Provenance provenance, DatasetManifest manifest,
                         Map<String, Double> phaseSeconds) {
    }

    private AugmentStep() {
    }

    /** The columns stored in each shard file: ingest's ({@link ShardTable#fileSchema()}), then the augmentation's own. */
    public static StructType fileSchema() {
        return ShardTable.fileSchema()
                .add(SOURCE_KEY, DataTypes.StringType, false)
                .add(COPY_INDEX, DataTypes.IntegerType, false)
                .add(AUGMENT_PARAMS, DataTypes.StringType, false);
    }

    /** The key of copy {@code copyIndex} of a sample. */
    public static String copyKey(String sourceKey, int copyIndex) {
        return sourceKey + "_aug" + copyIndex;
    }

    /** {@code seg augment}: the settings' {@code augment.*} keys. */
    public static Result run(SparkSession spark, Settings settings) {
        return run(spark, AugmentJobConfig.from(settings));
    }

    /**
     * Augments the samples of {@code config.splits()} read from {@code config.input()} (a dataset
     * folder with a manifest, such as the output of {@code seg ingest} or of an earlier
     * {@code seg augment}, or a raw Cityscapes tree) with {@link SampleSources#read}.
     */
    public static Result run(SparkSession spark, AugmentJobConfig config) {
        refuseExisting(spark.sparkContext().hadoopConfiguration(), config.output());
        Dataset<Row> samples = SampleSources.read(spark, config.input(), config.splits(), config.annotations());
        return run(spark, samples, config, inputIdentity(spark, config.input(), config.splits()));
    }

    /**
     * Augments the rows of {@code samples} whose split is in {@code config.splits()}: any DataFrame
     * with the columns of {@link SampleTable#schema()} (more are ignored), one row per sample. A
     * row with a {@code read_error}, bytes that do not decode, or masks with unknown ids ends in the
     * rejects. {@code config.input()} is recorded as the input's name; the input is identified in
     * the manifest by a digest of the samples consumed.
     */
    public static Result run(SparkSession spark, Dataset<Row> samples, AugmentJobConfig config) {
        return run(spark, samples, config, new InputIdentity(null, null, null));
    }

    /**
     * What the input is: its manifest's SHA-256, dataset version and samples in the splits read,
     * or nulls for a raw tree or a DataFrame.
     */
    private record InputIdentity(String manifestSha256, String datasetVersion, Long samples) {
    }

    private static Result run(SparkSession spark, Dataset<Row> samples, AugmentJobConfig config, InputIdentity source) {
        PhaseClock clock = new PhaseClock();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        refuseExisting(conf, config.output());
        Path out = new Path(config.output());
        FileSystem fs = fileSystem(out, conf);
        out = fs.makeQualified(out);
        String runId = RunIds.next();
        Path staging = DatasetPublisher.staging(out, runId);
        List<String> splitNames = config.splits().stream().map(Split::folderName).toList();

        String[] columns = SampleTable.schema().fieldNames();
        Dataset<Row> input = samples.filter(functions.col(SampleTable.SPLIT).isin(splitNames.toArray()))
                .select(java.util.Arrays.stream(columns).map(functions::col).toArray(Column[]::new));
        if (config.partitions() > 0) {
            input = input.repartition(config.partitions());
        }
        PipelineAugmenter augmenter = config.augment().augmenter();
        int copies = config.copies();
        int pngLevel = config.pngLevel();
        JavaRDD<Row> processed = input.javaRDD()
                .flatMap(row -> process(row, augmenter, copies, pngLevel).iterator())
                .persist(StorageLevel.DISK_ONLY());
        boolean published = false;
        try {
            Totals totals = processed.mapPartitionsWithIndex((Integer index, java.util.Iterator<Row> it) -> {
                Totals t = new Totals();
                it.forEachRemaining(r -> t.add(index, r));
                return List.of(t).iterator();
            }, true).treeAggregate(new Totals(), Totals::merge, Totals::merge); // zero Totals: an empty input counts as zero
            DatasetStats.Summary stats = DatasetStats.summarize(totals.cities, splitNames);
            String contentSha = stats.content().digest();
            String version = config.datasetVersion() != null ? config.datasetVersion()
                    : DatasetManifest.contentVersion(contentSha);
            clock.lap("augment");

            List<DatasetManifest.ShardFile> files = new ArrayList<>();
            Map<String, Long> rowsPerSplit = new TreeMap<>();
            mkdirs(fs, new Path(staging, ShardTable.SHARDS_DIR)); // also when no split has rows
            for (String split : splitNames) {
                Map<Integer, long[]> perTask = totals.files.get(split);
                if (perTask == null) {
                    continue;
                }
                Path dir = new Path(new Path(staging, ShardTable.SHARDS_DIR), SampleTable.SPLIT + "=" + split);
                files.addAll(writeShards(spark, processed, split, version, perTask, config.rowGroupBytes(), dir));
                rowsPerSplit.put(split, perTask.values().stream().mapToLong(v -> v[0]).sum());
            }
            Path rejectsDir = new Path(staging, ShardTable.REJECTS_DIR);
            writeRejects(spark, processed, totals.rejectPartitions, config.rowGroupBytes(), rejectsDir);

            // Counted again from what was written (Parquet footers): every input sample is K rows or one reject.
            long rows = count(spark, files.stream().map(f -> new Path(staging, f.path()).toString()).toList());
            long rejected = count(spark, List.of(rejectsDir.toString()));
            DatasetManifest.Balance balance = new DatasetManifest.Balance(totals.augmented + totals.rejected, rows,
                    rejected, rejected, copies);
            if (!balance.holds() || rows != stats.samples() || rejected != totals.rejected
                    || (source.samples() != null && source.samples() != balance.imagesIn())) {
                throw new IllegalStateException("augment lost track of samples: " + balance + " written, "
                        + stats.samples() + " rows and " + totals.rejected + " rejects augmented"
                        + (source.samples() == null ? "" : ", " + source.samples() + " samples in the input's manifest")
                        + "; nothing was published");
            }
            clock.lap("write");

            String inputManifest = source.manifestSha256() != null ? "sha256:" + source.manifestSha256()
                    : listingDigest(spark, staging, files);
            Map<String, String> recorded = config.recorded();
            String configHash = Settings.of(recorded).hash();
            String createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            DatasetManifest manifest = new DatasetManifest(DatasetManifest.FORMAT, version, contentSha,
                    config.annotations().folderName(), stats.samples(), stats.payloadBytes(),
                    files.stream().mapToLong(DatasetManifest.ShardFile::bytes).sum(), balance, stats.splits(), files,
                    DatasetFiles.relativeFiles(fs, rejectsDir, ShardTable.REJECTS_DIR), runId, createdAt,
                    CodeVersion.get(), config.input(), recorded, configHash);
            Map<String, Object> augment = augmentFields(config, inputManifest, source.datasetVersion(), totals, rowsPerSplit);
            refuseExisting(conf, config.output()); // another run may have published here meanwhile
            DatasetPublisher.publish(fs, out, runId, List.of(ShardTable.SHARDS_DIR, ShardTable.REJECTS_DIR), manifest,
                    Map.of(MANIFEST_AUGMENT, augment));
            published = true;
            clock.lap("publish");
            Provenance provenance = new Provenance(runId, configHash, manifest.codeVersion(), inputManifest, null, createdAt,
                    Map.of("input", config.input(), "output", config.output(), "dataset_version", version));
            return new Result(config.output(), totals.augmented + totals.rejected, totals.augmented, totals.rejected, rows,
                    rowsPerSplit, provenance, manifest, clock.seconds());
        } finally {
            processed.unpersist(false);
            if (!published) {
                DatasetPublisher.cleanUp(fs, out, runId);
            }
        }
    }

    /**
     * One input row to K output rows, or to one reject. Rows are (true, staged shard row) or
     * (false, reject row); staged rows follow {@link #stagedSchema()}.
     */
    static List<Row> process(Row in, PipelineAugmenter augmenter, int copies, int pngLevel) {
        org.segpipe.spark.Faults.enter("augment.samples");
        String key = in.getAs(SampleTable.KEY);
        String split = in.getAs(SampleTable.SPLIT);
        String city = in.getAs(SampleTable.CITY);
        String path = in.getAs(SampleTable.IMAGE_PATH);
        String where = path == null ? key : path;
        String readError = in.getAs(SampleTable.READ_ERROR);
        if (readError != null) {
            return List.of(reject(where, STAGE_READ, readError, key, split, path));
        }
        byte[] image = in.getAs(SampleTable.IMAGE_PNG);
        byte[] labels = in.getAs(SampleTable.LABEL_IDS_PNG);
        if (image == null || labels == null) {
            return List.of(reject(where, DataProblem.DECODE, where + ": expected image and labelIds bytes, found "
                    + (image == null ? "no image_png" : "no label_ids_png"), key, split, path));
        }
        DecodedSample sample;
        try {
            sample = DecodedSample.decode(key, Split.fromFolderName(split), image, labels,
                    in.getAs(SampleTable.INSTANCE_IDS_PNG), where);
        } catch (PngException | IllegalArgumentException e) {
            return List.of(reject(where, DataProblem.DECODE, e.getMessage(), key, split, path));
        }
        try {
            // The statistics need known ids, and a raw tree is not validated before it gets here.
            MaskCounts.of(sample);
        } catch (IllegalArgumentException e) {
            return List.of(reject(where, DataProblem.VALIDATE, where + ": " + e.getMessage(), key, split, path));
        }
        List<Row> out = new ArrayList<>(copies);
        try {
            for (int k = 0; k < copies; k++) {
                AugmentResult r = augmenter.augmentWithParams(sample, k);
                SamplePngs png = SamplePngs.encode(r.sample(), pngLevel);
                MaskCounts counts = MaskCounts.of(r.sample());
                String copyKey = copyKey(key, k);
                String sha = ContentHash.sample(copyKey, split, png.image(), png.labelIds(), png.instanceIds(), null);
                out.add(RowFactory.create(true, RowFactory.create(copyKey, city, path, png.image(), png.labelIds(),
                        png.instanceIds(), null, null, r.sample().width(), r.sample().height(), counts.classPixels(),
                        counts.classInstances(), sha, key, k, r.paramsJson(), split)));
            }
        } catch (AugmentException e) {
            return List.of(reject(where, STAGE_AUGMENT, e.getMessage(), key, split, path));
        } catch (IllegalArgumentException e) {
            return List.of(reject(where, DataProblem.DECODE, where + ": " + e.getMessage(), key, split, path));
        }
        return out;
    }

    /** The rows of the disk cache: the shard file columns less {@code dataset_version} (known only after all), plus split. */
    static StructType stagedSchema() {
        StructType t = new StructType();
        for (StructField f : fileSchema().fields()) {
            if (!f.name().equals(ShardTable.DATASET_VERSION)) {
                t = t.add(f);
            }
        }
        return t.add(SampleTable.SPLIT, DataTypes.StringType, false);
    }

    // Positions in staged rows (plain rows without a schema, so read by index).
    private static final int S_CITY = stagedSchema().fieldIndex(SampleTable.CITY);
    private static final int S_IMAGE = stagedSchema().fieldIndex(SampleTable.IMAGE_PNG);
    private static final int S_LABELS = stagedSchema().fieldIndex(SampleTable.LABEL_IDS_PNG);
    private static final int S_INSTANCES = stagedSchema().fieldIndex(SampleTable.INSTANCE_IDS_PNG);
    private static final int S_PIXELS = stagedSchema().fieldIndex(ShardTable.CLASS_PIXELS);
    private static final int S_CLASS_INSTANCES = stagedSchema().fieldIndex(ShardTable.CLASS_INSTANCES);
    private static final int S_SHA = stagedSchema().fieldIndex(ShardTable.CONTENT_SHA256);
    private static final int S_COPY = stagedSchema().fieldIndex(COPY_INDEX);
    private static final int S_SPLIT = stagedSchema().fieldIndex(SampleTable.SPLIT);

    private static Row reject(String path, String stage, String reason, String key, String split, String imagePath) {
        return RowFactory.create(false, RowFactory.create(path, stage, reason, key, split, imagePath));
    }

    /**
     * Per-task sums of the cache: statistics per split and city, rows and payload bytes per
     * (split, task) (a task writes one shard file per split it holds rows of), samples augmented
     * and rejected, and the tasks that hold rejects. Small: cities + tasks x splits vectors.
     */
    static final class Totals implements Serializable {
        final HashMap<String, long[]> cities = new HashMap<>();
        /** split -> task -> {rows, payload bytes}. */
        final HashMap<String, TreeMap<Integer, long[]>> files = new HashMap<>();
        final TreeSet<Integer> rejectPartitions = new TreeSet<>();
        long augmented;
        long rejected;

        void add(int partition, Row r) {
            Row v = r.getAs(1);
            if (!r.getBoolean(0)) {
                rejected++;
                rejectPartitions.add(partition);
                return;
            }
            String split = v.getString(S_SPLIT);
            long payload = length(v.getAs(S_IMAGE)) + length(v.getAs(S_LABELS)) + length(v.getAs(S_INSTANCES));
            DatasetStats.add(cities.computeIfAbsent(DatasetStats.cityKey(split, v.getString(S_CITY)), k -> DatasetStats.zero()),
                    payload, DatasetStats.chunks(v.getString(S_SHA)), v.getAs(S_PIXELS), v.getAs(S_CLASS_INSTANCES));
            long[] file = files.computeIfAbsent(split, s -> new TreeMap<>()).computeIfAbsent(partition, p -> new long[2]);
            file[0]++;
            file[1] += payload;
            if (v.getInt(S_COPY) == 0) {
                augmented++;
            }
        }

        static Totals merge(Totals a, Totals b) {
            DatasetStats.mergeAll(a.cities, b.cities);
            b.files.forEach((split, tasks) -> a.files.merge(split, tasks, (x, y) -> {
                y.forEach((task, v) -> x.merge(task, v, (p, q) -> new long[] {p[0] + q[0], p[1] + q[1]}));
                return x;
            }));
            a.rejectPartitions.addAll(b.rejectPartitions);
            a.augmented += b.augmented;
            a.rejected += b.rejected;
            return a;
        }

        private static long length(byte[] b) {
            return b == null ? 0 : b.length;
        }
    }

    /**
     * Writes one split's shards from the cache partitions that hold rows of it (the others are not
     * read): the k-th such partition becomes task k and writes {@code part-0000k-*.parquet}.
     */
    private static List<DatasetManifest.ShardFile> writeShards(SparkSession spark, JavaRDD<Row> processed, String split,
                                                               String version, Map<Integer, long[]> perPartition,
                                                               long rowGroupBytes, Path dir) {
        List<Integer> kept = new ArrayList<>(new TreeSet<>(perPartition.keySet()));
        JavaRDD<Row> rows = prune(processed, kept)
                .filter(r -> r.getBoolean(0) && split.equals(r.<Row>getAs(1).getString(S_SPLIT)))
                .map(r -> r.<Row>getAs(1));
        List<Column> order = new ArrayList<>();
        for (String c : fileSchema().fieldNames()) {
            order.add(functions.col(c));
        }
        spark.createDataFrame(rows, stagedSchema())
                .withColumn(ShardTable.DATASET_VERSION, functions.lit(version))
                .select(order.toArray(new Column[0]))
                .write().mode(SaveMode.ErrorIfExists)
                .options(DatasetFiles.parquetOptions(COMPRESSION, rowGroupBytes))
                .parquet(dir.toString());
        Map<Integer, long[]> perTask = new HashMap<>();
        for (int task = 0; task < kept.size(); task++) {
            perTask.put(task, perPartition.get(kept.get(task)));
        }
        return DatasetFiles.shardFiles(spark.sparkContext().hadoopConfiguration(), dir, split, perTask);
    }

    /** Writes the rejects from the cache partitions that hold any (an empty table when none do). */
    private static void writeRejects(SparkSession spark, JavaRDD<Row> processed, Set<Integer> partitions,
                                     long rowGroupBytes, Path dir) {
        JavaRDD<Row> rejects = prune(processed, new ArrayList<>(partitions)).filter(r -> !r.getBoolean(0))
                .map(r -> r.<Row>getAs(1));
        spark.createDataFrame(rejects, SampleTable.rejectSchema()).write().mode(SaveMode.ErrorIfExists)
                .options(DatasetFiles.parquetOptions(COMPRESSION, rowGroupBytes))
                .parquet(dir.toString());
    }

    /** The partitions {@code keep} of {@code rdd}, in index order, as a new RDD; the others are never computed or read. */
    private static JavaRDD<Row> prune(JavaRDD<Row> rdd, List<Integer> keep) {
        return JavaRDD.fromRDD(PartitionPruningRDD.create(rdd.rdd(), new KeepPartitions(new TreeSet<>(keep))),
                rdd.classTag());
    }

    /** {@code Int => Boolean} for {@link PartitionPruningRDD}: true for the kept partition indices. */
    private static final class KeepPartitions extends AbstractFunction1<Object, Object> implements Serializable {
        private final TreeSet<Integer> keep;

        KeepPartitions(TreeSet<Integer> keep) {
            this.keep = keep;
        }

        @Override
        public Object apply(Object index) {
            return keep.contains((Integer) index);
        }
    }

    /** Rows in Parquet files or folders, from their footers. */
    private static long count(SparkSession spark, List<String> paths) {
        if (paths.isEmpty()) {
            return 0;
        }
        return spark.read().schema(new StructType().add(SampleTable.KEY, DataTypes.StringType, true))
                .parquet(paths.toArray(new String[0])).count();
    }

    private static Map<String, Object> augmentFields(AugmentJobConfig config, String inputManifest, String inputVersion,
                                                     Totals totals, Map<String, Long> rowsPerSplit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pipeline", config.augment().pipeline().description());
        m.put("pipeline_canonical", config.augment().pipeline().canonical());
        m.put("seed", config.augment().seed());
        m.put("copies", config.copies());
        m.put("image_fill", config.recorded().get("augment.image-fill"));
        m.put("png_level", config.pngLevel());
        m.put("keys", "{source_key}_aug{copy_index}; copy k is the draw of epoch k");
        m.put("input", config.input());
        m.put("input_manifest", inputManifest);
        m.put("input_dataset_version", inputVersion);
        m.put("input_samples", totals.augmented + totals.rejected);
        m.put("augmented_samples", totals.augmented);
        m.put("rejected_samples", totals.rejected);
        m.put("rows_per_split", rowsPerSplit);
        m.put("columns", List.of(fileSchema().fieldNames()));
        return m;
    }

    private static void mkdirs(FileSystem fs, Path dir) {
        try {
            fs.mkdirs(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static FileSystem fileSystem(Path p, Configuration conf) {
        try {
            return p.getFileSystem(conf);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot open " + p + ": " + e.getMessage()
                    + " (is the URI scheme right? file://, s3a:// and hdfs:// are supported)", e);
        }
    }

    private static void refuseExisting(Configuration conf, String uri) {
        Path out = new Path(uri);
        FileSystem fs = fileSystem(out, conf);
        try {
            for (String name : List.of(ShardTable.SHARDS_DIR, ShardTable.REJECTS_DIR, MANIFEST)) {
                if (fs.exists(new Path(out, name))) {
                    throw new IllegalArgumentException("output " + uri + " already holds " + name
                            + "; seg augment never overwrites a dataset: choose a new folder or delete the old one");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check output " + uri + ": " + e.getMessage(), e);
        }
    }

    /** The SHA-256, version and samples of {@code splits} of the input's manifest when it is a dataset folder. */
    private static InputIdentity inputIdentity(SparkSession spark, String input, List<Split> splits) {
        Path manifest = new Path(new Path(input), MANIFEST);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            if (!manifest.getFileSystem(conf).exists(manifest)) {
                return new InputIdentity(null, null, null);
            }
            byte[] bytes = CityscapesTreeSource.readFile(manifest.toString(), conf);
            DatasetManifest m = DatasetManifest.fromJson(bytes, manifest.toString());
            long samples = splits.stream().mapToLong(s -> m.split(s.folderName()).samples()).sum();
            return new InputIdentity(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                    m.datasetVersion(), samples);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An input without a manifest is named by an order-independent digest (sum of xxhash64 of
     * split, key and image path) of the samples consumed, read from the written shards' small
     * columns (no second pass over the input).
     */
    private static String listingDigest(SparkSession spark, Path staging, List<DatasetManifest.ShardFile> files) {
        if (files.isEmpty()) {
            return String.format("listing-xxhash64-sum:%016x/%d", 0L, 0L);
        }
        Row sum = spark.read().option("basePath", new Path(staging, ShardTable.SHARDS_DIR).toString())
                .parquet(files.stream().map(f -> new Path(staging, f.path()).toString()).toArray(String[]::new))
                .filter(functions.col(COPY_INDEX).equalTo(0))
                .select(functions.xxhash64(functions.col(SampleTable.SPLIT), functions.col(SOURCE_KEY),
                        functions.col(SampleTable.IMAGE_PATH)).as("h"))
                .agg(functions.coalesce(functions.sum("h"), functions.lit(0L)), functions.count(functions.lit(1)))
                .first();
        return String.format("listing-xxhash64-sum:%016x/%d", sum.getLong(0), sum.getLong(1));
    }
}
