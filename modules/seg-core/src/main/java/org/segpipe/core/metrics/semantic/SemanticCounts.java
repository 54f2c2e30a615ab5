package org.segpipe.core.metrics.semantic;

import java.io.Serializable;
import java.util.Arrays;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.metrics.ExactSum;

/**
 * Mergeable counts of the pixel-level protocol.
 *
 * @param confusion    {@code N x N} pixel counts, row = ground-truth label id, column = predicted
 *                     label id, N = 34 (ids 0..33), row-major
 * @param instTp       per label id: unweighted instance TP pixels (iIoU classes only)
 * @param instFn       per label id: unweighted instance FN pixels
 * @param instTpWeighted per label id: instance TP pixels times avgSize/instanceSize, exact
 * @param instFnWeighted per label id: instance FN pixels times avgSize/instanceSize, exact
 * @param catTp        per category index (of {@link SemanticProtocol#categories()}): unweighted TP
 * @param catFn        per category index: unweighted FN
 * @param catTpWeighted per category index: weighted TP, exact
 * @param catFnWeighted per category index: weighted FN, exact
 */
public record SemanticCounts(long[] confusion, long[] instTp, long[] instFn, ExactSum[] instTpWeighted,
                             ExactSum[] instFnWeighted, long[] catTp, long[] catFn, ExactSum[] catTpWeighted,
                             ExactSum[] catFnWeighted) implements Serializable {

    /** Label ids 0..33. */
    public static final int N = CityscapesLabels.MAX_LABEL_ID + 1;

    public static SemanticCounts zero() {
        int c = SemanticProtocol.categories().size();
        return new SemanticCounts(new long[N * N], new long[N], new long[N], zeros(N), zeros(N), new long[c], new long[c],
                zeros(c), zeros(c));
    }

    private static ExactSum[] zeros(int n) {
        ExactSum[] z = new ExactSum[n];
        Arrays.fill(z, ExactSum.zero());
        return z;
    }

    public long cell(int gtId, int predId) {
        return confusion[gtId * N + predId];
    }

    /** Total pixels counted. */
    public long pixels() {
        long s = 0;
        for (long v : confusion) {
            s += v;
        }
        return s;
    }

    public static SemanticCounts merge(SemanticCounts a, SemanticCounts b) {
        return new SemanticCounts(add(a.confusion, b.confusion), add(a.instTp, b.instTp), add(a.instFn, b.instFn),
                add(a.instTpWeighted, b.instTpWeighted), add(a.instFnWeighted, b.instFnWeighted), add(a.catTp, b.catTp),
                add(a.catFn, b.catFn), add(a.catTpWeighted, b.catTpWeighted), add(a.catFnWeighted, b.catFnWeighted));
    }

    private static long[] add(long[] a, long[] b) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    private static ExactSum[] add(ExactSum[] a, ExactSum[] b) {
        ExactSum[] out = new ExactSum[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = ExactSum.merge(a[i], b[i]);
        }
        return out;
    }

    /** Value equality (records compare arrays by reference). */
    public boolean sameAs(SemanticCounts o) {
        return Arrays.equals(confusion, o.confusion) && Arrays.equals(instTp, o.instTp) && Arrays.equals(instFn, o.instFn)
                && same(instTpWeighted, o.instTpWeighted) && same(instFnWeighted, o.instFnWeighted)
                && Arrays.equals(catTp, o.catTp) && Arrays.equals(catFn, o.catFn)
                && same(catTpWeighted, o.catTpWeighted) && same(catFnWeighted, o.catFnWeighted);
    }

    private static boolean same(ExactSum[] a, ExactSum[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!a[i].sameTotal(b[i])) {
                return false;
            }
        }
        return true;
    }
}
