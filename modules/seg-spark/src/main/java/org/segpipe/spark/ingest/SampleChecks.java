package org.segpipe.spark.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.cityscapes.SamplePair;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.ContentHash;
import org.segpipe.core.dataset.DataProblem;
import org.segpipe.core.dataset.DatasetStats;
import org.segpipe.core.dataset.SampleCheck;
import org.segpipe.core.dataset.SampleFiles;
import org.segpipe.core.dataset.SampleValidator;
import org.segpipe.spark.data.CityscapesTreeSource;
import org.segpipe.spark.data.HadoopConf;
import org.segpipe.spark.data.SampleTable;
import org.segpipe.spark.data.ShardTable;

/**
 * The first pass of an ingest, on executors: reads each pair's files, validates the sample with
 * {@link SampleValidator} (decodes all PNGs, checks sizes, label ids and instance ids, parses the
 * polygons) and hashes it. The result is one small row per sample (no file bytes), so it can be
 * kept in memory to plan the shards and count the rejects before anything is written.
 */
final class SampleChecks {

    static final String OK = "ok";
    static final String PAYLOAD_BYTES = "payload_bytes";
    static final String HASH_CHUNKS = "hash_chunks";
    static final String PROBLEMS = "problems";

    private SampleChecks() {
    }

    static StructType schema() {
        StructType problem = new StructType()
                .add("path", DataTypes.StringType, false)
                .add("stage", DataTypes.StringType, false)
                .add("reason", DataTypes.StringType, false);
        return new StructType()
                .add(SampleTable.KEY, DataTypes.StringType, false)
                .add(SampleTable.SPLIT, DataTypes.StringType, false)
                .add(SampleTable.CITY, DataTypes.StringType, false)
                .add(SampleTable.IMAGE_PATH, DataTypes.StringType, false)
                .add("label_ids_path", DataTypes.StringType, false)
                .add("instance_ids_path", DataTypes.StringType, true)
                .add("polygons_path", DataTypes.StringType, true)
                .add(PAYLOAD_BYTES, DataTypes.LongType, false)
                .add(OK, DataTypes.BooleanType, false)
                .add(ShardTable.WIDTH, DataTypes.IntegerType, false)
                .add(ShardTable.HEIGHT, DataTypes.IntegerType, false)
                .add(ShardTable.CLASS_PIXELS, DataTypes.createArrayType(DataTypes.LongType, false), false)
                .add(ShardTable.CLASS_INSTANCES, DataTypes.createArrayType(DataTypes.IntegerType, false), false)
                .add(ShardTable.CONTENT_SHA256, DataTypes.StringType, true)
                .add(HASH_CHUNKS, DataTypes.createArrayType(DataTypes.LongType, false), true)
                .add(PROBLEMS, DataTypes.createArrayType(problem, false), false);
    }

    /** Checks every pair in {@code partitions} tasks; rows follow {@link #schema()}. */
    static Dataset<Row> check(SparkSession spark, Dataset<Row> pairs, int partitions, SampleValidator.ImageCheck imageCheck) {
        Broadcast<SerializableConfiguration> conf = HadoopConf.broadcast(spark);
        JavaRDD<Row> rows = pairs.repartition(partitions).javaRDD().mapPartitions((Iterator<Row> it) -> new Iterator<Row>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Row next() {
                org.segpipe.spark.Faults.enter("ingest.validate");
                return checkOne(it.next(), conf.value().value(), imageCheck);
            }
        });
        return spark.createDataFrame(rows, schema());
    }

    /** The reject rows of the samples that failed, in {@link SampleTable#rejectSchema()}. */
    static Dataset<Row> rejects(Dataset<Row> checks) {
        return checks.filter(functions.not(functions.col(OK)))
                .select(functions.col(SampleTable.KEY), functions.col(SampleTable.SPLIT), functions.col(SampleTable.IMAGE_PATH),
                        functions.explode(functions.col(PROBLEMS)).as("p"))
                .select(functions.col("p.path"), functions.col("p.stage"), functions.col("p.reason"),
                        functions.col(SampleTable.KEY), functions.col(SampleTable.SPLIT), functions.col(SampleTable.IMAGE_PATH));
    }

    /**
     * Sums over the valid samples per "split/city" ({@link DatasetStats#cityKey}) of one
     * {@link DatasetStats} vector per sample. Each task sums its samples and the driver merges one
     * small map per task (no shuffle).
     */
    static java.util.HashMap<String, long[]> statsPerCity(Dataset<Row> checks) {
        JavaRDD<Row> ok = checks.filter(functions.col(OK)).select(SampleTable.SPLIT, SampleTable.CITY, PAYLOAD_BYTES,
                HASH_CHUNKS, ShardTable.CLASS_PIXELS, ShardTable.CLASS_INSTANCES).javaRDD();
        return ok.treeAggregate(new java.util.HashMap<>(), (java.util.HashMap<String, long[]> acc, Row r) -> {
            long[] v = acc.computeIfAbsent(DatasetStats.cityKey(r.getString(0), r.getString(1)), k -> DatasetStats.zero());
            DatasetStats.add(v, r.getLong(2), r.<Long>getList(3).stream().mapToLong(Long::longValue).toArray(),
                    r.<Long>getList(4).stream().mapToLong(Long::longValue).toArray(),
                    r.<Integer>getList(5).stream().mapToInt(Integer::intValue).toArray());
            return acc;
        }, DatasetStats::mergeAll);
    }

    static Row checkOne(Row pair, Configuration conf, SampleValidator.ImageCheck imageCheck) {
        String key = pair.getAs(SampleTable.KEY);
        String split = pair.getAs(SampleTable.SPLIT);
        String imagePath = pair.getAs(SampleTable.IMAGE_PATH);
        String labelsPath = pair.getAs("label_ids_path");
        String instancesPath = pair.getAs("instance_ids_path");
        String polygonsPath = pair.getAs("polygons_path");
        List<DataProblem> problems = new ArrayList<>();
        byte[] image = read(imagePath, conf, problems);
        byte[] labels = read(labelsPath, conf, problems);
        byte[] instances = read(instancesPath, conf, problems);
        byte[] polygons = read(polygonsPath, conf, problems);
        long payload = length(image) + length(labels) + length(instances) + length(polygons);
        int width = 0;
        int height = 0;
        long[] classPixels = new long[org.segpipe.core.dataset.DatasetManifest.LABEL_IDS];
        int[] classInstances = new int[classPixels.length];
        String sha = null;
        if (problems.isEmpty()) {
            SamplePair sp = new SamplePair(Split.fromFolderName(split), SampleKey.parse(key), imagePath, labelsPath,
                    instancesPath, null, polygonsPath);
            // The colour image is not kept in the shards (it is the label ids in the palette), so it is not read.
            SampleCheck c = SampleValidator.validate(new SampleFiles(sp, image, labels, instances, null, polygons), imageCheck);
            problems.addAll(c.problems());
            width = c.width();
            height = c.height();
            classPixels = c.classPixels();
            classInstances = c.instanceCounts();
            if (c.ok()) {
                sha = ContentHash.sample(key, split, image, labels, instances, polygonsText(polygons));
            }
        }
        List<Row> problemRows = new ArrayList<>();
        for (DataProblem p : problems) {
            problemRows.add(RowFactory.create(p.path(), p.stage(), p.reason()));
        }
        long[] chunks = sha == null ? null : DatasetStats.chunks(sha);
        return RowFactory.create(key, split, pair.getAs(SampleTable.CITY), imagePath, labelsPath, instancesPath,
                polygonsPath, payload, problems.isEmpty(), width, height, classPixels, classInstances, sha, chunks,
                problemRows.toArray(new Row[0]));
    }

    /** Polygons are stored as text; the hash covers the text as stored. */
    static String polygonsText(byte[] polygons) {
        return polygons == null ? null : new String(polygons, StandardCharsets.UTF_8);
    }

    private static byte[] read(String path, Configuration conf, List<DataProblem> problems) {
        if (path == null) {
            return null;
        }
        try {
            return CityscapesTreeSource.readFile(path, conf);
        } catch (IOException e) {
            problems.add(new DataProblem(path, DataProblem.READ, path + ": cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")"));
            return null;
        }
    }

    private static long length(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
