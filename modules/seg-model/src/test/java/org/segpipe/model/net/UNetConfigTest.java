package org.segpipe.model.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.SettingsResolver;
import org.segpipe.model.loss.LossSpec;

class UNetConfigTest {

    @Test
    void referenceNetworkHasAboutTwoMillionParametersAndTwelveGflop() {
        UNetConfig cfg = UNetConfig.reference();
        ComputationGraph net = UNetBuilder.build(cfg, LossSpec.crossEntropy(), NetTraining.defaults(1));
        ModelSummary.Summary s = ModelSummary.of(net, cfg);
        // convolutions: sum of k*k*in*out (+ biases of the up-convolutions and the head), plus 4 per channel for batch norm
        assertEquals(1_945_827, s.params());
        assertEquals(net.numParams(), s.params());
        assertEquals(12.21, s.flops() / 1e9, 0.01);
        // 10 encoder convs, 8 decoder convs, all 3x3: rf grows by 2 * jump per conv, +jump per pool
        assertEquals(200, s.receptiveField());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSummary.print(s, cfg, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("enc0-conv0       ConvUnit             256x512x16                  496          3"), text);
        assertTrue(text.contains("total: 1,945,827 parameters (1.946 M), 12.21 GFLOP per image forward, receptive field 200 px"), text);
    }

    /** dl4j-spark's workers build their networks from {@code conf.clone()}: the clone must compute what the original does. */
    @Test
    void aClonedConfigurationComputesTheSameOutput() {
        UNetConfig cfg = new UNetConfig(2, 4, 2.0, Upsampling.TRANSPOSED, List.of(), 0.0, 3, 3, 16, 32);
        ComputationGraph net = UNetBuilder.build(cfg, LossSpec.crossEntropy(), NetTraining.defaults(3));
        ComputationGraph copy = new ComputationGraph(net.getConfiguration().clone());
        copy.init(net.params().dup(), false);
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 16, 32, 3);
        assertEquals(net.output(false, x)[0], copy.output(false, x)[0]);
    }

    @Test
    void receptiveFieldFollowsDilationAndBilinear() {
        // depth 1: conv 3 (+2) conv (+2) pool (+1, jump 2) dilated mid rate 2: +2*2*2, rate 3: +2*3*2 ; bilinear: +jump 2 then jump 1
        UNetConfig cfg = new UNetConfig(1, 2, 2.0, Upsampling.BILINEAR, List.of(2, 3), 0.0, 3, 3, 8, 8);
        ModelSummary.Summary s = ModelSummary.of(UNetBuilder.build(cfg, LossSpec.crossEntropy(), NetTraining.defaults(1)), cfg);
        long mid = 1 + 2 + 2 + 1 + 2 * 2 * 2 + 2 * 3 * 2;
        long afterResize = mid + 2;
        long afterUpConv = afterResize + 2;     // 3x3 at jump 1
        assertEquals(afterUpConv + 2 + 2, s.receptiveField()); // the decoder block's two convs; the 1x1 head adds 0
    }

    @Test
    void impossibleShapesAndUnknownNamesAreRefusedWithTheRule() {
        var h = assertThrows(ConfigException.class, () -> UNetConfig.from(SettingsResolver.resolve(null, List.of("model.input-height=250"))));
        assertEquals("'model.input-height' is 250 but must be a positive multiple of 2^model.depth = 16", h.getMessage());
        var up = assertThrows(ConfigException.class, () -> UNetConfig.from(SettingsResolver.resolve(null, List.of("model.upsampling=deconv"))));
        assertEquals("'model.upsampling' is 'deconv' but must be one of transposed, nearest, bilinear, unpool", up.getMessage());
        var d = assertThrows(ConfigException.class, () -> UNetConfig.from(SettingsResolver.resolve(null, List.of("model.dilation-rates=2,x"))));
        assertEquals("'model.dilation-rates' is '2,x' but must be a list of integers, e.g. 2,4", d.getMessage());
        var c = assertThrows(ConfigException.class, () -> UNetConfig.from(SettingsResolver.resolve(null, List.of("model.classes=300"))));
        assertEquals("'model.classes' is 300 but must be between 1 (one sigmoid channel, for saliency) and 255 (255 is the ignore label)", c.getMessage());
        var p = assertThrows(ConfigException.class, () -> UNetConfig.from(SettingsResolver.resolve(null, List.of("model.dropout=1"))));
        assertEquals("'model.dropout' is 1.0 but must be a drop probability in [0, 1)", p.getMessage());
        assertEquals("input 100x64 is not a multiple of 2^model.depth = 16 in both dimensions", UNetConfig.reference().sizeProblem(64, 100));
        assertEquals(UNetConfig.reference(), UNetConfig.from(SettingsResolver.resolve(null, List.of())), "defaults are the reference");
    }
}
