package org.segpipe.core.metrics.saliency;

import org.segpipe.core.metrics.NumpyMath;

/**
 * The per-image saliency metrics of PySODMetrics as pure functions; see the package
 * documentation for the definitions and the degenerate cases. Sums and means over pixel arrays
 * use numpy's pairwise summation ({@link NumpyMath}) in the same order as the reference, so values
 * agree to the last bits.
 */
public final class SaliencyMeasures {

    /** {@code np.spacing(1)}, the reference's EPS. */
    public static final double EPS = Math.ulp(1.0);
    /** beta^2 of the F-measure. */
    public static final double BETA2 = 0.3;
    /** beta^2 of the weighted F-measure. */
    public static final double WF_BETA2 = 1.0;
    /** S-measure balance of object and region scores. */
    public static final double S_ALPHA = 0.5;
    private static final int T = SaliencyImageScores.THRESHOLDS;
    private static final double[] GAUSS = gauss7x7(5.0);

    private SaliencyMeasures() {
    }

    /** A prediction and its mask prepared as in {@code prepare_data}. */
    public record Prepared(int width, int height, double[] pred, boolean[] gt, int gtForeground) {

        public int pixels() {
            return width * height;
        }
    }

    /** {@code prepare_data}: pred / 255, min-max scaled unless constant; gt {@code > 128}. */
    public static Prepared prepare(GreyMap pred, GreyMap gt) {
        if (pred.width() != gt.width() || pred.height() != gt.height()) {
            throw new IllegalArgumentException("prediction is " + pred.width() + "x" + pred.height()
                    + " but the mask is " + gt.width() + "x" + gt.height());
        }
        int n = pred.width() * pred.height();
        double[] p = new double[n];
        boolean[] g = new boolean[n];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int fg = 0;
        for (int i = 0; i < n; i++) {
            p[i] = pred.at(i) / 255.0;
            min = Math.min(min, p[i]);
            max = Math.max(max, p[i]);
            g[i] = gt.at(i) > 128;
            if (g[i]) {
                fg++;
            }
        }
        if (max != min) {
            double range = max - min;
            for (int i = 0; i < n; i++) {
                p[i] = (p[i] - min) / range;
            }
        }
        return new Prepared(pred.width(), pred.height(), p, g, fg);
    }

    /** All scores of one image. */
    public static SaliencyImageScores score(GreyMap pred, GreyMap gt) {
        Prepared x = prepare(pred, gt);
        long[][] hist = histograms(x);
        double[][] pr = precisionRecallF(hist, x.gtForeground());
        return new SaliencyImageScores(mae(x), adaptiveF(x), weightedF(x), sMeasure(x), adaptiveE(x), pr[0], pr[1],
                pr[2], eCurve(hist, x));
    }

    /** {@code np.mean(np.abs(pred - gt))}. */
    public static double mae(Prepared x) {
        double[] d = new double[x.pixels()];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(x.pred[i] - (x.gt[i] ? 1.0 : 0.0));
        }
        return NumpyMath.mean(d);
    }

    /** {@code get_adaptive_threshold}: min(2 * mean(pred), 1). */
    public static double adaptiveThreshold(Prepared x) {
        return Math.min(2 * NumpyMath.mean(x.pred), 1.0);
    }

    /** {@code cal_adaptive_fm}. */
    public static double adaptiveF(Prepared x) {
        double thr = adaptiveThreshold(x);
        long inter = 0;
        long positive = 0;
        for (int i = 0; i < x.pixels(); i++) {
            if (x.pred[i] >= thr) {
                positive++;
                if (x.gt[i]) {
                    inter++;
                }
            }
        }
        if (inter == 0) {
            return 0.0;
        }
        double pre = (double) inter / positive;
        double rec = (double) inter / x.gtForeground();
        return (1 + BETA2) * pre * rec / (BETA2 * pre + rec);
    }

    /**
     * Per threshold t = 0..255: {@code [0][t]} foreground (gt) pixels with 8-bit prediction
     * {@code >= t}, {@code [1][t]} background pixels with prediction {@code >= t}.
     */
    public static long[][] histograms(Prepared x) {
        long[] fg = new long[T];
        long[] bg = new long[T];
        for (int i = 0; i < x.pixels(); i++) {
            int v = (int) (x.pred[i] * 255); // astype(np.uint8) truncates
            if (x.gt[i]) {
                fg[v]++;
            } else {
                bg[v]++;
            }
        }
        for (int t = T - 2; t >= 0; t--) {
            fg[t] += fg[t + 1];
            bg[t] += bg[t + 1];
        }
        return new long[][] {fg, bg};
    }

    /** {@code cal_pr}: precision, recall and F per threshold. */
    public static double[][] precisionRecallF(long[][] atLeast, int gtForeground) {
        double[] p = new double[T];
        double[] r = new double[T];
        double[] f = new double[T];
        long gtCount = Math.max(gtForeground, 1);
        for (int t = 0; t < T; t++) {
            long tp = atLeast[0][t];
            long positives = tp + atLeast[1][t];
            p[t] = (double) tp / (positives == 0 ? 1 : positives);
            r[t] = (double) tp / gtCount;
            double num = (1 + BETA2) * p[t] * r[t];
            double den = num == 0 ? 1 : BETA2 * p[t] + r[t];
            f[t] = num / den;
        }
        return new double[][] {p, r, f};
    }

    /** {@code cal_em_with_cumsumhistogram}: E-measure per threshold. */
    public static double[] eCurve(long[][] atLeast, Prepared x) {
        double[] e = new double[T];
        for (int t = 0; t < T; t++) {
            e[t] = enhanced(atLeast[0][t], atLeast[1][t], x.gtForeground(), x.pixels());
        }
        return e;
    }

    /** {@code cal_adaptive_em}. */
    public static double adaptiveE(Prepared x) {
        double thr = adaptiveThreshold(x);
        long fgFg = 0;
        long fgBg = 0;
        for (int i = 0; i < x.pixels(); i++) {
            if (x.pred[i] >= thr) {
                if (x.gt[i]) {
                    fgFg++;
                } else {
                    fgBg++;
                }
            }
        }
        return enhanced(fgFg, fgBg, x.gtForeground(), x.pixels());
    }

    /**
     * {@code cal_em_with_threshold} from counts: {@code fgFg} predicted positives on the object,
     * {@code fgBg} predicted positives on the background.
     */
    static double enhanced(long fgFg, long fgBg, long gtFg, long size) {
        long predFg = fgFg + fgBg;
        long predBg = size - predFg;
        double sum;
        if (gtFg == 0) {
            sum = predBg;
        } else if (gtFg == size) {
            sum = predFg;
        } else {
            long bgFg = gtFg - fgFg;
            long bgBg = predBg - bgFg;
            double meanPred = (double) predFg / size;
            double meanGt = (double) gtFg / size;
            double predFgV = 1 - meanPred;
            double predBgV = 0 - meanPred;
            double gtFgV = 1 - meanGt;
            double gtBgV = 0 - meanGt;
            sum = 0.0;
            sum += part(predFgV, gtFgV) * fgFg;
            sum += part(predFgV, gtBgV) * fgBg;
            sum += part(predBgV, gtFgV) * bgFg;
            sum += part(predBgV, gtBgV) * bgBg;
        }
        return sum / ((double) (size - 1) + EPS);
    }

    private static double part(double a, double b) {
        double align = 2 * (a * b) / (a * a + b * b + EPS);
        double v = align + 1;
        return v * v / 4;
    }

    /** {@code Smeasure.cal_sm}. */
    public static double sMeasure(Prepared x) {
        int n = x.pixels();
        if (x.gtForeground() == 0) {
            return 1 - NumpyMath.mean(x.pred);
        }
        if (x.gtForeground() == n) {
            return NumpyMath.mean(x.pred);
        }
        double score = object(x) * S_ALPHA + region(x) * (1 - S_ALPHA);
        return score > 0 ? score : 0.0; // Python's max(0, nan) is 0
    }

    private static double object(Prepared x) {
        int n = x.pixels();
        double[] fg = new double[x.gtForeground()];
        double[] bg = new double[n - x.gtForeground()];
        int a = 0;
        int b = 0;
        for (int i = 0; i < n; i++) {
            if (x.gt[i]) {
                fg[a++] = x.pred[i];
            } else {
                bg[b++] = 1 - x.pred[i];
            }
        }
        double gtMean = (double) x.gtForeground() / n;
        return sObject(fg) * gtMean + sObject(bg) * (1 - gtMean);
    }

    private static double sObject(double[] v) {
        double mean = NumpyMath.mean(v);
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double t = v[i] - mean;
            d[i] = t * t;
        }
        double std = Math.sqrt(NumpyMath.sum(d) / (v.length - 1)); // ddof=1: NaN for one value
        return 2 * mean / (mean * mean + 1 + std + EPS);
    }

    private static double region(Prepared x) {
        int h = x.height();
        int w = x.width();
        int area = h * w;
        long sumRow = 0;
        long sumCol = 0;
        for (int i = 0; i < area; i++) {
            if (x.gt[i]) {
                sumRow += i / w;
                sumCol += i % w;
            }
        }
        int cy = (int) Math.rint((double) sumRow / x.gtForeground()) + 1;
        int cx = (int) Math.rint((double) sumCol / x.gtForeground()) + 1;
        double wLt = (double) (cx * cy) / area;
        double wRt = (double) (cy * (w - cx)) / area;
        double wLb = (double) ((h - cy) * cx) / area;
        double wRb = 1 - wLt - wRt - wLb;
        return ssim(x, 0, cy, 0, cx) * wLt + ssim(x, 0, cy, cx, w) * wRt + ssim(x, cy, h, 0, cx) * wLb
                + ssim(x, cy, h, cx, w) * wRb;
    }

    /** {@code Smeasure.ssim} on rows [r0, r1) and columns [c0, c1). */
    private static double ssim(Prepared x, int r0, int r1, int c0, int c1) {
        int sh = r1 - r0;
        int sw = c1 - c0;
        int n = sh * sw;
        double mx = sliceSum(x.pred, x.width(), r0, r1, c0, c1) / n;
        long fg = 0;
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                if (x.gt[r * x.width() + c]) {
                    fg++;
                }
            }
        }
        double my = (double) fg / n;
        double[] dx2 = new double[n];
        double[] dy2 = new double[n];
        double[] dxy = new double[n];
        int k = 0;
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                int i = r * x.width() + c;
                double a = x.pred[i] - mx;
                double b = (x.gt[i] ? 1.0 : 0.0) - my;
                dx2[k] = a * a;
                dy2[k] = b * b;
                dxy[k] = a * b;
                k++;
            }
        }
        double sigmaX = NumpyMath.sum(dx2) / (n - 1);
        double sigmaY = NumpyMath.sum(dy2) / (n - 1);
        double sigmaXy = NumpyMath.sum(dxy) / (n - 1);
        double alpha = 4 * mx * my * sigmaXy;
        double beta = (mx * mx + my * my) * (sigmaX + sigmaY);
        if (alpha != 0) { // true for NaN, as in the reference
            return alpha / (beta + EPS);
        } else if (beta == 0) {
            return 1.0;
        }
        return 0.0;
    }

    /** numpy's iterator buffer, in elements ({@code np.getbufsize()}). */
    static final int NUMPY_BUFSIZE = 8192;

    /**
     * {@code np.sum} of a 2-D slice, in numpy's order (measured on numpy 2.4): a slice spanning
     * whole rows is contiguous and summed pairwise in one go; otherwise the iterator copies as many
     * whole rows as fit its 8192-element buffer, sums each buffer pairwise and adds the buffers'
     * sums to a running total starting at 0. The order matters: on a constant prediction a last-bit
     * difference in a mean decides whether a covariance is exactly 0, and the S-measure with it.
     */
    static double sliceSum(double[] a, int width, int r0, int r1, int c0, int c1) {
        int sw = c1 - c0;
        int rows = r1 - r0;
        if (sw == width || rows <= 1 && sw <= NUMPY_BUFSIZE) {
            return NumpyMath.sum(copy(a, width, r0, r1, c0, c1));
        }
        int rowsPerBuffer = Math.max(1, NUMPY_BUFSIZE / Math.max(sw, 1));
        double total = 0.0;
        for (int r = r0; r < r1; r += rowsPerBuffer) {
            double[] block = copy(a, width, r, Math.min(r1, r + rowsPerBuffer), c0, c1);
            for (int i = 0; i < block.length; i += NUMPY_BUFSIZE) {
                int len = Math.min(NUMPY_BUFSIZE, block.length - i);
                total += NumpyMath.sum(java.util.Arrays.copyOfRange(block, i, i + len));
            }
        }
        return total;
    }

    private static double[] copy(double[] a, int width, int r0, int r1, int c0, int c1) {
        int sw = c1 - c0;
        double[] block = new double[Math.max(0, (r1 - r0) * sw)];
        for (int r = r0; r < r1; r++) {
            System.arraycopy(a, r * width + c0, block, (r - r0) * sw, sw);
        }
        return block;
    }

    /** {@code WeightedFmeasure}: 0 for an empty ground truth. */
    public static double weightedF(Prepared x) {
        if (x.gtForeground() == 0) {
            return 0.0;
        }
        int w = x.width();
        int h = x.height();
        int n = x.pixels();
        FeatureTransform ft = FeatureTransform.of(x.gt, w, h);
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = Math.abs(x.pred[i] - (x.gt[i] ? 1.0 : 0.0));
        }
        double[] et = e.clone();
        for (int i = 0; i < n; i++) {
            if (!x.gt[i]) {
                et[i] = e[ft.nearestRow()[i] * w + ft.nearestCol()[i]];
            }
        }
        double[] ew = new double[n];
        double decay = Math.log(0.5) / 5;
        int fgCount = x.gtForeground();
        double[] ewFg = new double[fgCount];
        double[] ewBg = new double[n - fgCount];
        int a = 0;
        int b = 0;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int i = r * w + c;
                if (x.gt[i]) {
                    double ea = smooth(et, w, h, r, c);
                    ew[i] = ea < e[i] ? ea : e[i];
                    ewFg[a++] = ew[i];
                } else {
                    ew[i] = e[i] * (2 - Math.exp(decay * ft.distance()[i]));
                    ewBg[b++] = ew[i];
                }
            }
        }
        double tpw = fgCount - NumpyMath.sum(ewFg);
        double fpw = NumpyMath.sum(ewBg);
        double recall = 1 - NumpyMath.mean(ewFg);
        double precision = tpw / (tpw + fpw + EPS);
        return (1 + WF_BETA2) * recall * precision / (recall + WF_BETA2 * precision + EPS);
    }

    /** {@code scipy.ndimage.convolve(Et, K, mode="constant", cval=0)} at one pixel. */
    private static double smooth(double[] et, int w, int h, int r, int c) {
        double acc = 0.0;
        for (int dy = -3; dy <= 3; dy++) {
            for (int dx = -3; dx <= 3; dx++) {
                int rr = r + dy;
                int cc = c + dx;
                double v = rr >= 0 && rr < h && cc >= 0 && cc < w ? et[rr * w + cc] : 0.0;
                acc += v * GAUSS[(dy + 3) * 7 + dx + 3];
            }
        }
        return acc;
    }

    /** MATLAB's {@code fspecial('gaussian', 7, sigma)}, as {@code matlab_style_gauss2D}. */
    static double[] gauss7x7(double sigma) {
        double[] k = new double[49];
        double max = 0;
        for (int y = -3; y <= 3; y++) {
            for (int x = -3; x <= 3; x++) {
                double v = Math.exp(-(double) (x * x + y * y) / (2 * sigma * sigma));
                k[(y + 3) * 7 + x + 3] = v;
                max = Math.max(max, v);
            }
        }
        for (int i = 0; i < 49; i++) {
            if (k[i] < EPS * max) {
                k[i] = 0;
            }
        }
        double s = NumpyMath.sum(k);
        for (int i = 0; i < 49; i++) {
            k[i] /= s;
        }
        return k;
    }
}
