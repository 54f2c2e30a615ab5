package org.segpipe.core.evaluate;

import java.util.List;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.metrics.panoptic.PanopticSegment;

/**
 * One ground-truth image (its files' bytes) and the paths of whatever predictions were found for
 * it; prediction files are read through a {@link FileLoader} while evaluating. A null prediction
 * path means none was found (evaluated as an empty prediction and reported).
 *
 * @param gtLabelPath      ground-truth {@code *_labelIds.png}
 * @param gtInstancePath   ground-truth {@code *_instanceIds.png}, or null when absent
 * @param semanticPath     the semantic prediction, or null
 * @param instancesPath    the instance results text file, or null
 * @param panopticPath     the panoptic PNG, or null
 * @param panopticSegments its segments_info (null when there is no annotation)
 */
public record ImageInputs(SampleKey key, String split, String gtLabelPath, byte[] gtLabelPng, String gtInstancePath,
                          byte[] gtInstancePng, String semanticPath, String instancesPath, String panopticPath,
                          List<PanopticSegment> panopticSegments) {
}
