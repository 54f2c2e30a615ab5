package org.segpipe.spark.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
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

    private ShardWriter() {
    }

    /**
     * Writes {@code split}'s shards under {@code dir} (which must not exist) and returns the files,
     * with paths relative to the dataset folder.
     */
    static List<DatasetManifest.ShardFile> write(SparkSession spark, Dataset<Row> checks, String split, String version,
                                                 IngestConfig config, boolean firstSplit, Path dir) {
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

            Map<Integer, long[]> perShard = placed
                    .mapValues(r -> new long[] {1L, r.getLong(bytesIndex)})
                    .reduceByKey((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]})
                    .collectAsMap();

            Broadcast<SerializableConfiguration> conf = HadoopConf.broadcast(spark);
            int failAfter = firstSplit ? config.testFailAfterRows() : -1;
            JavaRDD<Row> shardRows = placed.partitionBy(new ExactPartitioner(shards)).values()
                    .mapPartitions((Iterator<Row> it) -> {
                        org.segpipe.spark.Faults.enter("ingest.write");
                        List<Row> plan = new ArrayList<>();
                        it.forEachRemaining(plan::add);
                        plan.sort(Comparator.comparing((Row r) -> r.getString(keyIndex)));
                        return new ShardRows(plan.iterator(), split, version, conf.value().value(), failAfter);
                    });
            spark.createDataFrame(shardRows, ShardTable.fileSchema()).write()
                    .mode(SaveMode.ErrorIfExists)
                    .options(DatasetFiles.parquetOptions(config.compression(), config.rowGroupBytes()))
                    .parquet(dir.toString());
            return DatasetFiles.shardFiles(spark.sparkContext().hadoopConfiguration(), dir, split, perShard);
        } finally {
            sorted.unpersist(false);
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
