package org.segpipe.core.evaluate;

import java.io.Serializable;
import java.util.List;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.metrics.coco.CocoImageResult;
import org.segpipe.core.metrics.instance.CityscapesImageResult;
import org.segpipe.core.metrics.panoptic.PanopticCounts;
import org.segpipe.core.metrics.semantic.SemanticCounts;
import org.segpipe.core.results.EvalProblem;

/**
 * Everything one image contributes to a run. A protocol's part is null when it was not evaluated
 * for this image (not requested, or the ground truth it needs is unusable).
 *
 * @param evaluated           false when the ground truth could not be read (the image is a reject)
 * @param instancePredictions predictions used (non-empty masks with a usable line)
 * @param fingerprint         64-bit content fingerprint of every file read for this image
 */
public record ImageEvaluation(SampleKey key, String split, int width, int height, boolean evaluated,
                              SemanticCounts semantic, CityscapesImageResult cityscapes, CocoImageResult coco,
                              PanopticCounts panoptic, List<EvalProblem> problems, long instancePredictions,
                              long fingerprint) implements Serializable {
}
