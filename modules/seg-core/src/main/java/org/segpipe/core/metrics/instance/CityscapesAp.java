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
 * there). The stream needs O(1) memory, so it can run over a distributed sort: feed it with
 * {@link #accept} and end it with {@link #finish}, or use {@link #ap} over an iterator.
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

    /** One point of the raw curve; score NaN marks the artificial last point. */
    public record Point(int index, double score, double precision, double recall) {
    }

    private final long n;
    private final long totalTrues;
    private final long hardFn;
    private final boolean defined;
    private final double undefinedValue;
    private long truesBefore;
    private long entriesBefore;
    private double sum = 0.0;
    private int index;
    private double prevPrecision = Double.NaN;
    private double prevRecall = Double.NaN;
    private double prevPrevRecall = Double.NaN;
    private double lastScore = Double.NaN;
    private boolean finished;

    /**
     * Starts the stream of one (class, overlap).
     *
     * @param totalTrues  sum of trues over the stream
     * @param totalFalses sum of falses over the stream
     * @param hardFn      ground-truth instances without a match
     * @param haveGt      whether any image has an evaluated ground-truth instance of the class
     * @param havePred    whether any image has a (non-empty) prediction of the class
     */
    public CityscapesAp(long totalTrues, long totalFalses, long hardFn, boolean haveGt, boolean havePred) {
        this.n = totalTrues + totalFalses;
        this.totalTrues = totalTrues;
        this.hardFn = hardFn;
        this.defined = haveGt && havePred && n > 0;
        this.undefinedValue = !haveGt ? Double.NaN : 0.0;
    }

    /** Whether the AP comes from a curve (else it is NaN or 0 by the undefined-case rules and points are not made). */
    public boolean defined() {
        return defined;
    }

    /**
     * Takes the next distinct score (strictly ascending) and returns the curve point it makes, or
     * null when the AP is not defined by a curve.
     */
    public Point accept(ScoreCount sc) {
        if (finished) {
            throw new IllegalStateException("the stream is finished");
        }
        if (index > 0 && !(sc.score() > lastScore)) {
            throw new IllegalArgumentException("scores must be strictly ascending: " + sc.score() + " after " + lastScore);
        }
        Point point = null;
        if (defined) {
            double tp = totalTrues - truesBefore;
            double fp = n - entriesBefore - tp;
            double fn = truesBefore + hardFn;
            double p = tp / (tp + fp);
            double r = tp / (tp + fn);
            point = new Point(index, sc.score(), p, r);
            if (index >= 1) {
                double left = index == 1 ? prevRecall : prevPrevRecall;
                sum += prevPrecision * (0.5 * left - 0.5 * r);
            }
            prevPrevRecall = prevRecall;
            prevPrecision = p;
            prevRecall = r;
        }
        lastScore = sc.score();
        truesBefore += sc.trues();
        entriesBefore += sc.trues() + sc.falses();
        index++;
        return point;
    }

    /** Ends the stream: the artificial last point (null when undefined) is passed to {@code sink}; returns AP. */
    public double finish(PointSink sink) {
        finished = true;
        if (!defined) {
            return undefinedValue;
        }
        if (entriesBefore != n || truesBefore != totalTrues) {
            throw new IllegalArgumentException("the stream holds " + entriesBefore + " entries (" + truesBefore
                    + " true) but the totals say " + n + " (" + totalTrues + " true)");
        }
        // Last real point (index-1): its right neighbour is the artificial point (recall 0).
        double left = index == 1 ? prevRecall : prevPrevRecall;
        sum += prevPrecision * (0.5 * left - 0.5 * 0.0);
        // Artificial point: precision repeats the last one, recall 0; right neighbour 0.
        if (sink != null) {
            sink.point(index, Double.NaN, prevPrecision, 0.0);
        }
        sum += prevPrecision * (0.5 * prevRecall - 0.5 * 0.0);
        return sum;
    }

    /** The whole computation over an iterator (ascending distinct scores). */
    public static double ap(Iterator<ScoreCount> ascending, long totalTrues, long totalFalses, long hardFn,
                            boolean haveGt, boolean havePred, PointSink sink) {
        CityscapesAp s = new CityscapesAp(totalTrues, totalFalses, hardFn, haveGt, havePred);
        while (ascending.hasNext()) {
            Point p = s.accept(ascending.next());
            if (p != null && sink != null) {
                sink.point(p.index(), p.score(), p.precision(), p.recall());
            }
        }
        return s.finish(sink);
    }
}
