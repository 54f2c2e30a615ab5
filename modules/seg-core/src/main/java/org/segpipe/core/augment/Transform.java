package org.segpipe.core.augment;

import java.io.Serializable;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One kind of augmentation step with its configured parameters. {@link #apply} draws the step's
 * random parameters from {@code rng} (the step's own stream), applies them to the sample and puts
 * what it drew into {@code drawn}, which ends up in the {@code augment_params} of a row.
 */
interface Transform extends Serializable {

    void apply(AugmentState sample, SplittableRandom rng, Map<String, Object> drawn);

    /** Uniform in [min, max] (exactly min when they are equal). */
    static double uniform(SplittableRandom rng, double min, double max) {
        return min == max ? min : min + (max - min) * rng.nextDouble();
    }
}
