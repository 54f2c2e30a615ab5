/**
 * Mask-aware augmentation. {@link org.segpipe.core.augment.SampleAugmenter} is the contract
 * training uses: a pure function of (sample, epoch, seed). {@link org.segpipe.core.augment.PipelineAugmenter}
 * implements it for a {@link org.segpipe.core.augment.Pipeline} (parsed from {@code augment.pipeline},
 * see conf/augment.md), built from settings by {@link org.segpipe.core.augment.AugmentConfig#from}.
 *
 * <p>Geometric steps move image, label mask and instance mask through one composed affine map
 * ({@code AugmentState}, {@code Resampler}): image bilinear, masks nearest at the same position,
 * uncovered pixels filled (ignore label in masks). Photometric steps ({@code PixelOps}) touch the
 * image only. Draws come from {@link org.segpipe.core.augment.SampleSeeds}: SHA-256 of (seed, key,
 * epoch), one stream per step.
 */
package org.segpipe.core.augment;
