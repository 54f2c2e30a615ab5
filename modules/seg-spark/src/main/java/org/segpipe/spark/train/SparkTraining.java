package org.segpipe.spark.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.DoubleAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.segpipe.core.config.ConfigException;
import org.segpipe.model.data.BatchCodec;
import org.segpipe.model.data.EncodedBatch;
import org.segpipe.model.io.SegModel;
import org.segpipe.model.train.EpochRecord;
import org.segpipe.model.train.TrainConfig;
import org.segpipe.model.train.TrainState;
import org.segpipe.model.train.Trainer;
import org.segpipe.model.train.ValidationCounts;
import org.segpipe.spark.gpu.GpuBinding;
import scala.runtime.AbstractFunction1;

/**
 * Data-parallel training with DL4J's {@link ParameterAveragingTrainingMaster}
 * ({@link RDDTrainingApproach#Direct}, no repartitioning): each epoch's batches come from
 * {@link EpochBatches} (decoded, augmented and cropped on executors; cached serialized on the
 * executors for the epoch, never on the driver) and are fitted in rounds. A round is
 * {@code workers} consecutive partitions of {@code averagingFrequency} batches each: every worker
 * fits its partition's batches, then the driver averages parameters and updater state. Rounds
 * follow the epoch's fixed batch order, so the data each worker sees depends only on the seed.
 *
 * <p>Every training task first binds itself to its GPU ({@link GpuBinding}) in the same task
 * that fits, before any ND4J array exists there; the bindings are collected into an accumulator.
 * The training log, checkpoints (after every epoch; {@code train.checkpoint-every} counts rounds'
 * iterations) and validation are those of local training: validation runs on the driver over the
 * averaged network.
 *
 * <p>With {@code train.spark.master=sharing} the same rounds go through DL4J's
 * {@code SharedTrainingMaster} ({@link SharingMaster}): within a round the workers exchange
 * threshold-encoded updates through the driver instead of being averaged at its end, and the
 * round's loss is the mean of the replicas' minibatch scores ({@link SharedLoss}).
 */
final class SparkTraining {

    private SparkTraining() {
    }

    static Trainer.Result run(SparkSession spark, SegModel model, TrainConfig cfg, SparkTrainConfig sc, TrainState start,
                              EpochBatches batches, Trainer.Data data, Trainer.Checkpoints checkpoints, Trainer.Listener listener,
                              CollectionAccumulator<GpuBinding.Bound> bindings) {
        if (start.batchInEpoch() != 0) {
            throw new ConfigException("train.mode=spark resumes at epoch boundaries, but the newest checkpoint stops at batch "
                    + start.batchInEpoch() + " of epoch " + (start.epoch() + 1) + "; resume it with train.mode=local");
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ComputationGraph net = model.network();
        boolean sharing = sc.master() == SparkTrainConfig.Master.SHARING;
        TrainingMaster<?, ?> master = sharing ? SharingMaster.build(jsc, sc, cfg.seed()) : averaging(sc, cfg.seed());
        SparkComputationGraph sparkNet = new SparkComputationGraph(jsc, net, master);
        try {
            return fit(sparkNet, net, model, cfg, sc, start, batches, data, checkpoints, listener, bindings);
        } finally {
            if (sharing) {
                SharingMaster.shutdown();
            }
        }
    }

    private static ParameterAveragingTrainingMaster averaging(SparkTrainConfig sc, long seed) {
        return new ParameterAveragingTrainingMaster.Builder(sc.workers(), sc.batchPerWorker())
                .batchSizePerWorker(sc.batchPerWorker())
                .averagingFrequency(sc.averagingFrequency())
                .workerPrefetchNumBatches(sc.prefetch())
                .saveUpdater(true)
                .repartionData(Repartition.Never)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                // no persisting of the MultiDataSet RDD: each round's batches are bound and converted inside the fitting task
                .storageLevel(null)
                .rngSeed(seed)
                .build();
    }

    private static Trainer.Result fit(SparkComputationGraph sparkNet, ComputationGraph net, SegModel model, TrainConfig cfg,
                                      SparkTrainConfig sc, TrainState start, EpochBatches batches, Trainer.Data data,
                                      Trainer.Checkpoints checkpoints, Trainer.Listener listener,
                                      CollectionAccumulator<GpuBinding.Bound> bindings) {
        boolean sharing = sc.master() == SparkTrainConfig.Master.SHARING;
        DoubleAccumulator scoreSum = sharing ? sparkNet.getSparkContext().sc().doubleAccumulator("segpipe sharing score sum") : null;
        DoubleAccumulator scoreCount = sharing ? sparkNet.getSparkContext().sc().doubleAccumulator("segpipe sharing score count") : null;
        if (sharing) {
            sparkNet.setListeners(List.of(new SharedLoss.Listener()));
        }
        SegModel current = model;
        TrainState state = start;
        List<EpochRecord> log = new ArrayList<>();
        int classes = model.metadata().net().classes();
        long iteration = state.iteration();
        while (state.epoch() < cfg.epochs()) {
            int epoch = state.epoch();
            net.getConfiguration().setEpochCount(epoch);
            JavaRDD<EncodedBatch> epochBatches = batches.rdd(epoch, 0).persist(StorageLevel.MEMORY_AND_DISK_SER());
            try {
                int partitions = epochBatches.getNumPartitions();
                long batchesPerEpoch = batches.batchesPerEpoch();
                double lossSum = 0;
                double seconds = 0;
                long images = 0;
                long done = 0;
                int rounds = 0;
                for (int first = 0; first < partitions; first += sc.workers()) {
                    long t0 = System.nanoTime();
                    int from = first;
                    int to = Math.min(partitions, first + sc.workers());
                    JavaRDD<MultiDataSet> round = PartitionPruningRDD.create(epochBatches.rdd(), new InRange(from, to)).toJavaRDD()
                            .mapPartitions(it -> bound(it, bindings, scoreSum, scoreCount));
                    long roundBatches = Math.min(batchesPerEpoch, (long) to * sc.averagingFrequency()) - (long) from * sc.averagingFrequency();
                    double loss;
                    if (sharing) {
                        scoreSum.reset();
                        scoreCount.reset();
                        sparkNet.fitMultiDataSet(round);
                        // DL4J's sharing worker logs a failed fit and returns normally: every batch must have been fitted
                        if (scoreCount.value() != roundBatches) {
                            throw new IllegalStateException("gradient sharing fitted " + scoreCount.value().longValue() + " of "
                                    + roundBatches + " batches in round " + (rounds + 1) + " of epoch " + (epoch + 1)
                                    + "; see the executors' logs (SharedTrainingWrapper)");
                        }
                        loss = scoreSum.value() / scoreCount.value();
                    } else {
                        sparkNet.fitMultiDataSet(round);
                        loss = sparkNet.getScore();
                    }
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("the training loss became " + loss + " in round " + (rounds + 1) + " of epoch "
                                + (epoch + 1) + "; lower train.learning-rate");
                    }
                    double dt = (System.nanoTime() - t0) / 1e9;
                    long roundImages = Math.min(batches.count(), (done + roundBatches) * sc.batchPerWorker())
                            - Math.min(batches.count(), done * sc.batchPerWorker());
                    seconds += dt;
                    lossSum += loss;
                    rounds++;
                    done += roundBatches;
                    images += roundImages;
                    // iterations as each worker counts them: averaging-frequency fits per round
                    iteration += sc.averagingFrequency();
                    listener.batchDone(epoch, done, batchesPerEpoch, lossSum / rounds, roundImages / dt);
                    if (cfg.checkpointEvery() > 0 && rounds % cfg.checkpointEvery() == 0 && to < partitions) {
                        // mid-epoch checkpoints keep the weights; spark mode resumes them at the start of their epoch
                        TrainState mid = new TrainState(epoch, 0, iteration, 0, 0, 0);
                        checkpoints.save(new SegModel(net, current.metadata().withState(mid)), mid);
                    }
                }
                if (rounds == 0) {
                    throw new IllegalStateException("epoch " + (epoch + 1) + " had no training batches");
                }
                long v0 = System.nanoTime();
                ValidationCounts counts = Trainer.validate(net, data.validationBatches(), classes);
                double vSeconds = (System.nanoTime() - v0) / 1e9;
                EpochRecord record = new EpochRecord(epoch + 1, iteration, lossSum / rounds, counts.meanIoU(), counts.pixelAccuracy(),
                        counts.meanMae(), Trainer.learningRate(net, iteration, epoch), images, seconds, vSeconds);
                state = new TrainState(epoch + 1, 0, iteration, 0, 0, 0);
                current = new SegModel(net, current.metadata().withState(state));
                log.add(record);
                listener.epochDone(record);
                checkpoints.save(current, state);
            } finally {
                epochBatches.unpersist(false);
            }
        }
        return new Trainer.Result(current, log);
    }

    /** Binds the task to its GPU, records the binding, then turns the task's batches into DL4J's MultiDataSets lazily. */
    private static Iterator<MultiDataSet> bound(Iterator<EncodedBatch> it, CollectionAccumulator<GpuBinding.Bound> bindings,
                                                DoubleAccumulator scoreSum, DoubleAccumulator scoreCount) {
        GpuBinding.Bound b = GpuBinding.bind();
        if (scoreSum != null) {
            // gradient sharing: ready the JVM before DL4J's worker starts its transport, downstream in this same task
            SharingMaster.prepareJvm();
            SharedLoss.drainAtTaskEnd(scoreSum, scoreCount);
        }
        if (bindings != null) {
            bindings.add(b);
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public MultiDataSet next() {
                EncodedBatch e = it.next();
                return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {BatchCodec.features(e)},
                        new INDArray[] {BatchCodec.labels(e)});
            }
        };
    }

    /** Keeps partitions {@code from <= i < to}: one averaging round of the epoch. */
    static final class InRange extends AbstractFunction1<Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int from;
        private final int to;

        InRange(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public Object apply(Object index) {
            int i = (Integer) index;
            return i >= from && i < to;
        }
    }
}
