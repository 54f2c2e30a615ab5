package org.segpipe.core.evaluate;

import org.segpipe.core.metrics.coco.CocoResult;
import org.segpipe.core.metrics.instance.InstanceResult;
import org.segpipe.core.metrics.panoptic.PanopticResult;
import org.segpipe.core.metrics.semantic.SemanticResult;

/**
 * The final numbers of a run. A protocol's result is null when its input was not given.
 */
public record EvaluationReport(EvaluationTotals totals, SemanticResult semantic, InstanceResult instance, CocoResult coco,
                               PanopticResult panoptic) {
}
