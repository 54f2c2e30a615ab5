package org.segpipe.spark.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.Partitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.segpipe.core.dataset.ContentHash;
import org.segpipe.core.dataset.DatasetManifest;
import org.segpipe.core.dataset.IngestConfig;
import org.segpipe.core.dataset.ShardPlan;
import org.segpipe.spark.data.CityscapesTreeSource;
import org.segpipe.spark.data.HadoopConf;
import org.segpipe.spark.data.SampleTable;
import org.segpipe.spark.data.ShardTable;
import scala.Tuple2;

/**
 * The second pass of an ingest: deals the valid samples of one split to shards of the target size
 * ({@link ShardPlan}; a distributed prefix sum over the samples in key order, on rows without
 * bytes), moves only those small rows so that each task holds exactly one shard, then reads the
 * file bytes in that task, checks them against the first pass's content hash and writes one
 * Parquet file. File bytes are never shuffled; a task holds one row group at a time.
 */
final class ShardWriter {

    private static final Pattern PART = Pattern.compile("part-(\\d{5})-.*\\.parquet");

    private ShardWriter() {
    }

    /**
     * Writes {@code split}'s shards under {@code dir} (which must not exist) and returns the files,
     * with paths relative to {@code datasetRoot}.
     */
    static List<DatasetManifest.ShardFile> write(SparkSession spark, Dataset<Row> checks, String split, String version,
                                                 IngestConfig config, boolean firstSplit, Path dir, Path datasetRoot) {
        Dataset<Row> ok = checks.filter(functions.col(SampleChecks.OK).and(functions.col(SampleTable.SPLIT).equalTo(split)))
                .drop(SampleChecks.PROBLEMS, SampleChecks.HASH_CHUNKS, SampleChecks.OK);
        int keyIndex = ok.schema().fieldIndex(SampleTable.KEY);
        int bytesIndex = ok.schema().fieldIndex(SampleChecks.PAYLOAD_BYTES);

        // Key order, then each partition's byte total, then a running offset per row.
        JavaRDD<Row> sorted = ok.javaRDD().sortBy(r -> r.getString(keyIndex), true,
                Math.max(1, spark.sparkContext().defaultParallelism())).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // Per partition of the sorted rows: [rows, bytes].
            List<long[]> partTotals = sorted.mapPartitions((Iterator<Row> it) -> {
                long[] t = new long[2];
                while (it.hasNext()) {
                    t[0]++;
                    t[1] += it.next().getLong(bytesIndex);
                }
                return List.of(t).iterator();
            }).collect();
            long[] offsets = new long[partTotals.size()];
            long total = 0;
            long samples = 0;
            for (int i = 0; i < partTotals.size(); i++) {
                offsets[i] = total;
                total += partTotals.get(i)[1];
                samples += partTotals.get(i)[0];
            }
            int shards = ShardPlan.shardCount(total, samples, config.targetShardBytes());
            long totalBytes = total;
            JavaPairRDD<Integer, Row> placed = sorted.mapPartitionsWithIndex((Integer index, Iterator<Row> it) -> {
                List<Tuple2<Integer, Row>> out = new ArrayList<>();
                long start = offsets[index];
                while (it.hasNext()) {
                    Row r = it.next();
                    long size = r.getLong(bytesIndex);
                    out.add(new Tuple2<>(ShardPlan.shardOf(start, size, totalBytes, shards), r));
                    start += size;
                }
                return out.iterator();
            }, true).mapToPair(t -> t);

            Map<Integer, Tuple2<Long, Long>> perShard = placed
                    .mapValues(r -> new Tuple2<>(1L, r.getLong(bytesIndex)))
                    .reduceByKey((a, b) -> new Tuple2<>(a._1() + b._1(), a._2() + b._2()))
                    .collectAsMap();

            Broadcast<SerializableConfiguration> conf = HadoopConf.broadcast(spark);
            int failAfter = firstSplit ? config.testFailAfterRows() : -1;
            JavaRDD<Row> shardRows = placed.partitionBy(new ExactPartitioner(shards)).values()
                    .mapPartitions((Iterator<Row> it) -> {
                        List<Row> plan = new ArrayList<>();
                        it.forEachRemaining(plan::add);
                        plan.sort(Comparator.comparing((Row r) -> r.getString(keyIndex)));
                        return new ShardRows(plan.iterator(), split, version, conf.value().value(), failAfter);
                    });
            spark.createDataFrame(shardRows, ShardTable.fileSchema()).write()
                    .mode(SaveMode.ErrorIfExists)
                    .options(parquetOptions(config))
                    .parquet(dir.toString());
            return listFiles(spark.sparkContext().hadoopConfiguration(), dir, datasetRoot, split, perShard);
        } finally {
            sorted.unpersist(false);
        }
    }

    /** Writer settings for multi-MB rows (STACK.md): row groups and pages checked after every row. */
    static Map<String, String> parquetOptions(IngestConfig config) {
        Map<String, String> o = new java.util.LinkedHashMap<>();
        o.put("compression", config.compression().equals("uncompressed") ? "none" : config.compression());
        o.put("parquet.block.size", Long.toString(config.rowGroupBytes()));
        o.put("parquet.block.size.row.check.min", "1");
        o.put("parquet.page.size.row.check.min", "1");
        o.put("parquet.page.size", Integer.toString(1024 * 1024));
        for (String c : List.of(SampleTable.IMAGE_PNG, SampleTable.LABEL_IDS_PNG, SampleTable.INSTANCE_IDS_PNG,
                SampleTable.POLYGONS_JSON, ShardTable.CONTENT_SHA256)) {
            // A dictionary of unique multi-MB values only costs memory before Parquet gives up on it.
            o.put("parquet.enable.dictionary#" + c, "false");
        }
        o.put("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
        return o;
    }

    private static List<DatasetManifest.ShardFile> listFiles(Configuration conf, Path dir, Path root, String split,
                                                             Map<Integer, Tuple2<Long, Long>> perShard) {
        try {
            FileSystem fs = dir.getFileSystem(conf);
            List<DatasetManifest.ShardFile> out = new ArrayList<>();
            for (FileStatus st : fs.listStatus(dir)) {
                String name = st.getPath().getName();
                if (name.startsWith("_") || name.startsWith(".")) {
                    continue;
                }
                Matcher m = PART.matcher(name);
                Tuple2<Long, Long> stats = m.matches() ? perShard.get(Integer.parseInt(m.group(1))) : null;
                if (stats == null) {
                    throw new IllegalStateException(st.getPath() + ": expected one Parquet file per planned shard "
                            + perShard.keySet() + ", found this one besides");
                }
                String relative = ShardTable.SHARDS_DIR + "/" + SampleTable.SPLIT + "=" + split + "/" + name;
                out.add(new DatasetManifest.ShardFile(relative, split, stats._1(), st.getLen(), stats._2()));
            }
            if (out.size() != perShard.size()) {
                throw new IllegalStateException(dir + ": expected " + perShard.size() + " shard files, found " + out.size());
            }
            out.sort(Comparator.comparing(DatasetManifest.ShardFile::path));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Partition i holds shard i. */
    static final class ExactPartitioner extends Partitioner {
        private final int partitions;

        ExactPartitioner(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ExactPartitioner p && p.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }

    /** Reads one planned sample at a time and turns it into a shard row. */
    private static final class ShardRows implements Iterator<Row> {
        private final Iterator<Row> plan;
        private final String split;
        private final String version;
        private final Configuration conf;
        private final int failAfter;
        private int emitted;

        ShardRows(Iterator<Row> plan, String split, String version, Configuration conf, int failAfter) {
            this.plan = plan;
            this.split = split;
            this.version = version;
            this.conf = conf;
            this.failAfter = failAfter;
        }

        @Override
        public boolean hasNext() {
            return plan.hasNext();
        }

        @Override
        public Row next() {
            if (failAfter >= 0 && emitted == failAfter && TaskContext.getPartitionId() == 0) {
                throw new IllegalStateException("injected failure after " + emitted
                        + " rows of the first shard (ingest.test-fail-after-rows)");
            }
            Row r = plan.next();
            String key = r.getAs(SampleTable.KEY);
            String imagePath = r.getAs(SampleTable.IMAGE_PATH);
            byte[] image = read(imagePath);
            byte[] labels = read(r.getAs("label_ids_path"));
            byte[] instances = read(r.getAs("instance_ids_path"));
            String polygons = SampleChecks.polygonsText(read(r.getAs("polygons_path")));
            String expected = r.getAs(ShardTable.CONTENT_SHA256);
            String found = ContentHash.sample(key, split, image, labels, instances, polygons);
            if (!found.equals(expected)) {
                throw new IllegalStateException(imagePath + ": the sample's files changed while ingesting (content hash "
                        + expected + " when validated, " + found + " when written); re-run the ingest");
            }
            emitted++;
            return RowFactory.create(key, r.getAs(SampleTable.CITY), imagePath, image, labels, instances, polygons, null,
                    r.getAs(ShardTable.WIDTH), r.getAs(ShardTable.HEIGHT), r.get(r.fieldIndex(ShardTable.CLASS_PIXELS)),
                    r.get(r.fieldIndex(ShardTable.CLASS_INSTANCES)), expected, version);
        }

        private byte[] read(String path) {
            if (path == null) {
                return null;
            }
            try {
                return CityscapesTreeSource.readFile(path, conf);
            } catch (IOException e) {
                throw new UncheckedIOException(path + ": could be read when validated but not when written ("
                        + e.getMessage() + "); re-run the ingest", e);
            }
        }
    }
}
