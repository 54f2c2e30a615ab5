package org.segpipe.model.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.segpipe.model.loss.LossSpec;

/**
 * The fast network computes the same function as DL4J's built-in layers: with the same
 * parameters, the same class probabilities (inference and training mode) and the same parameter
 * gradients. DL4J's CnnLossLayer optimises the per-pixel cross-entropy summed over each image's
 * pixels, the fast output layer the mean over pixels, so standard gradients are {@code H*W} times
 * the fast ones.
 */
class StandardEquivalenceTest {

    @ParameterizedTest
    @EnumSource(value = Upsampling.class, names = {"TRANSPOSED", "NEAREST"})
    void fastLayersMatchDl4jBuiltInLayers(Upsampling mode) {
        int n = 2;
        int h = 8;
        int w = 16;
        int classes = 3;
        UNetConfig cfg = new UNetConfig(2, 3, 2.0, mode, mode == Upsampling.NEAREST ? List.of(2) : List.of(), 0, classes, 3, h, w);
        ComputationGraph standard = StandardUNet.build(cfg, TinyNets.gradientCheck(3), DataType.DOUBLE);
        ComputationGraph fast = UNetBuilder.build(cfg, LossSpec.crossEntropy(), TinyNets.gradientCheck(4), DataType.DOUBLE);
        // non-trivial batch-norm state, so inference mode is tested with real running statistics
        Nd4j.getRandom().setSeed(11);
        for (Map.Entry<String, INDArray> e : standard.paramTable().entrySet()) {
            if (e.getKey().endsWith("-bn_mean") || e.getKey().endsWith("-bn_beta")) {
                e.getValue().assign(Nd4j.rand(DataType.DOUBLE, e.getValue().shape()).subi(0.5));
            } else if (e.getKey().endsWith("-bn_var") || e.getKey().endsWith("-bn_gamma")) {
                e.getValue().assign(Nd4j.rand(DataType.DOUBLE, e.getValue().shape()).addi(0.5));
            }
        }
        StandardUNet.transferParams(standard, fast);
        assertEquals(standard.numParams(), fast.numParams());

        INDArray nhwc = TinyNets.images(DataType.DOUBLE, 5, n, h, w);
        INDArray nchw = nhwc.permute(0, 3, 1, 2).dup('c');
        INDArray labels = TinyNets.labels(DataType.DOUBLE, 6, n, h, w, classes, 0);
        INDArray oneHotNchw = Nd4j.zeros(DataType.DOUBLE, n, classes, h, w);
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    oneHotNchw.putScalar(new long[] {i, labels.getInt(i, y, x, 0), y, x}, 1.0);
                }
            }
        }

        for (boolean train : new boolean[] {false, true}) {
            INDArray expected = standard.output(train, nchw)[0].permute(0, 2, 3, 1);
            INDArray actual = fast.output(train, nhwc)[0];
            double diff = expected.sub(actual).amaxNumber().doubleValue();
            assertTrue(diff < 1e-9, (train ? "training" : "inference") + " outputs differ by " + diff);
        }

        standard.setInputs(nchw);
        standard.setLabels(oneHotNchw);
        standard.computeGradientAndScore();
        fast.setInputs(nhwc);
        fast.setLabels(labels);
        fast.computeGradientAndScore();
        Map<String, INDArray> stdGrad = standard.gradient().gradientForVariable();
        Map<String, INDArray> fastGrad = fast.gradient().gradientForVariable();
        double scale = (double) h * w;
        int compared = 0;
        for (Map.Entry<String, INDArray> e : fastGrad.entrySet()) {
            String key = e.getKey();
            if (key.endsWith("_mean") || key.endsWith("_var")) {
                continue;
            }
            String layer = key.substring(0, key.lastIndexOf('_'));
            String param = key.substring(key.lastIndexOf('_') + 1);
            String stdKey = param.equals("gamma") || param.equals("beta") ? layer + "-bn_" + param : key;
            INDArray s = stdGrad.get(stdKey).reshape(e.getValue().shape()).div(scale);
            double diff = s.sub(e.getValue()).amaxNumber().doubleValue();
            double mag = s.amaxNumber().doubleValue();
            assertTrue(diff <= 1e-8 * Math.max(1, mag), key + ": gradients differ by " + diff + " (magnitude " + mag + ")");
            compared++;
        }
        assertTrue(compared > 20, "compared " + compared + " parameter gradients");
        assertEquals(standard.score() / scale, fast.score(), 1e-10);
    }
}
