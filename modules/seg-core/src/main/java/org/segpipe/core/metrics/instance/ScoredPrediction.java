package org.segpipe.core.metrics.instance;

import java.io.Serializable;

/**
 * One predicted instance, ready for matching.
 *
 * @param labelId  the predicted class (label id)
 * @param score    confidence; -0.0 is stored as 0.0 so that ties compare as numpy does
 * @param overlap  what its mask covers
 * @param source   where it came from ({@code file:line}), for messages
 */
public record ScoredPrediction(int labelId, double score, PredictionOverlap overlap, String source) implements Serializable {

    public ScoredPrediction {
        if (Double.isNaN(score) || Double.isInfinite(score)) {
            throw new IllegalArgumentException("confidence must be a finite number, found " + score);
        }
        score = score + 0.0;
    }
}
