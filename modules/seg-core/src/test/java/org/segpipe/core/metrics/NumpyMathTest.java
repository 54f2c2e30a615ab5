package org.segpipe.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NumpyMathTest {

    /** The same formula was evaluated with numpy 2.4 to get the expected sums below. */
    private static double[] values(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = ((i * 7919) % 10007) / 10007.0 * (1 + i % 3) + 1e-3 * (i % 17);
        }
        return a;
    }

    @Test
    void pairwiseSumEqualsNumpyToTheBit() {
        // np.sum(np.array(values(n))) printed with repr
        assertEquals(4.045575097431797, NumpyMath.sum(values(5)));
        assertEquals(9.89210702508244, NumpyMath.sum(values(10)));
        assertEquals(81.3420875387229, NumpyMath.sum(values(80)));
        assertEquals(128.7588666933147, NumpyMath.sum(values(129)));
        assertEquals(8142.704234036175, NumpyMath.sum(values(8080)));
        assertEquals(20156.03385110423, NumpyMath.sum(values(20000)));
        assertEquals(1.0078016925552113, NumpyMath.mean(values(20000)));
    }

    @Test
    void aPlainLoopWouldNotGiveNumpysBits() {
        double[] a = values(80);
        double sequential = 0;
        for (double v : a) {
            sequential += v;
        }
        assertEquals(81.34208753872286, sequential); // Python's left-to-right sum
        assertEquals(81.3420875387229, NumpyMath.sum(a)); // np.sum
    }

    @Test
    void nanmeanSkipsNaNsButKeepsTheirPlace() {
        double[] a = {1.0, Double.NaN, 2.0, Double.NaN};
        assertEquals((1.0 + 2.0) / 2, NumpyMath.nanmean(a));
        assertEquals(Double.NaN, NumpyMath.nanmean(new double[] {Double.NaN}));
        assertEquals(Double.NaN, NumpyMath.mean(new double[] {1.0, Double.NaN}));
        assertEquals(Double.NaN, NumpyMath.mean(new double[0]));
    }

    @Test
    void thresholdTablesAreNumpysExactDoubles() {
        // np.linspace(.5, 0.95, 10) and np.arange(0.5, 1., 0.05), repr of each element
        assertArrayEquals(new double[] {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95},
                NumpyMath.linspace(0.5, 0.95, 10));
        assertArrayEquals(new double[] {0.5, 0.55, 0.6000000000000001, 0.6500000000000001, 0.7000000000000002,
                0.7500000000000002, 0.8000000000000003, 0.8500000000000003, 0.9000000000000004, 0.9500000000000004},
                NumpyMath.arange(0.5, 1.0, 0.05));
        double[] rec = NumpyMath.linspace(0, 1, 101);
        assertEquals(101, rec.length);
        assertEquals(0.07, rec[7]);
        assertEquals(0.99, rec[99]);
        assertEquals(1.0, rec[100]);
    }
}
