package org.segpipe.model.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.generate.SyntheticSample;
import org.segpipe.model.data.BatchCodec;
import org.segpipe.model.data.EncodedBatch;

/** Learnable tiny data for training tests: generated street scenes, as batches. */
final class TrainData {

    private TrainData() {
    }

    /** Generated samples of {@code width x height}, deterministic in the index. */
    static List<DecodedSample> samples(int count, int width, int height, long seed) {
        List<DecodedSample> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = "aachen_" + String.format("%06d", i) + "_000019";
            SyntheticSample s = SyntheticSample.create(seed, Split.TRAIN, org.segpipe.core.cityscapes.SampleKey.parse(key), width, height);
            out.add(new DecodedSample(key, Split.TRAIN, s.image(), s.labelIds(), s.instanceIds()));
        }
        return out;
    }

    /** One batch of {@code n} scenes with train-id labels, as DL4J fits it. */
    static MultiDataSet scenes(int n, int height, int width, long seed) {
        EncodedBatch b = BatchCodec.encode(samples(n, width, height, seed), height, width, true);
        return new MultiDataSet(new INDArray[] {BatchCodec.features(b)}, new INDArray[] {BatchCodec.labels(b)});
    }

    /** In-memory data: the same batches every epoch, in a seeded order per epoch. */
    static Trainer.Data inMemory(List<EncodedBatch> train, List<EncodedBatch> validation, long seed) {
        return new Trainer.Data() {
            @Override
            public long batchesPerEpoch() {
                return train.size();
            }

            @Override
            public Iterator<EncodedBatch> trainBatches(int epoch, long skip) {
                List<EncodedBatch> order = new ArrayList<>(train);
                Collections.shuffle(order, new java.util.Random(seed * 31 + epoch));
                return order.subList((int) skip, order.size()).iterator();
            }

            @Override
            public Iterator<EncodedBatch> validationBatches() {
                return validation.iterator();
            }
        };
    }

    static int classes() {
        return CityscapesLabels.NUM_TRAIN_IDS;
    }
}
