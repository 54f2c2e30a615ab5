package org.segpipe.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.generate.saliency.SaliencyDatasetGenerator;
import org.segpipe.core.generate.saliency.SaliencyScenes;
import org.segpipe.core.metrics.saliency.SaliencyMeasures;
import org.segpipe.core.provenance.Provenance;
import org.segpipe.model.data.BatchCodec;
import org.segpipe.model.data.EncodedBatch;
import org.segpipe.model.data.SaliencyBatches;
import org.segpipe.model.io.SegModel;
import org.segpipe.model.loss.LossKind;
import org.segpipe.model.loss.LossSpec;
import org.segpipe.model.net.UNetConfig;
import org.segpipe.model.net.Upsampling;

/**
 * A small training run of the sigmoid-head UNet on generated saliency scenes through the
 * {@link Trainer}: the BCE + IoU loss falls and the held-out MAE improves on the untrained network.
 */
class SaliencyTrainTest {

    private static final int SIZE = 32;
    private static final UNetConfig NET = new UNetConfig(2, 8, 2.0, Upsampling.TRANSPOSED, List.of(), 0.0, 1, 3, SIZE, SIZE);
    private static final TrainConfig CFG = new TrainConfig(8, 4, "adam", 1e-2, 0.9, "constant", 0.9, 1, 1, 0.0, false, 0, 1, 7);

    static List<SaliencyBatches.Sample> scenes(Split split, int n) {
        List<SaliencyBatches.Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SaliencyScenes.Scene s = SaliencyScenes.draw(SIZE, SIZE, SaliencyDatasetGenerator.sceneSeed(3, split, i));
            out.add(new SaliencyBatches.Sample(SaliencyDatasetGenerator.stem(split, i), s.image(), s.mask()));
        }
        return out;
    }

    /** Mean per-image MAE (saliency convention) of the network on held-out scenes. */
    static double mae(SegModel model, List<SaliencyBatches.Sample> heldOut) {
        EncodedBatch b = SaliencyBatches.encode(heldOut);
        INDArray probs = model.network().output(false, BatchCodec.features(b))[0];
        double sum = 0;
        for (int i = 0; i < heldOut.size(); i++) {
            sum += SaliencyMeasures.score(SaliencyBatches.toGrey(probs, i), heldOut.get(i).mask()).mae();
        }
        return sum / heldOut.size();
    }

    @Test
    void trainingLowersTheLossAndImprovesMae() {
        trainAndCheck(org.segpipe.model.net.NetArchitecture.UNET, NET);
    }

    @Test
    void theLightU2NetTrainsToo() {
        // two outer stages of RSU blocks (heights 3 and 2, bottom 2), 4 inner and 8-16 output channels
        trainAndCheck(org.segpipe.model.net.NetArchitecture.U2NET_LITE,
                new UNetConfig(2, 4, 2.0, Upsampling.BILINEAR, List.of(), 0.0, 1, 3, SIZE, SIZE));
    }

    private static void trainAndCheck(org.segpipe.model.net.NetArchitecture arch, UNetConfig net) {
        List<SaliencyBatches.Sample> train = scenes(Split.TRAIN, 24);
        List<SaliencyBatches.Sample> val = scenes(Split.VAL, 8);
        List<EncodedBatch> batches = new ArrayList<>();
        for (int i = 0; i < train.size(); i += CFG.batchSize()) {
            batches.add(SaliencyBatches.encode(train.subList(i, i + CFG.batchSize())));
        }
        Provenance p = new Provenance("sal-1", "cfg", "test", "manifest", null, "2026-01-01T00:00:00Z", Map.of());
        SegModel fresh = Trainer.newModel(arch, net, new LossSpec(LossKind.BCE_IOU, null, 1.0, 1.0), CFG, batches.size(),
                Map.of("model.classes", "1"), p, train.size());
        double before = mae(fresh, val);
        Trainer.Result r = Trainer.run(fresh, CFG, TrainState.start(), TrainData.inMemory(batches,
                List.of(SaliencyBatches.encode(val)), 5), (m, s) -> { }, e -> { });
        double after = mae(r.model(), val);
        List<EpochRecord> log = r.epochs();
        String numbers = String.format("loss %.4f -> %.4f, held-out MAE %.4f -> %.4f, validation mIoU %.4f -> %.4f, val MAE per epoch %s",
                log.get(0).trainLoss(), log.get(log.size() - 1).trainLoss(), before, after, log.get(0).validationMiou(),
                log.get(log.size() - 1).validationMiou(), log.stream().map(e -> String.format("%.4f", e.validationMae())).toList());
        System.out.println("saliency training (" + arch.configName() + ", " + fresh.network().numParams() + " parameters): "
                + numbers);
        assertTrue(log.get(log.size() - 1).trainLoss() < 0.8 * log.get(0).trainLoss(), numbers);
        assertTrue(after < 0.8 * before, numbers);
        // the log's per-epoch val MAE comes from the same validation pass: the last one is the final model's MAE
        assertEquals(after, log.get(log.size() - 1).validationMae(), 1e-12, numbers);
        assertTrue(log.get(0).validationMae() > log.get(log.size() - 1).validationMae(), numbers);
    }
}
