package org.segpipe.core.metrics.panoptic;

import java.util.ArrayList;
import java.util.List;
import org.segpipe.core.cityscapes.Label;

/** {@code pq_average} over merged {@link PanopticCounts}, sums added in category order. */
public final class PanopticMetrics {

    private PanopticMetrics() {
    }

    public static PanopticResult compute(PanopticCounts c) {
        List<PanopticResult.ClassPq> classes = new ArrayList<>();
        List<Label> cats = PanopticCategories.all();
        for (int i = 0; i < cats.size(); i++) {
            Label l = cats.get(i);
            long tp = c.tp()[i];
            long fp = c.fp()[i];
            long fn = c.fn()[i];
            double iou = c.iou()[i].value();
            if (tp + fp + fn == 0) {
                classes.add(new PanopticResult.ClassPq(l.id(), l.name(), l.hasInstances(), Double.NaN, Double.NaN,
                        Double.NaN, 0, 0, 0, iou));
                continue;
            }
            double denom = tp + 0.5 * fp + 0.5 * fn;
            classes.add(new PanopticResult.ClassPq(l.id(), l.name(), l.hasInstances(), iou / denom,
                    tp != 0 ? iou / tp : 0.0, tp / denom, tp, fp, fn, iou));
        }
        return new PanopticResult(average(classes, null), average(classes, true), average(classes, false),
                List.copyOf(classes));
    }

    private static PanopticResult.Average average(List<PanopticResult.ClassPq> classes, Boolean things) {
        double pq = 0;
        double sq = 0;
        double rq = 0;
        int n = 0;
        for (PanopticResult.ClassPq c : classes) {
            if (things != null && things != c.isThing()) {
                continue;
            }
            if (c.tp() + c.fp() + c.fn() == 0) {
                continue;
            }
            n++;
            pq += c.pq();
            sq += c.sq();
            rq += c.rq();
        }
        return n == 0 ? new PanopticResult.Average(Double.NaN, Double.NaN, Double.NaN, 0)
                : new PanopticResult.Average(pq / n, sq / n, rq / n, n);
    }
}
