package org.segpipe.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.provenance.Provenance;
import org.segpipe.model.data.BatchCodec;
import org.segpipe.model.data.EncodedBatch;
import org.segpipe.model.io.ModelFile;
import org.segpipe.model.io.SegModel;
import org.segpipe.model.loss.LossSpec;
import org.segpipe.model.net.UNetConfig;
import org.segpipe.model.net.Upsampling;

/**
 * Reproducibility of training: the same seed gives the same weights bit for bit, and a run resumed
 * from a mid-epoch checkpoint ends with exactly the weights and optimiser state of the
 * uninterrupted run (dropout included).
 */
class TrainerResumeTest {

    private static final UNetConfig NET = new UNetConfig(2, 4, 2.0, Upsampling.TRANSPOSED, List.of(), 0.25, 19, 3, 32, 64);
    private static final TrainConfig CFG = new TrainConfig(2, 2, "adam", 5e-3, 0.9, "constant", 0.9, 1, 1, 1e-4, true, 2, 10, 5);

    private static List<EncodedBatch> batches() {
        var samples = TrainData.samples(6, 64, 32, 11);
        List<EncodedBatch> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i += 2) {
            out.add(BatchCodec.encode(samples.subList(i, i + 2), 32, 64, true));
        }
        return out;
    }

    private static SegModel fresh() {
        Provenance p = new Provenance("run-1", "cfg", "test", "manifest", null, "2026-01-01T00:00:00Z", Map.of("epochs", "2"));
        return Trainer.newModel(NET, LossSpec.crossEntropy(), CFG, 3, Map.of("model.depth", "2"), p, 6);
    }

    /** Keeps every checkpoint's bytes by iteration. */
    private static final class Memory implements Trainer.Checkpoints {
        final Map<Long, byte[]> saved = new TreeMap<>();

        @Override
        public void save(SegModel model, TrainState state) {
            saved.put(state.iteration(), ModelFile.toBytes(model, true));
        }
    }

    private static final Trainer.Listener QUIET = r -> { };

    @Test
    void sameSeedSameWeightsAndResumeEqualsUninterrupted() {
        List<EncodedBatch> data = batches();
        List<EncodedBatch> validation = data.subList(0, 1);

        Memory first = new Memory();
        Trainer.Result a = Trainer.run(fresh(), CFG, TrainState.start(), TrainData.inMemory(data, validation, 3), first, QUIET);
        Trainer.Result again = Trainer.run(fresh(), CFG, TrainState.start(), TrainData.inMemory(data, validation, 3), new Memory(), QUIET);
        assertArrayEquals(a.model().network().params().toFloatVector(), again.model().network().params().toFloatVector(),
                "same seed, same weights");

        // checkpoints every 2 iterations and at epoch ends: 2 (mid epoch 1), 3 (end of 1), 4 (mid epoch 2), 6 (end)
        assertEquals(List.of(2L, 3L, 4L, 6L), new ArrayList<>(first.saved.keySet()));
        SegModel mid = ModelFile.read(first.saved.get(4L), "ckpt-4", true);
        assertEquals(new TrainState(1, 1, 4, mid.metadata().state().lossSum(), mid.metadata().state().seconds(), 2), mid.metadata().state());
        Trainer.Result resumed = Trainer.run(mid, CFG, mid.metadata().state(), TrainData.inMemory(data, validation, 3), new Memory(), QUIET);

        assertArrayEquals(a.model().network().params().toFloatVector(), resumed.model().network().params().toFloatVector(),
                "resumed weights equal the uninterrupted run's");
        assertArrayEquals(a.model().network().getUpdater().getStateViewArray().toFloatVector(),
                resumed.model().network().getUpdater().getStateViewArray().toFloatVector(), "optimiser state too");
        assertEquals(a.epochs().get(1), withTimes(resumed.epochs().get(0), a.epochs().get(1)),
                "the resumed epoch logs the same loss and validation figures");
        assertFalse(Double.isNaN(a.epochs().get(1).validationMiou()));
        assertTrue(Double.isNaN(a.epochs().get(1).validationMae()), "a multi-class run logs no saliency MAE");
        assertTrue(a.epochs().get(1).trainLoss() < a.epochs().get(0).trainLoss(), "the loss falls: " + a.epochs());
    }

    /** The record with the wall times of another (times differ between runs; everything else must not). */
    private static EpochRecord withTimes(EpochRecord r, EpochRecord times) {
        return new EpochRecord(r.epoch(), r.iterations(), r.trainLoss(), r.validationMiou(), r.validationPixelAccuracy(),
                r.validationMae(), r.learningRate(),
                r.trainImages(), times.trainSeconds(), times.validationSeconds());
    }

    @Test
    void incompatibleCheckpointsAreRefusedWithTheDifferences() {
        SegModel m = fresh();
        var e = assertThrows(ConfigException.class, () -> ResumeCheck.check("ckpt-7.zip", m.metadata(), Map.of("model.depth", "3"),
                "manifest", 2));
        assertEquals("cannot resume from ckpt-7.zip: it was made with model.depth=2 (this run: 3); a resumed run needs the same "
                + "model, loss and training settings (only train.epochs, train.checkpoint-every, train.keep-checkpoints and paths "
                + "may change)", e.getMessage());
        var data = assertThrows(ConfigException.class, () -> ResumeCheck.check("ckpt-7.zip", m.metadata(), Map.of("model.depth", "2"),
                "other", 2));
        assertTrue(data.getMessage().contains("the training data changed"), data.getMessage());
        assertNotNull(m.metadata().provenance());
    }
}
