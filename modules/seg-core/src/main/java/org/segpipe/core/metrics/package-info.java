/**
 * Evaluation metrics as pure static functions over mergeable counts.
 *
 * <p>Every protocol follows the same shape: a per-image function returns a small count object
 * with {@code zero()} and {@code merge(a, b)} (associative, zero is the identity, merging in any
 * order gives bit-identical totals), and the formulas run once on the merged totals. Sums of
 * floating-point terms that the official tools accumulate image by image (instance-weighted
 * iIoU terms, panoptic IoU sums) are kept exact ({@link org.segpipe.core.metrics.ExactSum}) and
 * rounded once, so the result cannot depend on how images were partitioned. Averages that the
 * official tools take with numpy are taken with numpy's own summation order
 * ({@link org.segpipe.core.metrics.NumpyMath}).
 *
 * <p>Sub-packages: {@code semantic} (Cityscapes pixel-level protocol), {@code instance}
 * (Cityscapes instance-level protocol), {@code coco} (COCOeval for masks), {@code panoptic}
 * (PQ/SQ/RQ).
 */
package org.segpipe.core.metrics;
