package org.segpipe.core.augment;

/**
 * A sample that a pipeline cannot augment as configured (a crop larger than the sample with
 * {@code if-smaller=fail}, an output too large to encode). The message names the sample, the step
 * and what to change. Batch jobs put such samples into their rejects table.
 */
public final class AugmentException extends IllegalArgumentException {

    public AugmentException(String message) {
        super(message);
    }
}
