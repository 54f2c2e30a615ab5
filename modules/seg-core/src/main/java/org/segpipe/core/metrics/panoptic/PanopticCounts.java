package org.segpipe.core.metrics.panoptic;

import java.io.Serializable;
import java.util.Arrays;
import org.segpipe.core.metrics.ExactSum;

/** Mergeable per-category TP, FP, FN and the exact sum of the TPs' IoU. */
public record PanopticCounts(long[] tp, long[] fp, long[] fn, ExactSum[] iou) implements Serializable {

    public static PanopticCounts zero() {
        int n = PanopticCategories.count();
        ExactSum[] iou = new ExactSum[n];
        Arrays.fill(iou, ExactSum.zero());
        return new PanopticCounts(new long[n], new long[n], new long[n], iou);
    }

    public static PanopticCounts merge(PanopticCounts a, PanopticCounts b) {
        PanopticCounts out = zero();
        for (int i = 0; i < a.tp.length; i++) {
            out.tp[i] = a.tp[i] + b.tp[i];
            out.fp[i] = a.fp[i] + b.fp[i];
            out.fn[i] = a.fn[i] + b.fn[i];
            out.iou[i] = ExactSum.merge(a.iou[i], b.iou[i]);
        }
        return out;
    }

    public boolean sameAs(PanopticCounts o) {
        for (int i = 0; i < tp.length; i++) {
            if (tp[i] != o.tp[i] || fp[i] != o.fp[i] || fn[i] != o.fn[i] || !iou[i].sameTotal(o.iou[i])) {
                return false;
            }
        }
        return true;
    }
}
