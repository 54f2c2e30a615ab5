package org.segpipe.model.net;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * How a network's parameters are trained: the optimiser (with its learning-rate schedule), L2 weight
 * decay on convolution weights (never on biases or batch-norm parameters) and the seed of the
 * initial weights.
 */
public record NetTraining(IUpdater updater, double weightDecay, long seed) {

    public NetTraining {
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be non-negative, found " + weightDecay);
        }
    }

    /** Adam at 1e-3, no weight decay. */
    public static NetTraining defaults(long seed) {
        return new NetTraining(new Adam(1e-3), 0, seed);
    }
}
