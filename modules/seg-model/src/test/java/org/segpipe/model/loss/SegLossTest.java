package org.segpipe.model.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loss values derived by hand on tiny scenes. Three pixels, two classes:
 *
 * <pre>
 *   pixel  logits      softmax p              label
 *   0      (0, 0)      (1/2, 1/2)             0
 *   1      (ln 3, 0)   (3/4, 1/4)             1
 *   2      (5, -5)     ...                    255 (ignored)
 * </pre>
 */
class SegLossTest {

    private static final double TOL = 1e-12;

    private static INDArray logits() {
        return Nd4j.create(new double[][] {{0, 0}, {Math.log(3), 0}, {5, -5}});
    }

    private static INDArray labels() {
        return Nd4j.create(new double[] {0, 1, 255});
    }

    private static SegLoss.Result eval(LossSpec spec, boolean grad) {
        INDArray z = logits();
        return SegLoss.evaluate(spec, z, SegLoss.softmax(z), labels(), grad);
    }

    @Test
    void crossEntropyAveragesOverCountedPixels() {
        // -(ln 1/2 + ln 1/4) / 2: pixel 2 is ignored, so the mean is over 2 pixels
        double expected = -(Math.log(1.0 / 2) + Math.log(1.0 / 4)) / 2;
        assertEquals(expected, eval(LossSpec.crossEntropy(), false).score(), TOL);
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHotOverCount() {
        INDArray g = eval(LossSpec.crossEntropy(), true).gradient();
        // pixel 0: ((1/2 - 1), 1/2) / 2; pixel 1: (3/4, 1/4 - 1) / 2; ignored pixel 2: no gradient
        double[][] expected = {{(1.0 / 2 - 1) / 2, (1.0 / 2) / 2}, {(3.0 / 4) / 2, (1.0 / 4 - 1) / 2}, {0, 0}};
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < 2; c++) {
                assertEquals(expected[i][c], g.getDouble(i, c), TOL, "pixel " + i + " class " + c);
            }
        }
    }

    @Test
    void ignoredPixelsChangeNeitherLossNorGradient() {
        INDArray z = logits();
        INDArray other = z.dup();
        other.putRow(2, Nd4j.create(new double[] {-3, 7}));
        for (LossSpec spec : new LossSpec[] {LossSpec.crossEntropy(), new LossSpec(LossKind.DICE, null, 1, 1),
            new LossSpec(LossKind.CE_DICE, new double[] {1, 3}, 0.5, 1)}) {
            SegLoss.Result a = SegLoss.evaluate(spec, z, SegLoss.softmax(z), labels(), true);
            SegLoss.Result b = SegLoss.evaluate(spec, other, SegLoss.softmax(other), labels(), true);
            assertEquals(a.score(), b.score(), TOL, spec.toString());
            assertEquals(0.0, a.gradient().getRow(2).amaxNumber().doubleValue(), 0.0, spec + ": gradient on an ignored pixel");
            assertEquals(0.0, a.gradient().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2))
                    .sub(b.gradient().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2))).amaxNumber().doubleValue(), TOL);
        }
    }

    @Test
    void weightedCrossEntropyNormalisesBySummedWeights() {
        // weights (1, 3): -(1 * ln 1/2 + 3 * ln 1/4) / (1 + 3)
        double expected = -(1 * Math.log(1.0 / 2) + 3 * Math.log(1.0 / 4)) / (1 + 3);
        assertEquals(expected, eval(new LossSpec(LossKind.WEIGHTED_CE, new double[] {1, 3}, 1, 1), false).score(), TOL);
    }

    @Test
    void diceOverTheBatchByHand() {
        // class 0: I = 1/2 (pixel 0), sum p = 1/2 + 3/4, sum y = 1  -> (2 * 1/2 + 1) / (1/2 + 3/4 + 1 + 1)
        // class 1: I = 1/4 (pixel 1), sum p = 1/2 + 1/4, sum y = 1  -> (2 * 1/4 + 1) / (1/2 + 1/4 + 1 + 1)
        double d0 = (2 * 0.5 + 1) / (0.5 + 0.75 + 1 + 1);
        double d1 = (2 * 0.25 + 1) / (0.5 + 0.25 + 1 + 1);
        assertEquals(1 - (d0 + d1) / 2, eval(new LossSpec(LossKind.DICE, null, 1, 1), false).score(), TOL);
    }

    @Test
    void ceDiceAddsTheWeightedDiceTerm() {
        double ce = -(Math.log(1.0 / 2) + Math.log(1.0 / 4)) / 2;
        double dice = eval(new LossSpec(LossKind.DICE, null, 1, 1), false).score();
        assertEquals(ce + 0.25 * dice, eval(new LossSpec(LossKind.CE_DICE, null, 0.25, 1), false).score(), TOL);
    }

    @Test
    void allIgnoredGivesZeroLossAndGradient() {
        INDArray z = logits();
        SegLoss.Result r = SegLoss.evaluate(LossSpec.crossEntropy(), z, SegLoss.softmax(z), Nd4j.create(new double[] {255, 255, 255}), true);
        assertEquals(0.0, r.score(), 0.0);
        assertEquals(0.0, r.gradient().amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void unknownLossNamesAreRefusedWithTheKnownOnes() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.segpipe.core.config.ConfigException.class,
                () -> LossKind.parse("focal", "loss.name"));
        assertEquals("'loss.name' is 'focal' but must be one of ce, weighted-ce, dice, ce-dice", e.getMessage());
    }

    static INDArray doubles(INDArray a) {
        return a.castTo(DataType.DOUBLE);
    }
}
