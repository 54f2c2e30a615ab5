package org.segpipe.model.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.segpipe.model.loss.LossSpec;

/**
 * DL4J's numerical gradient checks on tiny UNets of every upsampling mode, in double precision:
 * the hand-written backprop of the fast layers (fused conv + batch norm + ReLU, up-convolution,
 * resize, max-unpooling) and of the output layer must match central differences of the loss.
 * Labels include ignored pixels.
 */
class UNetGradientTest {

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

    @ParameterizedTest
    @EnumSource(Upsampling.class)
    void tinyUNetGradientsMatchNumericalOnes(Upsampling mode) {
        // 8x8 inputs; depth 2 for transposed (two decoder levels wired), depth 1 for the others to keep the
        // check short (their layers are the same at every level); a dilated bottleneck for nearest
        int depth = mode == Upsampling.TRANSPOSED ? 2 : 1;
        UNetConfig cfg = TinyNets.config(depth, 2, mode, 3, 8, 8, mode == Upsampling.NEAREST ? List.of(2) : List.of());
        ComputationGraph net = UNetBuilder.build(cfg, LossSpec.crossEntropy(), TinyNets.gradientCheck(12345), DataType.DOUBLE);
        INDArray x = TinyNets.images(DataType.DOUBLE, 7, 2, 8, 8);
        INDArray y = TinyNets.labels(DataType.DOUBLE, 8, 2, 8, 8, 3, 0.2);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {y})
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .subset(true).maxPerParam(3).excludeParams(runningStatistics(net))
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradient check failed for upsampling " + mode);
    }

    /** Batch-norm running statistics do not enter the training loss; checking them costs time and proves nothing. */
    static Set<String> runningStatistics(ComputationGraph net) {
        Set<String> out = new HashSet<>();
        for (String key : net.paramTable().keySet()) {
            if (key.endsWith("_mean") || key.endsWith("_var")) {
                out.add(key);
            }
        }
        return out;
    }
}
