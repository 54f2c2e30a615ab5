package org.segpipe.core.metrics.instance;

import java.io.Serializable;

/**
 * One entry of the precision-recall input of a (class, overlap): a matched ground-truth instance
 * ({@code isTrue}, with the matching prediction's score) or a false positive.
 */
public record ScoredMatch(int classIndex, int thresholdIndex, double score, boolean isTrue) implements Serializable {
}
