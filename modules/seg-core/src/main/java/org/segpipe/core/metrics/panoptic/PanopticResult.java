package org.segpipe.core.metrics.panoptic;

import java.util.List;

/**
 * Panoptic scores.
 *
 * @param all     over all categories with TP + FP + FN &gt; 0
 * @param things  over such categories with instances
 * @param stuff   over such categories without instances
 * @param classes the 19 categories in label-id order
 */
public record PanopticResult(Average all, Average things, Average stuff, List<ClassPq> classes) {

    /** An average over {@code n} categories (NaN when n = 0). */
    public record Average(double pq, double sq, double rq, int n) {
    }

    /** One category; NaN scores when TP + FP + FN = 0. */
    public record ClassPq(int labelId, String name, boolean isThing, double pq, double sq, double rq, long tp, long fp,
                         long fn, double iouSum) {
    }

    public ClassPq byName(String name) {
        return classes.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no panoptic category '" + name + "'"));
    }
}
