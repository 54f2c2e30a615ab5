package org.segpipe.model.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.image.ClassEncoding;

/**
 * Class weights by hand. Three classes over two images:
 *
 * <pre>
 *   image A: class 0 = 6 px, class 1 = 2 px            (8 counted px)
 *   image B: class 0 = 2 px, class 2 = 2 px, ignore 4  (4 counted px)
 *   totals:  n = (8, 2, 2), N = 12
 * </pre>
 */
class ClassWeightsTest {

    private static ClassWeights.Counts counts() {
        long[] a = new long[256];
        a[0] = 6;
        a[1] = 2;
        long[] b = new long[256];
        b[0] = 2;
        b[2] = 2;
        b[255] = 4;
        return ClassWeights.Counts.ofImage(a, 3).plus(ClassWeights.Counts.ofImage(b, 3));
    }

    @Test
    void inverseFrequencyIsBalancedWeights() {
        // w_c = N / (C * n_c)
        assertArrayEquals(new double[] {12.0 / (3 * 8), 12.0 / (3 * 2), 12.0 / (3 * 2)},
                ClassWeights.compute(counts(), ClassWeights.Method.INVERSE_FREQUENCY), 1e-12);
    }

    @Test
    void medianFrequencyUsesPixelsOfImagesWhereTheClassOccurs() {
        // f_0 = 8 / (8 + 4) (in both images), f_1 = 2 / 8 (image A), f_2 = 2 / 4 (image B)
        double f0 = 8.0 / 12;
        double f1 = 2.0 / 8;
        double f2 = 2.0 / 4;
        double median = f2; // sorted: 1/4, 1/2, 2/3
        assertArrayEquals(new double[] {median / f0, median / f1, median / f2},
                ClassWeights.compute(counts(), ClassWeights.Method.MEDIAN_FREQUENCY), 1e-12);
    }

    @Test
    void medianFrequencyFromGlobalCountsAndAbsentClasses() {
        // manifest counts only: f_c = n_c / N with N = 8 + 2 + 0 + 6 = 16; class 2 absent gets 0 and is not in the median
        ClassWeights.Counts c = new ClassWeights.Counts(new long[] {8, 2, 0, 6}, null);
        double median = 6.0 / 16; // of 2/16, 6/16, 8/16
        assertArrayEquals(new double[] {median / (8.0 / 16), median / (2.0 / 16), 0, median / (6.0 / 16)},
                ClassWeights.compute(c, ClassWeights.Method.MEDIAN_FREQUENCY), 1e-12);
        // an even number of frequencies: the mean of the middle two
        assertEquals((2.0 + 3.0) / 2, ClassWeights.median(List.of(1.0, 4.0, 2.0, 3.0)), 0);
    }

    @Test
    void labelIdCountsBecomeTrainIdCounts() {
        long[] byLabelId = new long[34];
        byLabelId[7] = 100; // road -> train id 0
        byLabelId[26] = 30; // car -> 13
        byLabelId[0] = 999; // unlabeled: no train id, dropped
        byLabelId[9] = 5;   // parking: ignored in training, dropped
        long[] t = ClassWeights.toTrainIdCounts(byLabelId, ClassEncoding.LABEL_IDS);
        assertEquals(19, t.length);
        assertEquals(100, t[0]);
        assertEquals(30, t[13]);
        assertEquals(130, java.util.Arrays.stream(t).sum());
        long[] byTrainId = new long[256];
        byTrainId[3] = 7;
        byTrainId[255] = 50;
        assertEquals(7, ClassWeights.toTrainIdCounts(byTrainId, ClassEncoding.TRAIN_IDS)[3]);
        assertThrows(IllegalArgumentException.class, () -> ClassWeights.toTrainIdCounts(new long[10], ClassEncoding.LABEL_IDS));
    }

    @Test
    void explicitWeightsMustHaveOneEntryPerClass() {
        var e = assertThrows(ConfigException.class, () -> ClassWeights.parse("1,2", "loss.class-weights", 3));
        assertEquals("'loss.class-weights' has 2 weights but the network has 3 classes (model.classes); give one weight per class "
                + "in train-id order, or inverse-frequency, median-frequency or none", e.getMessage());
        var neg = assertThrows(ConfigException.class, () -> ClassWeights.parse("1,-2,1", "loss.class-weights", 3));
        assertEquals("'loss.class-weights' entry 2 is -2.0 but must be finite and non-negative", neg.getMessage());
        assertArrayEquals(new double[] {1, 0.5, 2}, ClassWeights.parse("1, 0.5 ,2", "loss.class-weights", 3), 0);
    }
}
