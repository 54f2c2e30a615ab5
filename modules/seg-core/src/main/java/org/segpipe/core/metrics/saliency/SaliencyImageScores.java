package org.segpipe.core.metrics.saliency;

/**
 * The scores of one image. Curves are indexed by threshold t = 0..255 (a pixel is positive when
 * its 8-bit prediction is {@code >= t}); PySODMetrics stores the same values in the reverse order
 * (index 0 = threshold 255), which changes nothing in max and mean.
 *
 * @param mae       mean absolute error
 * @param adaptiveF F-measure (beta^2 = 0.3) at min(2 * mean(pred), 1)
 * @param weightedF weighted F-measure (beta^2 = 1)
 * @param s         S-measure (alpha = 0.5)
 * @param adaptiveE E-measure at min(2 * mean(pred), 1)
 * @param precision precision per threshold
 * @param recall    recall per threshold
 * @param f         F-measure per threshold
 * @param e         E-measure per threshold
 */
public record SaliencyImageScores(double mae, double adaptiveF, double weightedF, double s, double adaptiveE,
                                  double[] precision, double[] recall, double[] f, double[] e) implements java.io.Serializable {

    public static final int THRESHOLDS = 256;

    /** Max over thresholds of this image's own F curve (for per-image reports). */
    public double maxF() {
        return max(f);
    }

    public double meanF() {
        return SaliencyResult.meanOfCurve(f);
    }

    public double maxE() {
        return max(e);
    }

    public double meanE() {
        return SaliencyResult.meanOfCurve(e);
    }

    static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
