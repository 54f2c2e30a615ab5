package org.segpipe.core.metrics.saliency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.segpipe.core.metrics.NumpyMath;

/**
 * The dataset-level saliency scores: every per-image value averaged over images, and the
 * image-averaged curves per threshold t = 0..255. Max-F and mean-F (max-E, mean-E) are the maximum
 * and the mean over thresholds of the averaged F (E) curve, as in PySODMetrics. With no images
 * every score is NaN.
 */
public record SaliencyResult(long images, double mae, double maxF, double meanF, double adpF, double wF, double s,
                             double maxE, double meanE, double adpE, double[] precision, double[] recall,
                             double[] f, double[] e) {

    /** The scores' names, in the order of the summary JSON (and of every table and page that lists them). */
    public static final List<String> SCORES = List.of("MAE", "maxF", "meanF", "adpF", "wF", "S", "maxE", "meanE", "adpE");

    public static SaliencyResult of(SaliencyTotals t) {
        double n = t.images();
        double[] p = curve(t.precision(), n);
        double[] r = curve(t.recall(), n);
        double[] f = curve(t.f(), n);
        double[] e = curve(t.e(), n);
        return new SaliencyResult(t.images(), t.mae().value() / n, SaliencyImageScores.max(f), meanOfCurve(f),
                t.adaptiveF().value() / n, t.weightedF().value() / n, t.s().value() / n, SaliencyImageScores.max(e),
                meanOfCurve(e), t.adaptiveE().value() / n, p, r, f, e);
    }

    private static double[] curve(org.segpipe.core.metrics.ExactSum[] sums, double n) {
        double[] c = new double[sums.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = sums[i].value() / n;
        }
        return c;
    }

    /** {@code curve.mean()} over the reference's order (threshold 255 first). */
    static double meanOfCurve(double[] byThreshold) {
        double[] flipped = new double[byThreshold.length];
        for (int i = 0; i < flipped.length; i++) {
            flipped[i] = byThreshold[byThreshold.length - 1 - i];
        }
        return NumpyMath.mean(flipped);
    }

    /**
     * The summary JSON: {@code {"images": N, "MAE": x, "maxF": x, "meanF": x, "adpF": x, "wF": x,
     * "S": x, "maxE": x, "meanE": x, "adpE": x}}; numbers in the shortest form that reads back to the same double,
     * NaN as {@code null}.
     */
    public String summaryJson() {
        StringBuilder b = new StringBuilder("{\"images\": ").append(images);
        scores().forEach((name, v) -> b.append(", \"").append(name).append("\": ").append(num(v)));
        return b.append('}').toString();
    }

    /** The nine scores by name ({@link #SCORES}, in that order). */
    public Map<String, Double> scores() {
        double[] v = {mae, maxF, meanF, adpF, wF, s, maxE, meanE, adpE};
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            out.put(SCORES.get(i), v[i]);
        }
        return out;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v).toLowerCase(Locale.ROOT) : "null";
    }
}
