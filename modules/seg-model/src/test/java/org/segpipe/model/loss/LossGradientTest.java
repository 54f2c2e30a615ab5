package org.segpipe.model.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.segpipe.model.layers.ConvUnit;
import org.segpipe.model.layers.SegmentationOutput;
import org.segpipe.model.net.TinyNets;

/**
 * DL4J's numerical gradient checks on the losses through a 1x1 convolution into the segmentation
 * output: soft Dice (whose gradient is hand-written), weighted cross-entropy and CE + Dice, with
 * ignored pixels among the labels.
 */
class LossGradientTest {

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

    static LossSpec[] losses() {
        return new LossSpec[] {
            new LossSpec(LossKind.DICE, null, 1.0, 1.0),
            new LossSpec(LossKind.DICE, null, 1.0, 0.01),
            new LossSpec(LossKind.WEIGHTED_CE, new double[] {0.5, 2.0, 1.25}, 1.0, 1.0),
            new LossSpec(LossKind.CE_DICE, new double[] {1.0, 3.0, 0.5}, 0.7, 1.0),
        };
    }

    @ParameterizedTest
    @MethodSource("losses")
    void lossGradientsMatchNumericalOnes(LossSpec loss) {
        int classes = 3;
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(3).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(4, 5, 3, CNN2DFormat.NHWC))
                .addLayer("head", ConvUnit.of(classes, 1, 1, true, false, false), "image")
                .addLayer("output", SegmentationOutput.of(classes, loss), "head")
                .setOutputs("output")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        INDArray x = TinyNets.images(DataType.DOUBLE, 21, 2, 4, 5).muli(3);
        INDArray y = TinyNets.labels(DataType.DOUBLE, 22, 2, 4, 5, classes, 0.25);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {y})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradient check failed for " + loss);
    }
}
