package org.segpipe.core.metrics.instance;

import java.util.Iterator;

/**
 * The AP of one (class, overlap) from its entries grouped by distinct score, streamed in
 * ascending score order, as {@code evaluateMatches} computes it:
 *
 * <ul>
 *   <li>for each distinct score s (ascending, index i): TP = trues with score &gt;= s,
 *       FP = falses with score &gt;= s, FN = trues below s + hard FNs; precision_i = TP/(TP+FP),
 *       recall_i = TP/(TP+FN);</li>
 *   <li>an artificial last point with the last precision and recall 0;</li>
 *   <li>step widths w_i = 0.5 r_{i-1} - 0.5 r_{i+1} (with r_{-1} = r_0 and 0 after the end), the
 *       convolution of the recalls with [-0.5, 0, 0.5]; AP = sum of p_i w_i, added left to
 *       right (numpy's BLAS dot may add in another order: last-bit differences only).</li>
 * </ul>
 *
 * Undefined cases: AP is NaN without ground truth, 0 with ground truth but no prediction of the
 * class anywhere, and 0 when there is ground truth and predictions but no entry at all (every
 * instance missed and every prediction ignored; the official script fails on an empty array
 * there). The stream needs O(1) memory, so it can run over a distributed sort.
 */
public final class CityscapesAp {

    /** Receives the points of the raw precision-recall curve, in ascending score order. */
    public interface PointSink {
        /**
         * @param index     0-based
         * @param score     the score threshold, or NaN for the artificial last point
         * @param precision precision at that threshold
         * @param recall    recall at that threshold
         */
        void point(int index, double score, double precision, double recall);
    }

    private CityscapesAp() {
    }

    /**
     * @param ascending   distinct scores in strictly ascending order with their counts
     * @param totalTrues  sum of trues over the stream
     * @param totalFalses sum of falses over the stream
     * @param hardFn      ground-truth instances without a match
     * @param haveGt      whether any image has an evaluated ground-truth instance of the class
     * @param havePred    whether any image has a (non-empty) prediction of the class
     * @param sink        receives the curve, or null
     */
    public static double ap(Iterator<ScoreCount> ascending, long totalTrues, long totalFalses, long hardFn,
                            boolean haveGt, boolean havePred, PointSink sink) {
        if (!haveGt) {
            return Double.NaN;
        }
        if (!havePred || totalTrues + totalFalses == 0) {
            return 0.0;
        }
        long n = totalTrues + totalFalses;
        long truesBefore = 0;
        long entriesBefore = 0;
        // Sliding window over points: r_{i-2}, r_{i-1}, p_{i-1}.
        double ap = 0.0;
        int index = 0;
        double prevPrecision = Double.NaN;
        double prevRecall = Double.NaN;
        double prevPrevRecall = Double.NaN;
        double lastScore = Double.NaN;
        while (ascending.hasNext()) {
            ScoreCount sc = ascending.next();
            if (index > 0 && !(sc.score() > lastScore)) {
                throw new IllegalArgumentException("scores must be strictly ascending: " + sc.score() + " after " + lastScore);
            }
            double tp = totalTrues - truesBefore;
            double fp = n - entriesBefore - tp;
            double fn = truesBefore + hardFn;
            double p = tp / (tp + fp);
            double r = tp / (tp + fn);
            if (sink != null) {
                sink.point(index, sc.score(), p, r);
            }
            if (index >= 1) {
                double left = index == 1 ? prevRecall : prevPrevRecall;
                ap += prevPrecision * (0.5 * left - 0.5 * r);
            }
            prevPrevRecall = prevRecall;
            prevPrecision = p;
            prevRecall = r;
            lastScore = sc.score();
            truesBefore += sc.trues();
            entriesBefore += sc.trues() + sc.falses();
            index++;
        }
        if (entriesBefore != n || truesBefore != totalTrues) {
            throw new IllegalArgumentException("the stream holds " + entriesBefore + " entries (" + truesBefore
                    + " true) but the totals say " + n + " (" + totalTrues + " true)");
        }
        // Last real point (index-1): its right neighbour is the artificial point (recall 0).
        double left = index == 1 ? prevRecall : prevPrevRecall;
        ap += prevPrecision * (0.5 * left - 0.5 * 0.0);
        // Artificial point: precision repeats the last one, recall 0; right neighbour 0.
        if (sink != null) {
            sink.point(index, Double.NaN, prevPrecision, 0.0);
        }
        ap += prevPrecision * (0.5 * prevRecall - 0.5 * 0.0);
        return ap;
    }
}
