package org.segpipe.core.evaluate;

import java.io.Serializable;

/**
 * What to evaluate.
 *
 * @param semantic         evaluate semantic predictions
 * @param instances        evaluate instance predictions (Cityscapes and COCO protocols)
 * @param panoptic         evaluate panoptic predictions
 * @param semanticTrainIds semantic PNGs hold train ids (converted to label ids)
 * @param instancesRoot    the instance results folder; mask paths must stay inside it
 */
public record EvaluateOptions(boolean semantic, boolean instances, boolean panoptic, boolean semanticTrainIds,
                              String instancesRoot) implements Serializable {
}
