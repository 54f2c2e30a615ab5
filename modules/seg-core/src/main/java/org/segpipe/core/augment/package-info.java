/**
 * Mask-aware augmentation. {@link org.segpipe.core.augment.SampleAugmenter} is the contract
 * training uses: a pure function of (sample, epoch, seed).
 */
package org.segpipe.core.augment;
