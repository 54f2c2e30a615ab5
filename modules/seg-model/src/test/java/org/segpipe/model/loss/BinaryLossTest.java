package org.segpipe.model.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.segpipe.model.layers.ConvUnit;
import org.segpipe.model.layers.SegmentationOutput;
import org.segpipe.model.net.TinyNets;

/** BCE, IoU and BCE + IoU of the one-channel sigmoid head: hand values and numerical gradient checks. */
class BinaryLossTest {

    private static DataType previous;

    @BeforeAll
    static void doublePrecision() {
        previous = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(previous, previous);
    }

    private static LossSpec spec(LossKind k, double smooth) {
        return new LossSpec(k, null, 1.0, smooth);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /*
     * one image of 4 pixels: logits z = [0, 2, -1, 0], labels y = [1, 1, 0, 255 (ignored)]
     */
    @Test
    void handValues() {
        INDArray z = Nd4j.create(new double[] {0, 2, -1, 0}, new long[] {4, 1});
        INDArray p = Nd4j.create(new double[] {sigmoid(0), sigmoid(2), sigmoid(-1), sigmoid(0)}, new long[] {4, 1});
        INDArray y = Nd4j.create(new double[] {1, 1, 0, 255});
        double bce = (-Math.log(sigmoid(0)) - Math.log(sigmoid(2)) - Math.log(1 - sigmoid(-1))) / 3;
        SegLoss.Result r = SegLoss.evaluateBinary(spec(LossKind.BCE, 1), z, p, y, 1, true);
        assertEquals(bce, r.score(), 1e-12);
        assertArrayEquals(new double[] {(sigmoid(0) - 1) / 3, (sigmoid(2) - 1) / 3, sigmoid(-1) / 3, 0},
                r.gradient().reshape(4).toDoubleVector(), 1e-12);
        // IoU over counted pixels with s = 1: I = p0 + p1, U = (p0 + p1 + p2) + 2 - I
        double inter = sigmoid(0) + sigmoid(2);
        double union = sigmoid(0) + sigmoid(2) + sigmoid(-1) + 2 - inter;
        double iou = 1 - (inter + 1) / (union + 1);
        assertEquals(iou, SegLoss.evaluateBinary(spec(LossKind.IOU, 1), z, p, y, 1, false).score(), 1e-12);
        assertEquals(bce + iou, SegLoss.evaluateBinary(spec(LossKind.BCE_IOU, 1), z, p, y, 1, false).score(), 1e-12);
    }

    @Test
    void aPerfectConfidentPredictionHasNearZeroLoss() {
        INDArray z = Nd4j.create(new double[] {30, 30, -30, -30}, new long[] {4, 1});
        INDArray p = Nd4j.create(new double[] {sigmoid(30), sigmoid(30), sigmoid(-30), sigmoid(-30)}, new long[] {4, 1});
        INDArray y = Nd4j.create(new double[] {1, 1, 0, 0});
        assertTrue(SegLoss.evaluateBinary(spec(LossKind.BCE_IOU, 1e-6), z, p, y, 1, false).score() < 1e-9);
    }

    @Test
    void binaryLossesNeedOneChannel() {
        assertThrows(IllegalArgumentException.class, () -> spec(LossKind.BCE, 1).checkClasses(2));
        assertThrows(IllegalArgumentException.class, () -> LossSpec.crossEntropy().checkClasses(1));
        spec(LossKind.IOU, 1).checkClasses(1);
    }

    static LossSpec[] losses() {
        return new LossSpec[] {spec(LossKind.BCE, 1), spec(LossKind.IOU, 1), spec(LossKind.IOU, 0.01), spec(LossKind.BCE_IOU, 1)};
    }

    @ParameterizedTest
    @MethodSource("losses")
    void gradientsMatchNumericalOnes(LossSpec loss) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(3).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(4, 5, 3, CNN2DFormat.NHWC))
                .addLayer("head", ConvUnit.of(1, 1, 1, true, false, false), "image")
                .addLayer("output", SegmentationOutput.of(1, loss), "head")
                .setOutputs("output")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        INDArray x = TinyNets.images(DataType.DOUBLE, 21, 2, 4, 5).muli(3).subi(1.5);
        Random r = new Random(22);
        double[] v = new double[2 * 4 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() < 0.2 ? 255 : r.nextInt(2);
        }
        INDArray y = Nd4j.create(v, new long[] {2, 4, 5, 1}, DataType.DOUBLE);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {y})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradient check failed for " + loss);
    }
}
