package org.segpipe.core.metrics.panoptic;

import java.io.Serializable;

/** One entry of a prediction's {@code segments_info}: segment id and category id (a label id). */
public record PanopticSegment(long id, long categoryId) implements Serializable {
}
