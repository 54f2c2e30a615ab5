package org.segpipe.core.metrics;

/**
 * The few numpy operations whose rounding the official evaluators' results depend on, done the way
 * numpy does them, so averages agree with pycocotools and cityscapesScripts to the last bit.
 *
 * <ul>
 *   <li>{@link #sum}: numpy's pairwise summation of float64 ({@code pairwise_sum_DOUBLE}: blocks
 *       of up to 128 values added in 8 interleaved accumulators, larger arrays split in halves
 *       rounded down to a multiple of 8); {@code np.sum}, {@code np.mean}, {@code np.nanmean} and
 *       {@code np.average} of a contiguous array use it over the whole array.</li>
 *   <li>{@link #linspace} and {@link #arange}: the exact double values of numpy's
 *       {@code linspace} (k * step + start, last value = stop) and {@code arange}
 *       (start + i * (start + step - start)), which the threshold tables are made of.</li>
 * </ul>
 */
public final class NumpyMath {

    private static final int BLOCK = 128;

    private NumpyMath() {
    }

    /** {@code np.sum} of a contiguous float64 array. */
    public static double sum(double[] a) {
        return pairwise(a, 0, a.length);
    }

    /** {@code np.mean}: NaN for an empty array (numpy warns and returns nan). */
    public static double mean(double[] a) {
        return a.length == 0 ? Double.NaN : sum(a) / a.length;
    }

    /**
     * {@code np.nanmean}: NaNs are replaced by 0 in place (so the summation order is that of the
     * whole array) and the sum is divided by the number of non-NaN values; NaN when all are NaN.
     */
    public static double nanmean(double[] a) {
        double[] copy = new double[a.length];
        int count = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i])) {
                copy[i] = 0.0;
            } else {
                copy[i] = a[i];
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum(copy) / count;
    }

    static double pairwise(double[] a, int off, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[off + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double r0 = a[off];
            double r1 = a[off + 1];
            double r2 = a[off + 2];
            double r3 = a[off + 3];
            double r4 = a[off + 4];
            double r5 = a[off + 5];
            double r6 = a[off + 6];
            double r7 = a[off + 7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                r0 += a[off + i];
                r1 += a[off + i + 1];
                r2 += a[off + i + 2];
                r3 += a[off + i + 3];
                r4 += a[off + i + 4];
                r5 += a[off + i + 5];
                r6 += a[off + i + 6];
                r7 += a[off + i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += a[off + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwise(a, off, n2) + pairwise(a, off + n2, n - n2);
    }

    /** {@code np.linspace(start, stop, num, endpoint=True)}. */
    public static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        int div = num - 1;
        double step = (stop - start) / div;
        for (int k = 0; k < num; k++) {
            y[k] = k * step + start;
        }
        if (num > 1) {
            y[num - 1] = stop;
        }
        return y;
    }

    /** {@code np.arange(start, stop, step)} for float64. */
    public static double[] arange(double start, double stop, double step) {
        int n = (int) Math.ceil((stop - start) / step);
        double[] y = new double[Math.max(0, n)];
        if (n > 0) {
            y[0] = start;
        }
        if (n > 1) {
            y[1] = start + step;
            double delta = y[1] - y[0];
            for (int i = 2; i < n; i++) {
                y[i] = start + i * delta;
            }
        }
        return y;
    }
}
