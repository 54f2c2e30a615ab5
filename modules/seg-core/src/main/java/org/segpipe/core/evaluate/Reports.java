package org.segpipe.core.evaluate;

import org.segpipe.core.metrics.coco.CocoResult;
import org.segpipe.core.metrics.instance.InstanceResult;
import org.segpipe.core.metrics.panoptic.PanopticMetrics;
import org.segpipe.core.metrics.semantic.SemanticMetrics;

/** Assembles the final report from the merged totals and the AP results, however computed. */
public final class Reports {

    private Reports() {
    }

    public static EvaluationReport build(EvaluationTotals totals, EvaluateOptions opts, InstanceResult instance,
                                         CocoResult coco) {
        return new EvaluationReport(totals, opts.semantic() ? SemanticMetrics.compute(totals.semantic()) : null,
                opts.instances() ? instance : null, opts.instances() ? coco : null,
                opts.panoptic() ? PanopticMetrics.compute(totals.panoptic()) : null);
    }
}
