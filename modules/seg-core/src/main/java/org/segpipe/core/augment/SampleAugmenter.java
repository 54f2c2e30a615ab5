package org.segpipe.core.augment;

import org.segpipe.core.dataset.DecodedSample;

/**
 * Transforms a decoded sample for training. The draw for a sample must depend only on the
 * sample's key, the epoch and the augmenter's own seed, so any partitioning, executor count or
 * retry gives the same result.
 */
@FunctionalInterface
public interface SampleAugmenter extends java.io.Serializable {

    /** Leaves samples as they are. */
    SampleAugmenter NONE = (sample, epoch) -> sample;

    DecodedSample augment(DecodedSample sample, int epoch);
}
