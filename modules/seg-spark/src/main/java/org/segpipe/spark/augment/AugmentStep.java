package org.segpipe.spark.augment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.segpipe.core.augment.AugmentException;
import org.segpipe.core.augment.AugmentJobConfig;
import org.segpipe.core.augment.AugmentResult;
import org.segpipe.core.augment.PipelineAugmenter;
import org.segpipe.core.augment.SamplePngs;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DataProblem;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.png.PngException;
import org.segpipe.core.provenance.CodeVersion;
import org.segpipe.core.provenance.Provenance;
import org.segpipe.core.provenance.RunIds;
import org.segpipe.spark.data.CityscapesTreeSource;
import org.segpipe.spark.data.SampleSources;
import org.segpipe.spark.data.SampleTable;

/**
 * Materialises K augmented copies of every sample as new shards:
 * <pre>
 * OUTPUT/shards/split=SPLIT/part-*.parquet   the sample table columns + source_key, copy_index, augment_params
 * OUTPUT/rejects/part-*.parquet              path, stage, reason: input samples that could not be augmented
 * OUTPUT/manifest.json                       provenance, pipeline, counts (written last: its presence means complete)
 * </pre>
 * Copy k of sample S has key {@code S_aug<k>} (unique, and {@code SampleKey.find} still finds S in it),
 * {@code source_key} S, {@code copy_index} k, and is exactly what {@link PipelineAugmenter} draws for
 * S at epoch k, whatever the partitioning. Polygons are null (they no longer match after geometric
 * steps). Every input sample ends as K rows or as one reject: rows = K x augmented samples, input
 * samples = augmented + rejected, checked on what was written.
 *
 * <p>Executors decode each sample once, augment and encode its K copies, so task memory is bounded
 * by K encoded samples. The augmented rows are computed once into a disk-only cache and written
 * from there to the shards and to the rejects. Output is staged under {@code OUTPUT/_staging-RUN}
 * and moved into place at the end, so a failed run leaves no partial shards; an output folder that
 * already holds shards or a manifest is refused, never overwritten.
 */
public final class AugmentStep {

    public static final String SOURCE_KEY = "source_key";
    public static final String COPY_INDEX = "copy_index";
    public static final String AUGMENT_PARAMS = "augment_params";
    public static final String REJECTS_DIR = "rejects";
    public static final String MANIFEST = "manifest.json";
    /** Stages of rejected samples, besides {@link DataProblem#DECODE}. */
    public static final String STAGE_READ = "read";
    public static final String STAGE_AUGMENT = "augment";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What a run did.
     *
     * @param rowsPerSplit output rows per split name
     */
    public record Result(String output, long inputSamples, long augmentedSamples, long rejectedSamples, long rows,
                         Map<String, Long> rowsPerSplit, Provenance provenance) {
    }

    private AugmentStep() {
    }

    /** The columns of the augmented shards: every sample source column, then the augmentation's own. */
    public static StructType schema() {
        return SampleTable.schema()
                .add(SOURCE_KEY, DataTypes.StringType, false)
                .add(COPY_INDEX, DataTypes.IntegerType, false)
                .add(AUGMENT_PARAMS, DataTypes.StringType, false);
    }

    /** The key of copy {@code copyIndex} of a sample. */
    public static String copyKey(String sourceKey, int copyIndex) {
        return sourceKey + "_aug" + copyIndex;
    }

    public static Result run(SparkSession spark, AugmentJobConfig config, String configHash) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Path out = new Path(config.output());
        FileSystem fs = fileSystem(out, hadoop);
        refuseExisting(fs, out, config.output());
        String runId = RunIds.next();
        Path staging = new Path(out, "_staging-" + runId);

        Dataset<Row> input = SampleSources.read(spark, config.input(), config.splits(), config.annotations())
                .select(SampleTable.schema().fieldNames()[0], rest(SampleTable.schema().fieldNames()));
        if (config.partitions() > 0) {
            input = input.repartition(config.partitions());
        }
        PipelineAugmenter augmenter = config.augment().augmenter();
        int copies = config.copies();
        int pngLevel = config.pngLevel();
        JavaRDD<Row> processed = input.javaRDD()
                .flatMap(row -> process(row, augmenter, copies, pngLevel).iterator())
                .persist(StorageLevel.DISK_ONLY());
        try {
            write(spark.createDataFrame(processed.filter(r -> r.getBoolean(0)).map(r -> r.<Row>getAs(1)), schema())
                    .write().partitionBy(SampleTable.SPLIT), config.rowGroupBytes())
                    .parquet(new Path(staging, SampleSources.SHARDS_DIR).toString());
            write(spark.createDataFrame(processed.filter(r -> !r.getBoolean(0)).map(r -> r.<Row>getAs(1)),
                    SampleTable.problemSchema()).write(), config.rowGroupBytes())
                    .parquet(new Path(staging, REJECTS_DIR).toString());
        } catch (RuntimeException e) {
            deleteQuietly(fs, staging);
            throw e;
        } finally {
            processed.unpersist(false);
        }
        moveIntoPlace(fs, staging, out);

        // Counts from what was written: every input sample is K rows or one reject.
        Map<String, Long> rowsPerSplit = new TreeMap<>();
        long rows = 0;
        long augmented = 0;
        // Explicit schemas: an empty input writes no data files, and that must count as zero, not fail.
        Dataset<Row> shards = spark.read().schema(schema()).parquet(new Path(out, SampleSources.SHARDS_DIR).toString());
        for (Row r : shards.groupBy(SampleTable.SPLIT).agg(functions.count(functions.lit(1)),
                functions.sum(functions.when(functions.col(COPY_INDEX).equalTo(0), 1).otherwise(0))).collectAsList()) {
            rowsPerSplit.put(r.getString(0), r.getLong(1));
            rows += r.getLong(1);
            augmented += r.getLong(2);
        }
        long rejected = spark.read().schema(SampleTable.problemSchema()).parquet(new Path(out, REJECTS_DIR).toString()).count();
        if (rows != augmented * copies) {
            throw new IllegalStateException("wrote " + rows + " rows for " + augmented + " samples x " + copies
                    + " copies to " + out + "; the output is incomplete");
        }
        Provenance provenance = new Provenance(runId, configHash, CodeVersion.get(),
                inputManifest(spark, config.input(), shards), null, Instant.now().toString(),
                Map.of("input", config.input(), "output", config.output()));
        Result result = new Result(config.output(), augmented + rejected, augmented, rejected, rows, rowsPerSplit, provenance);
        writeManifest(fs, new Path(out, MANIFEST), config, result);
        return result;
    }

    /**
     * One input row to K output rows, or to one reject. Rows are (true, shard row) or
     * (false, reject row).
     */
    static List<Row> process(Row in, PipelineAugmenter augmenter, int copies, int pngLevel) {
        String key = in.getAs(SampleTable.KEY);
        String split = in.getAs(SampleTable.SPLIT);
        String city = in.getAs(SampleTable.CITY);
        String path = in.getAs(SampleTable.IMAGE_PATH);
        String where = path == null ? key : path;
        String readError = in.getAs(SampleTable.READ_ERROR);
        if (readError != null) {
            return List.of(reject(where, STAGE_READ, readError));
        }
        byte[] image = in.getAs(SampleTable.IMAGE_PNG);
        byte[] labels = in.getAs(SampleTable.LABEL_IDS_PNG);
        if (image == null || labels == null) {
            return List.of(reject(where, DataProblem.DECODE, where + ": expected image and labelIds bytes, found "
                    + (image == null ? "no image_png" : "no label_ids_png")));
        }
        DecodedSample sample;
        try {
            sample = DecodedSample.decode(key, Split.fromFolderName(split), image, labels,
                    in.getAs(SampleTable.INSTANCE_IDS_PNG), where);
        } catch (PngException | IllegalArgumentException e) {
            return List.of(reject(where, DataProblem.DECODE, e.getMessage()));
        }
        List<Row> out = new ArrayList<>(copies);
        try {
            for (int k = 0; k < copies; k++) {
                AugmentResult r = augmenter.augmentWithParams(sample, k);
                SamplePngs png = SamplePngs.encode(r.sample(), pngLevel);
                out.add(RowFactory.create(true, RowFactory.create(copyKey(key, k), split, city, path,
                        png.image(), png.labelIds(), png.instanceIds(), null, null, key, k, r.paramsJson())));
            }
        } catch (AugmentException e) {
            return List.of(reject(where, STAGE_AUGMENT, e.getMessage()));
        } catch (IllegalArgumentException e) {
            return List.of(reject(where, DataProblem.DECODE, where + ": " + e.getMessage()));
        }
        return out;
    }

    private static Row reject(String path, String stage, String reason) {
        return RowFactory.create(false, RowFactory.create(path, stage, reason));
    }

    private static <T> DataFrameWriter<T> write(DataFrameWriter<T> w, long rowGroupBytes) {
        // Rows hold multi-MB PNGs: bound row groups and pages by checking their size after every row
        // (STACK.md), and skip dictionaries for the PNG columns (every value is unique).
        return w.mode(SaveMode.ErrorIfExists)
                .option("parquet.block.size", Long.toString(rowGroupBytes))
                .option("parquet.block.size.row.check.min", "1")
                .option("parquet.page.size.row.check.min", "1")
                .option("parquet.enable.dictionary#" + SampleTable.IMAGE_PNG, "false")
                .option("parquet.enable.dictionary#" + SampleTable.LABEL_IDS_PNG, "false")
                .option("parquet.enable.dictionary#" + SampleTable.INSTANCE_IDS_PNG, "false");
    }

    private static String[] rest(String[] names) {
        return java.util.Arrays.copyOfRange(names, 1, names.length);
    }

    private static FileSystem fileSystem(Path p, Configuration conf) {
        try {
            return p.getFileSystem(conf);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot open " + p + ": " + e.getMessage()
                    + " (is the URI scheme right? file://, s3a:// and hdfs:// are supported)", e);
        }
    }

    private static void refuseExisting(FileSystem fs, Path out, String uri) {
        try {
            for (String name : List.of(SampleSources.SHARDS_DIR, REJECTS_DIR, MANIFEST)) {
                if (fs.exists(new Path(out, name))) {
                    throw new IllegalArgumentException("output " + uri + " already holds " + name
                            + "; seg augment never overwrites a dataset: choose a new folder or delete the old one");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check output " + uri + ": " + e.getMessage(), e);
        }
    }

    private static void moveIntoPlace(FileSystem fs, Path staging, Path out) {
        try {
            for (String name : List.of(SampleSources.SHARDS_DIR, REJECTS_DIR)) {
                if (!fs.rename(new Path(staging, name), new Path(out, name))) {
                    throw new IOException("rename of " + new Path(staging, name) + " to " + new Path(out, name) + " failed");
                }
            }
            fs.delete(staging, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the augmented dataset into " + out + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(FileSystem fs, Path p) {
        try {
            fs.delete(p, true);
        } catch (IOException e) {
            // Best effort: the staging folder is hidden from readers (leading underscore) either way.
        }
    }

    /**
     * The input's identity: the SHA-256 of its {@code manifest.json} when it has one (an ingested
     * dataset), else an order-independent digest of the (split, key, image path) of every sample
     * consumed, computed from the written shards and rejects (no second pass over the input).
     */
    static String inputManifest(SparkSession spark, String input, Dataset<Row> shards) {
        Path manifest = new Path(new Path(input), MANIFEST);
        try {
            FileSystem fs = manifest.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(manifest)) {
                byte[] bytes = CityscapesTreeSource.readFile(manifest.toString(), spark.sparkContext().hadoopConfiguration());
                return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Row sum = shards.filter(functions.col(COPY_INDEX).equalTo(0))
                .select(functions.xxhash64(functions.col(SampleTable.SPLIT), functions.col(SOURCE_KEY),
                        functions.col(SampleTable.IMAGE_PATH)).as("h"))
                .agg(functions.coalesce(functions.sum("h"), functions.lit(0L)), functions.count(functions.lit(1)))
                .first();
        return String.format("listing-xxhash64-sum:%016x/%d", sum.getLong(0), sum.getLong(1));
    }

    private static void writeManifest(FileSystem fs, Path path, AugmentJobConfig config, Result result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "segpipe augmented dataset");
        m.put("format_version", 1);
        Provenance p = result.provenance();
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("run_id", p.runId());
        prov.put("config_hash", p.configHash());
        prov.put("code_version", p.codeVersion());
        prov.put("input_manifest", p.inputManifest());
        prov.put("created_at", p.createdAt());
        m.put("provenance", prov);
        m.put("input", config.input());
        m.put("output", config.output());
        m.put("splits", config.splits().stream().map(Split::folderName).toList());
        m.put("annotations", config.annotations().folderName());
        m.put("copies", config.copies());
        m.put("seed", config.augment().seed());
        m.put("pipeline", config.augment().pipeline().description());
        m.put("pipeline_canonical", config.augment().pipeline().canonical());
        int fill = config.augment().imageFillRgb();
        m.put("png_level", config.pngLevel());
        m.put("image_fill", (fill >> 16 & 0xFF) + "," + (fill >> 8 & 0xFF) + "," + (fill & 0xFF));
        m.put("keys", "{source_key}_aug{copy_index}; copy k is the draw of epoch k");
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("input_samples", result.inputSamples());
        counts.put("augmented_samples", result.augmentedSamples());
        counts.put("rejected_samples", result.rejectedSamples());
        counts.put("rows", result.rows());
        counts.put("rows_per_split", result.rowsPerSplit());
        m.put("counts", counts);
        m.put("columns", List.of(schema().fieldNames()));
        try (OutputStream o = fs.create(path, false)) {
            o.write(JSON.writeValueAsString(m).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
