package org.segpipe.core.metrics.saliency;

import java.io.Serializable;
import java.util.Arrays;
import org.segpipe.core.metrics.ExactSum;

/**
 * Mergeable sums of per-image saliency scores: the image count, the exact sums of the scalar
 * scores and, per threshold, the exact sums of precision, recall, F and E. {@link #merge} is
 * associative and commutative with {@link #zero()} as identity, so Spark can aggregate per-image
 * scores in any partitioning and get the same bits.
 */
public record SaliencyTotals(long images, ExactSum mae, ExactSum adaptiveF, ExactSum weightedF, ExactSum s,
                             ExactSum adaptiveE, ExactSum[] precision, ExactSum[] recall, ExactSum[] f,
                             ExactSum[] e) implements Serializable {

    private static final int T = SaliencyImageScores.THRESHOLDS;

    public static SaliencyTotals zero() {
        return new SaliencyTotals(0, ExactSum.zero(), ExactSum.zero(), ExactSum.zero(), ExactSum.zero(), ExactSum.zero(),
                zeros(), zeros(), zeros(), zeros());
    }

    public static SaliencyTotals of(SaliencyImageScores x) {
        return new SaliencyTotals(1, ExactSum.of(x.mae()), ExactSum.of(x.adaptiveF()), ExactSum.of(x.weightedF()),
                ExactSum.of(x.s()), ExactSum.of(x.adaptiveE()), of(x.precision()), of(x.recall()), of(x.f()), of(x.e()));
    }

    public static SaliencyTotals merge(SaliencyTotals a, SaliencyTotals b) {
        return new SaliencyTotals(a.images + b.images, ExactSum.merge(a.mae, b.mae),
                ExactSum.merge(a.adaptiveF, b.adaptiveF), ExactSum.merge(a.weightedF, b.weightedF),
                ExactSum.merge(a.s, b.s), ExactSum.merge(a.adaptiveE, b.adaptiveE), add(a.precision, b.precision),
                add(a.recall, b.recall), add(a.f, b.f), add(a.e, b.e));
    }

    /** Value equality (records compare arrays by reference). */
    public boolean sameAs(SaliencyTotals o) {
        return images == o.images && mae.sameTotal(o.mae) && adaptiveF.sameTotal(o.adaptiveF)
                && weightedF.sameTotal(o.weightedF) && s.sameTotal(o.s) && adaptiveE.sameTotal(o.adaptiveE)
                && same(precision, o.precision) && same(recall, o.recall) && same(f, o.f) && same(e, o.e);
    }

    private static boolean same(ExactSum[] a, ExactSum[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!a[i].sameTotal(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static ExactSum[] zeros() {
        ExactSum[] z = new ExactSum[T];
        Arrays.fill(z, ExactSum.zero());
        return z;
    }

    private static ExactSum[] of(double[] v) {
        ExactSum[] z = new ExactSum[T];
        for (int i = 0; i < T; i++) {
            z[i] = ExactSum.of(v[i]);
        }
        return z;
    }

    private static ExactSum[] add(ExactSum[] a, ExactSum[] b) {
        ExactSum[] out = new ExactSum[T];
        for (int i = 0; i < T; i++) {
            out[i] = ExactSum.merge(a[i], b[i]);
        }
        return out;
    }
}
