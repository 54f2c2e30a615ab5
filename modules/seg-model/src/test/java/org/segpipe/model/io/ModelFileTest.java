package org.segpipe.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.segpipe.core.provenance.Provenance;
import org.segpipe.model.loss.LossKind;
import org.segpipe.model.loss.LossSpec;
import org.segpipe.model.net.UNetConfig;
import org.segpipe.model.net.Upsampling;
import org.segpipe.model.train.TrainConfig;
import org.segpipe.model.train.Trainer;

class ModelFileTest {

    private static SegModel model() {
        UNetConfig net = new UNetConfig(1, 2, 2.0, Upsampling.UNPOOL, List.of(2), 0.1, 19, 3, 8, 16);
        TrainConfig cfg = new TrainConfig(1, 1, "adam", 1e-3, 0.9, "poly", 0.9, 1, 1, 0, true, 0, 1, 3);
        LossSpec loss = new LossSpec(LossKind.CE_DICE, new double[19], 0.5, 1);
        return Trainer.newModel(net, loss, cfg, 4, Map.of("model.depth", "1"),
                new Provenance("r1", "h", "v", "m", null, "t", Map.of("epochs", "1")), 4);
    }

    @Test
    void roundTripKeepsWeightsOutputsAndMetadata() {
        SegModel m = model();
        byte[] bytes = ModelFile.toBytes(m, true);
        SegModel back = ModelFile.read(bytes, "m.zip", true);
        assertEquals(m.metadata().net(), back.metadata().net());
        assertEquals(m.metadata().loss(), back.metadata().loss());
        assertEquals(m.metadata().provenance(), back.metadata().provenance());
        assertEquals(m.network().getConfiguration().toJson(), back.network().getConfiguration().toJson(),
                "layers, loss and the poly schedule survive");
        assertArrayEquals(m.network().params().toFloatVector(), back.network().params().toFloatVector());
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 8, 16, 3);
        assertArrayEquals(m.network().output(false, x)[0].reshape(-1).toFloatVector(), back.network().output(false, x)[0].reshape(-1).toFloatVector(),
                0f);
        assertTrue(ModelFile.sha256(bytes).matches("[0-9a-f]{64}"));
    }

    @Test
    void metadataJsonListsMapsInKeyOrderWhateverTheJvm() {
        // Map.copyOf iterates in an order salted per JVM; the JSON must be the same bytes every time
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        for (String k : List.of("model.depth", "train.seed", "augment.seed", "model.base-filters", "loss.name", "train.crop")) {
            keys.put(k, "1");
        }
        SegModel m = model();
        ModelMetadata meta = new ModelMetadata(m.metadata().format(), m.metadata().net(), m.metadata().loss(), m.metadata().mean(),
                m.metadata().std(), keys, m.metadata().state(), m.metadata().trainImages(), new Provenance("r1", "h", "v", "m", null,
                "t", keys));
        String json = ModelFile.metadataJson(meta);
        List<String> sorted = keys.keySet().stream().sorted().toList();
        for (String section : List.of("\"fingerprint\"", "\"extra\"")) {
            int at = json.indexOf(section);
            assertTrue(at >= 0, section + " in " + json);
            int last = -1;
            for (String k : sorted) {
                int i = json.indexOf("\"" + k + "\"", at);
                assertTrue(i > last, section + ": " + k + " after the keys before it in " + json);
                last = i;
            }
        }
    }

    @Test
    void theOutputLayersLossSurvivesTheRoundTrip() {
        // a one-channel sigmoid head (saliency) came back as a softmax, whose single channel is always 1
        UNetConfig net = new UNetConfig(1, 2, 2.0, Upsampling.TRANSPOSED, List.of(), 0.0, 1, 3, 8, 8);
        TrainConfig cfg = new TrainConfig(1, 1, "adam", 1e-3, 0.9, "constant", 0.9, 1, 1, 0, true, 0, 1, 3);
        SegModel m = Trainer.newModel(net, new LossSpec(LossKind.BCE_IOU, null, 1.0, 1.0), cfg, 4, Map.of("model.classes", "1"),
                new Provenance("r1", "h", "v", "m", null, "t", Map.of()), 4);
        SegModel back = ModelFile.read(ModelFile.toBytes(m, false), "s.zip", false);
        var layer = (org.segpipe.model.layers.SegmentationOutput) back.network().getLayer("output").conf().getLayer();
        assertEquals(new LossSpec(LossKind.BCE_IOU, null, 1.0, 1.0).kind(), layer.lossSpec().kind());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 8, 8, 3);
        float[] before = m.network().output(false, x)[0].reshape(-1).toFloatVector();
        float[] after = back.network().output(false, x)[0].reshape(-1).toFloatVector();
        assertArrayEquals(before, after, 0f);
        assertTrue(after[0] < 1f, "sigmoid, not a one-channel softmax: " + after[0]);
        // and the class weights and Dice settings of the 19-class model's layer
        var ce = (org.segpipe.model.layers.SegmentationOutput) ModelFile.read(ModelFile.toBytes(model(), false), "c.zip", false)
                .network().getLayer("output").conf().getLayer();
        assertEquals(model().metadata().loss(), ce.lossSpec());
    }

    @Test
    void damagedFilesAreRefusedNamingTheSource() {
        byte[] bytes = ModelFile.toBytes(model(), false);
        var notZip = assertThrows(IllegalArgumentException.class, () -> ModelFile.read(new byte[] {1, 2, 3}, "a.zip", false));
        assertTrue(notZip.getMessage().startsWith("a.zip is not a segpipe model file"), notZip.getMessage());
        var cut = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.read(java.util.Arrays.copyOf(bytes, bytes.length / 2), "b.zip", false));
        assertTrue(cut.getMessage().startsWith("b.zip "), cut.getMessage());
    }
}
