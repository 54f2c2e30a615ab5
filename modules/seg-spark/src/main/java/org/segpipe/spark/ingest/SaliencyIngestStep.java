package org.segpipe.spark.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.Settings;
import org.segpipe.core.dataset.saliency.SaliencySampleCheck;
import org.segpipe.core.provenance.CodeVersion;
import org.segpipe.core.provenance.RunIds;
import org.segpipe.spark.data.HadoopConf;
import org.segpipe.spark.io.HadoopFiles;

/**
 * {@code seg ingest --task saliency}: {@code INPUT/<split>/images/*.{png,jpg,jpeg}} and
 * {@code INPUT/<split>/masks/*.png} (the layout {@code seg generate --task saliency} writes), paired
 * by file stem, validated on executors ({@link SaliencySampleCheck}) and written as
 * <pre>
 * OUTPUT/shards/split=SPLIT/part-*.parquet   key, image_path, mask_path, image (bytes), mask (bytes),
 *                                            width, height, object_pixels, content_sha256
 * OUTPUT/rejects/part-*.parquet              path, stage, reason, split, key
 * OUTPUT/manifest.json                       written last: counts, balance, files, provenance
 * </pre>
 * Images in = samples + rejected images, or the run fails before the manifest. The output folder
 * must be new or empty (no in-place replacement as for Cityscapes datasets yet).
 */
public final class SaliencyIngestStep {

    public static final String FORMAT = "segpipe-saliency-shards-1";

    static final StructType CHECKED = new StructType()
            .add("split", DataTypes.StringType, false)
            .add("key", DataTypes.StringType, false)
            .add("image_path", DataTypes.StringType, true)
            .add("mask_path", DataTypes.StringType, true)
            .add("ok", DataTypes.BooleanType, false)
            .add("image", DataTypes.BinaryType, true)
            .add("mask", DataTypes.BinaryType, true)
            .add("width", DataTypes.IntegerType, false)
            .add("height", DataTypes.IntegerType, false)
            .add("object_pixels", DataTypes.LongType, false)
            .add("content_sha256", DataTypes.StringType, true)
            .add("problems", DataTypes.createArrayType(new StructType().add("stage", DataTypes.StringType, false)
                    .add("path", DataTypes.StringType, true).add("reason", DataTypes.StringType, false), false), false)
            .add("image_paths_all", DataTypes.createArrayType(DataTypes.StringType, false), false);

    /** What a run produced. */
    public record Result(String output, long imagesIn, long samples, long rejectedImages, Map<String, Long> rejectsByStage,
                         Map<String, Long> samplesBySplit) {
    }

    private SaliencyIngestStep() {
    }

    public static Result run(SparkSession spark, String input, String output, List<Split> splits, Settings settings) {
        String runId = RunIds.next();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path out = new Path(output);
        FileSystem fs;
        try {
            fs = out.getFileSystem(conf);
            if (fs.exists(out) && (!fs.getFileStatus(out).isDirectory() || fs.listStatus(out).length > 0)) {
                throw new IngestInputException("output " + output + " exists and is not an empty folder; saliency ingest "
                        + "writes a new dataset folder");
            }
        } catch (IOException e) {
            throw new IngestInputException("cannot open output " + output + ": " + e.getMessage(), e);
        }
        Dataset<Row> pairs = null;
        for (Split split : splits) {
            String base = input.replaceAll("/+$", "") + "/" + split.folderName();
            Dataset<Row> images = list(spark, base + "/images", "*.{png,jpg,jpeg,PNG,JPG,JPEG}", "image_path", "stem");
            Dataset<Row> masks = list(spark, base + "/masks", "*.{png,PNG}", "mask_path", "mstem");
            if (images == null && masks == null) {
                continue;
            }
            if (images == null || masks == null) {
                throw new IngestInputException(base + " has " + (images == null ? "masks/ but no images/" : "images/ but no masks/")
                        + " folder; expected " + base + "/images and " + base + "/masks with the same file stems");
            }
            // several images with one stem (a.png and a.jpg) are all rejected as ambiguous
            Dataset<Row> im = images.groupBy("stem").agg(collect_list("image_path").as("image_paths"));
            Dataset<Row> ms = masks.groupBy("mstem").agg(collect_list("mask_path").as("mask_paths"));
            Dataset<Row> p = im.join(ms, im.col("stem").equalTo(ms.col("mstem")), "full_outer")
                    .select(lit(split.folderName()).as("split"), coalesce(col("stem"), col("mstem")).as("key"),
                            col("image_paths"), col("mask_paths"));
            pairs = pairs == null ? p : pairs.unionByName(p);
        }
        if (pairs == null) {
            throw new IngestInputException("found no " + splits.stream().map(Split::folderName).toList() + " folders with images/ and "
                    + "masks/ under " + input + "; expected e.g. " + input + "/train/images/x.png and " + input + "/train/masks/x.png");
        }
        HadoopConf hc = new HadoopConf(conf);
        int partitions = Math.max(1, 4 * spark.sparkContext().defaultParallelism());
        JavaRDD<Row> checkedRows = pairs.repartition(partitions, col("key")).javaRDD().mapPartitions(it -> checkAll(it, hc));
        Dataset<Row> checked = spark.createDataFrame(checkedRows, CHECKED).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> rejects = checked.filter(col("ok").equalTo(false))
                    .select(col("split"), col("key"), org.apache.spark.sql.functions.explode(col("problems")).as("p"))
                    .select(col("p.path").as("path"), col("p.stage").as("stage"), col("p.reason").as("reason"), col("split"),
                            col("key"));
            long imagesIn = checked.select(org.apache.spark.sql.functions.explode(col("image_paths_all")).as("x")).count();
            long samples = checked.filter(col("ok")).count();
            long rejectedImages = checked.filter(col("ok").equalTo(false))
                    .select(org.apache.spark.sql.functions.explode(col("image_paths_all"))).count();
            if (imagesIn != samples + rejectedImages) {
                throw new IllegalStateException("saliency ingest lost track of images: " + imagesIn + " in, " + samples
                        + " samples, " + rejectedImages + " rejected; nothing was published");
            }
            if (samples == 0) {
                throw new IngestInputException("no valid sample under " + input + ": all " + imagesIn + " images were rejected");
            }
            Map<String, Long> byStage = new TreeMap<>(rejects.select("stage").javaRDD().map(r -> r.getString(0)).countByValue());
            Map<String, Long> bySplit = new TreeMap<>(checked.filter(col("ok")).select("split").javaRDD()
                    .map(r -> r.getString(0)).countByValue());
            Row px = checked.filter(col("ok")).agg(org.apache.spark.sql.functions.sum("object_pixels"),
                    org.apache.spark.sql.functions.sum(col("width").cast("long").multiply(col("height")))).first();
            long objectPixels = px.getLong(0);
            long totalPixels = px.getLong(1);
            // order-independent content fingerprint: sum of the first 8 bytes of each sample hash, mod 2^64
            long content = checked.filter(col("ok")).select("content_sha256").javaRDD()
                    .map(r -> Long.parseUnsignedLong(r.getString(0).substring(0, 16), 16)).fold(0L, Long::sum);
            rejects.coalesce(1).sortWithinPartitions("path", "stage", "reason").write().mode(SaveMode.ErrorIfExists)
                    .option("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false").parquet(output + "/rejects");
            int shards = (int) Math.max(1, Math.min(4 * spark.sparkContext().defaultParallelism(), samples / 256 + 1));
            checked.filter(col("ok")).select("split", "key", "image_path", "mask_path", "image", "mask", "width", "height",
                    "object_pixels", "content_sha256").repartition(shards, col("key")).sortWithinPartitions("key")
                    .write().mode(SaveMode.ErrorIfExists).option("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
                    .partitionBy("split").parquet(output + "/shards");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", FORMAT);
            m.put("task", "saliency");
            m.put("run_id", runId);
            m.put("created_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            m.put("code_version", CodeVersion.get());
            m.put("config_hash", settings.hash());
            m.put("input", input);
            m.put("content_fingerprint", String.format("%016x", content));
            m.put("images_in", imagesIn);
            m.put("samples", samples);
            m.put("rejected_images", rejectedImages);
            m.put("rejects_by_stage", byStage);
            m.put("samples_by_split", bySplit);
            m.put("object_pixel_share", totalPixels == 0 ? 0.0 : (double) objectPixels / totalPixels);
            m.put("files", files(fs, new Path(output)));
            try (OutputStream o = fs.create(new Path(output, "manifest.json"), false)) {
                o.write(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m)
                        .getBytes(StandardCharsets.UTF_8));
            }
            return new Result(output, imagesIn, samples, rejectedImages, byStage, bySplit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifest under " + output + ": " + e.getMessage(), e);
        } finally {
            checked.unpersist();
        }
    }

    private static List<Map<String, Object>> files(FileSystem fs, Path root) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        var it = fs.listFiles(root, true);
        String prefix = fs.makeQualified(root).toString() + "/";
        while (it.hasNext()) {
            FileStatus f = it.next();
            String rel = f.getPath().toString().substring(prefix.length());
            if (rel.endsWith(".parquet")) {
                out.add(Map.of("path", rel, "bytes", f.getLen()));
            }
        }
        out.sort((a, b) -> ((String) a.get("path")).compareTo((String) b.get("path")));
        return out;
    }

    /** Files of a folder matching a glob as (pathCol, stemCol); null when the folder does not exist. */
    private static Dataset<Row> list(SparkSession spark, String uri, String glob, String pathCol, String stemCol) {
        try {
            Path p = new Path(uri);
            if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
                return null;
            }
        } catch (IOException e) {
            throw new IngestInputException("cannot list " + uri + ": " + e.getMessage(), e);
        }
        return spark.read().format("binaryFile").option("pathGlobFilter", glob).load(uri)
                .select(col("path").as(pathCol), regexp_extract(col("path"), "([^/]+)\\.[A-Za-z]+$", 1).as(stemCol));
    }

    private static Iterator<Row> checkAll(Iterator<Row> it, HadoopConf conf) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Row next() {
                Row r = it.next();
                String split = r.getString(0);
                String key = r.getString(1);
                List<String> images = r.isNullAt(2) ? List.of() : r.getList(2);
                List<String> masks = r.isNullAt(3) ? List.of() : r.getList(3);
                List<String> imagesSorted = new ArrayList<>(images);
                java.util.Collections.sort(imagesSorted);
                String imagePath = imagesSorted.isEmpty() ? null : imagesSorted.get(0);
                String maskPath = masks.isEmpty() ? null : masks.get(0);
                if (imagesSorted.size() > 1) {
                    return RowFactory.create(split, key, imagePath, maskPath, false, null, null, 0, 0, 0L, null,
                            List.of(RowFactory.create(SaliencySampleCheck.PAIRING, imagePath, "several images share the stem '"
                                    + key + "': " + imagesSorted + "; keep one")).toArray(), imagesSorted.toArray());
                }
                byte[] image = imagePath == null ? null : HadoopFiles.read(imagePath, conf.get());
                byte[] mask = maskPath == null ? null : HadoopFiles.read(maskPath, conf.get());
                SaliencySampleCheck.Checked c = SaliencySampleCheck.check(key, imagePath, image, maskPath, mask);
                List<Row> problems = new ArrayList<>();
                for (SaliencySampleCheck.Problem p : c.problems()) {
                    problems.add(RowFactory.create(p.stage(), p.path(), p.reason()));
                }
                return RowFactory.create(split, key, imagePath, maskPath, c.ok(), c.ok() ? image : null, c.ok() ? mask : null,
                        c.width(), c.height(), c.objectPixels(), c.sha256(), problems.toArray(), imagesSorted.toArray());
            }
        };
    }
}
