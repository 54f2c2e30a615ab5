package org.segpipe.spark.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.segpipe.core.augment.SampleAugmenter;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.model.data.BatchCodec;
import org.segpipe.model.data.Crops;
import org.segpipe.model.data.EncodedBatch;
import scala.Tuple2;

/**
 * The batches of each training epoch, built on executors in a fixed order.
 *
 * <p>The order of an epoch is the samples sorted by {@code mix(seed, key, epoch)}; position
 * {@code p} goes to batch {@code p / batchSize}. Positions are computed from the keys alone (a sort
 * of small pairs), joined to the sample bytes without moving them (both are partitioned by key),
 * and the samples are decoded, augmented and cropped where they are, then sent to the partition
 * that owns their batch range. Partitions hold whole batches, so the driver receives batches in
 * order one partition at a time and never holds the dataset. The result depends only on the data,
 * the seed and the epoch: not on how many executors run, nor on retries.
 */
final class EpochBatches implements Serializable {

    private static final long serialVersionUID = 1L;

    private final JavaPairRDD<String, Row> samples;
    private final HashPartitioner byKey;
    private final long count;
    private final int batchSize;
    private final int batchesPerPartition;
    private final long seed;
    private final int cropHeight;
    private final int cropWidth;
    private final boolean randomCrop;
    private final SampleAugmenter augmenter;
    private final boolean saliency;

    EpochBatches(JavaRDD<Row> good, long count, int batchSize, int batchesPerPartition, long seed, int cropHeight, int cropWidth,
                 boolean crop, SampleAugmenter augmenter) {
        this(good, count, batchSize, batchesPerPartition, seed, cropHeight, cropWidth, crop, augmenter, false);
    }

    /**
     * @param good                usable training rows
     * @param count               how many
     * @param crop                crop to {@code cropHeight x cropWidth} (else the whole image, which must have that size)
     * @param saliency            rows are {@link org.segpipe.spark.data.SaliencySamples} (encoded by {@link SaliencyTraining})
     */
    EpochBatches(JavaRDD<Row> good, long count, int batchSize, int batchesPerPartition, long seed, int cropHeight, int cropWidth,
                 boolean crop, SampleAugmenter augmenter, boolean saliency) {
        int partitions = Math.max(1, good.getNumPartitions());
        this.byKey = new HashPartitioner(partitions);
        this.samples = good.mapToPair(r -> new Tuple2<>(r.<String>getAs("key"), r)).partitionBy(byKey)
                .persist(StorageLevel.MEMORY_AND_DISK());
        this.count = count;
        this.batchSize = batchSize;
        this.batchesPerPartition = batchesPerPartition;
        this.seed = seed;
        this.cropHeight = cropHeight;
        this.cropWidth = cropWidth;
        this.randomCrop = crop;
        this.augmenter = augmenter;
        this.saliency = saliency;
    }

    /** Training samples per epoch. */
    long count() {
        return count;
    }

    long batchesPerEpoch() {
        return (count + batchSize - 1) / batchSize;
    }

    /** Computes and caches the keyed samples now (so the caller can drop its own copy). */
    void materialize() {
        samples.count();
    }

    void release() {
        samples.unpersist(false);
    }

    /** The batches of {@code epoch} from batch {@code skip} on, as an RDD whose partitions are in batch order. */
    JavaRDD<EncodedBatch> rdd(int epoch, long skip) {
        long seedCopy = seed;
        JavaPairRDD<String, Long> positions = samples.keys()
                .mapToPair(k -> new Tuple2<>(new Tuple2<>(Crops.mix(seedCopy, k, epoch), k), k))
                .sortByKey(new OrderComparator(), true, byKey.numPartitions())
                .values()
                .zipWithIndex()
                .partitionBy(byKey);
        long firstPosition = skip * batchSize;
        int b = batchSize;
        int h = cropHeight;
        int w = cropWidth;
        boolean crop = randomCrop;
        SampleAugmenter aug = augmenter;
        long total = count;
        int perPartition = batchesPerPartition;
        boolean sal = saliency;
        JavaPairRDD<Long, EncodedBatch> encoded = samples.join(positions)
                .filter(t -> t._2()._2() >= firstPosition)
                .mapPartitionsToPair(it -> {
                    List<Tuple2<Long, EncodedBatch>> out = new ArrayList<>();
                    while (it.hasNext()) {
                        Tuple2<String, Tuple2<Row, Long>> t = it.next();
                        if (sal) {
                            out.add(new Tuple2<>(t._2()._2(), SaliencyTraining.encode(t._2()._1(), seedCopy, epoch, h, w, crop, aug)));
                            continue;
                        }
                        DecodedSample s = aug.augment(CheckedSample.decode(t._2()._1()), epoch);
                        if (crop) {
                            // an augmenter may return an image smaller than the crop: crop what there is, the batch pads the rest
                            int cw = Math.min(w, s.width());
                            int ch = Math.min(h, s.height());
                            s = Crops.apply(s, Crops.random(seedCopy, s.key(), epoch, s.width(), s.height(), cw, ch));
                        }
                        out.add(new Tuple2<>(t._2()._2(), BatchCodec.encode(List.of(s), h, w, true)));
                    }
                    return out.iterator();
                });
        long batches = (total + b - 1) / b;
        int partitions = (int) Math.max(1, (batches - skip + perPartition - 1) / perPartition);
        return encoded.partitionBy(new BatchRanges(b, perPartition, skip, partitions))
                .mapPartitions(it -> group(it, b), true);
    }

    private static Iterator<EncodedBatch> group(Iterator<Tuple2<Long, EncodedBatch>> it, int batchSize) {
        org.segpipe.spark.Faults.enter("train.batches");
        List<Tuple2<Long, EncodedBatch>> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        all.sort(Comparator.comparing(Tuple2::_1));
        List<EncodedBatch> out = new ArrayList<>();
        List<EncodedBatch> current = new ArrayList<>();
        long currentBatch = -1;
        for (Tuple2<Long, EncodedBatch> t : all) {
            long batch = t._1() / batchSize;
            if (batch != currentBatch && !current.isEmpty()) {
                out.add(BatchCodec.concat(current));
                current = new ArrayList<>();
            }
            currentBatch = batch;
            current.add(t._2());
        }
        if (!current.isEmpty()) {
            out.add(BatchCodec.concat(current));
        }
        return out.iterator();
    }

    /** Sorts by (mix, key): the key breaks the (astronomically unlikely) ties, so the order is total. */
    static final class OrderComparator implements Comparator<Tuple2<Long, String>>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(Tuple2<Long, String> a, Tuple2<Long, String> b) {
            int c = Long.compare(a._1(), b._1());
            return c != 0 ? c : a._2().compareTo(b._2());
        }
    }

    /** Partition {@code i} holds batches {@code skip + i*perPartition ..}: whole batches, in order. */
    static final class BatchRanges extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int batchSize;
        private final int perPartition;
        private final long skip;
        private final int partitions;

        BatchRanges(int batchSize, int perPartition, long skip, int partitions) {
            this.batchSize = batchSize;
            this.perPartition = perPartition;
            this.skip = skip;
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            long batch = (Long) key / batchSize - skip;
            return (int) Math.min(partitions - 1, Math.max(0, batch / perPartition));
        }
    }
}
