package org.segpipe.model.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.segpipe.model.data.BatchCodec;
import org.segpipe.model.data.Crops;
import org.segpipe.model.data.EncodedBatch;
import org.segpipe.model.data.SaliencyBatches;
import org.segpipe.model.io.SegModel;

/**
 * The training loop, with no Spark in it: batches come from a {@link Data}, checkpoints go to a
 * {@link Checkpoints}, epoch results to a {@link Listener}. Everything that varies between
 * iterations derives from the seed and the iteration number (the batch order and crops come from
 * the data source; the dropout masks from a generator reseeded every iteration), so a run resumed
 * from a checkpoint continues exactly as the uninterrupted run would have.
 */
public final class Trainer {

    /** The batches of a run, in a fixed order per epoch. */
    public interface Data {
        /** Batches per epoch. */
        long batchesPerEpoch();

        /** The batches of {@code epoch} after skipping the first {@code skip} (already trained before a resume). */
        Iterator<EncodedBatch> trainBatches(int epoch, long skip);

        /** Validation batches (labelled, any size the network accepts); empty for no validation. */
        Iterator<EncodedBatch> validationBatches();
    }

    /** Where checkpoints go. */
    public interface Checkpoints {
        void save(SegModel model, TrainState state);
    }

    /** Receives the results of each epoch and the progress within it. */
    public interface Listener {
        default void batchDone(int epoch, long batchInEpoch, long batchesPerEpoch, double loss, double imagesPerSecond) {
        }

        void epochDone(EpochRecord record);
    }

    /** The result of a run: the trained model and the log of the epochs run now. */
    public record Result(SegModel model, List<EpochRecord> epochs) {
    }

    private Trainer() {
    }

    /**
     * A new model to train: the UNet with fresh weights from {@code cfg.seed()}, the optimiser of
     * {@code cfg} laid out over {@code epochs * batchesPerEpoch} iterations, and its metadata.
     */
    public static SegModel newModel(org.segpipe.model.net.UNetConfig net, org.segpipe.model.loss.LossSpec loss, TrainConfig cfg,
                                    long batchesPerEpoch, java.util.Map<String, String> fingerprint,
                                    org.segpipe.core.provenance.Provenance provenance, long trainImages) {
        return newModel(org.segpipe.model.net.NetArchitecture.UNET, net, loss, cfg, batchesPerEpoch, fingerprint, provenance,
                trainImages);
    }

    /** {@link #newModel} with the network of {@code architecture} ({@code model.architecture}). */
    public static SegModel newModel(org.segpipe.model.net.NetArchitecture architecture, org.segpipe.model.net.UNetConfig net,
                                    org.segpipe.model.loss.LossSpec loss, TrainConfig cfg, long batchesPerEpoch,
                                    java.util.Map<String, String> fingerprint, org.segpipe.core.provenance.Provenance provenance,
                                    long trainImages) {
        ComputationGraph graph = architecture.build(net, loss,
                new org.segpipe.model.net.NetTraining(cfg.updater(cfg.epochs() * batchesPerEpoch), cfg.weightDecay(), cfg.seed()));
        return new SegModel(graph, new org.segpipe.model.io.ModelMetadata(org.segpipe.model.io.ModelFile.FORMAT, net, loss,
                BatchCodec.MEAN, BatchCodec.STD, fingerprint, TrainState.start(), trainImages, provenance));
    }

    public static Result run(SegModel model, TrainConfig cfg, TrainState start, Data data, Checkpoints checkpoints, Listener listener) {
        ComputationGraph net = model.network();
        SegModel current = model;
        TrainState state = start;
        List<EpochRecord> log = new ArrayList<>();
        int classes = model.metadata().net().classes();
        while (state.epoch() < cfg.epochs()) {
            int epoch = state.epoch();
            net.getConfiguration().setEpochCount(epoch);
            long batch = state.batchInEpoch();
            long iteration = state.iteration();
            double lossSum = state.lossSum();
            double seconds = state.seconds();
            long images = state.images();
            Iterator<EncodedBatch> batches = data.trainBatches(epoch, batch);
            while (batches.hasNext()) {
                EncodedBatch b = batches.next();
                long t0 = System.nanoTime();
                INDArray features = BatchCodec.features(b);
                INDArray labels = BatchCodec.labels(b);
                // dropout masks depend only on (seed, iteration), so a resumed run draws the same ones
                Nd4j.getRandom().setSeed(Crops.mix(cfg.seed(), "dropout", iteration));
                // a deeply supervised network (several outputs) gets the same labels on each
                INDArray[] allLabels = new INDArray[net.getNumOutputArrays()];
                java.util.Arrays.fill(allLabels, labels);
                net.fit(new MultiDataSet(new INDArray[] {features}, allLabels));
                double loss = net.score();
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("the training loss became " + loss + " at iteration " + iteration + " (epoch "
                            + (epoch + 1) + ", batch " + b.keys() + "); lower train.learning-rate");
                }
                double dt = (System.nanoTime() - t0) / 1e9;
                seconds += dt;
                lossSum += loss;
                batch++;
                iteration++;
                images += b.size();
                listener.batchDone(epoch, batch, data.batchesPerEpoch(), lossSum / batch, b.size() / dt);
                if (cfg.checkpointEvery() > 0 && iteration % cfg.checkpointEvery() == 0 && batches.hasNext()) {
                    TrainState mid = new TrainState(epoch, batch, iteration, lossSum, seconds, images);
                    current = new SegModel(net, current.metadata().withState(mid));
                    checkpoints.save(current, mid);
                }
            }
            if (batch == 0) {
                throw new IllegalStateException("epoch " + (epoch + 1) + " had no training batches");
            }
            long v0 = System.nanoTime();
            ValidationCounts counts = validate(net, data.validationBatches(), classes);
            double vSeconds = (System.nanoTime() - v0) / 1e9;
            EpochRecord record = new EpochRecord(epoch + 1, iteration, lossSum / batch, counts.meanIoU(), counts.pixelAccuracy(),
                    counts.meanMae(), learningRate(net, iteration, epoch), images, seconds, vSeconds);
            state = new TrainState(epoch + 1, 0, iteration, 0, 0, 0);
            current = new SegModel(net, current.metadata().withState(state));
            log.add(record);
            // the log first: rewriting an epoch's row is idempotent, a checkpoint without its row would lose it
            listener.epochDone(record);
            checkpoints.save(current, state);
        }
        return new Result(current, log);
    }

    /**
     * Confusion counts of the network's argmax against the labels over the valid area of each image;
     * for a one-channel sigmoid head also each image's saliency MAE ({@link SaliencyBatches#mae}).
     */
    public static ValidationCounts validate(ComputationGraph net, Iterator<EncodedBatch> batches, int classes) {
        // a one-channel sigmoid head (saliency) is counted as two classes, object at p >= 0.5
        ValidationCounts counts = new ValidationCounts(Math.max(classes, 2));
        while (batches.hasNext()) {
            EncodedBatch b = batches.next();
            INDArray probs = net.output(false, BatchCodec.features(b))[0];
            int[] predicted = classes == 1 ? probs.gte(0.5).castTo(DataType.INT).reshape(-1).toIntVector()
                    : Nd4j.argMax(probs, 3).castTo(DataType.INT).reshape(-1).toIntVector();
            byte[] truth = b.trainIds();
            int h = b.height();
            int w = b.width();
            for (int i = 0; i < b.size(); i++) {
                if (classes == 1) {
                    counts.addMae(SaliencyBatches.mae(probs, b, i));
                }
                int vh = b.validHeight(i);
                int vw = b.validWidth(i);
                for (int y = 0; y < vh; y++) {
                    int row = (i * h + y) * w;
                    for (int x = 0; x < vw; x++) {
                        counts.add(truth[row + x] & 0xFF, predicted[row + x]);
                    }
                }
            }
        }
        return counts;
    }

    public static double learningRate(ComputationGraph net, long iteration, int epoch) {
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            if (layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b && b.getIUpdater() != null) {
                return b.getIUpdater().getLearningRate((int) iteration, epoch);
            }
        }
        return Double.NaN;
    }
}
