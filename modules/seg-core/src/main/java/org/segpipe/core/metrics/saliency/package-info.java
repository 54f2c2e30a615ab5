/**
 * Salient object detection metrics, following PySODMetrics ({@code py_sod_metrics/sod_metrics.py},
 * {@code utils.py}) operation by operation, so the numbers agree with the field's reference code.
 *
 * <p>Per image ({@link org.segpipe.core.metrics.saliency.SaliencyMeasures#score}): the prediction
 * (8-bit grey) is divided by 255 and, unless it is constant, min-max scaled to [0,1]; the ground
 * truth is binarised at {@code > 128}. Then
 * <ul>
 *   <li>MAE = mean |pred - gt|;</li>
 *   <li>precision/recall/F (beta^2 = 0.3) at 256 thresholds t = 0..255 on the prediction
 *       truncated to 8 bits ({@code (pred*255).astype(uint8)}), a pixel is positive when its value
 *       is {@code >= t}; precision is 0 where nothing is positive, recall 0 on an empty ground
 *       truth, F is 0 where P*R = 0;</li>
 *   <li>adaptive F: threshold min(2 * mean(pred), 1) on the float prediction, 0 when the binarised
 *       prediction does not meet the ground truth;</li>
 *   <li>weighted F (Margolin et al., beta^2 = 1): error E = |pred - gt| carried from the nearest
 *       foreground pixel to each background pixel (scipy's exact Euclidean feature transform,
 *       ported with its tie-breaking in {@link org.segpipe.core.metrics.saliency.FeatureTransform}),
 *       smoothed with a 7x7 Gaussian (sigma 5, zero padding), the smaller of smoothed and raw
 *       error kept inside the object, background errors weighted by 2 - exp(ln(0.5)/5 * dist);
 *       0 for an empty ground truth;</li>
 *   <li>S-measure (alpha 0.5): 1 - mean(pred) on an empty ground truth, mean(pred) on a full one,
 *       otherwise max(0, 0.5 * object + 0.5 * region) with the region part split at the rounded
 *       (half to even) foreground centroid plus one; where the reference code produces NaN (a
 *       one-pixel foreground or background, whose sample standard deviation is 0/0, or a quadrant
 *       of one or zero pixels) Python's {@code max(0, nan)} makes the score 0, and so does ours;</li>
 *   <li>E-measure: the enhanced alignment at the same 256 thresholds (curve) and at the adaptive
 *       threshold, with the closed forms of the reference for an empty ground truth (fraction of
 *       negatives) and a full one (fraction of positives), divided by (pixels - 1 + eps).</li>
 * </ul>
 *
 * <p>Every per-image value is finite. {@link org.segpipe.core.metrics.saliency.SaliencyTotals} sums
 * them (scalars and the per-threshold curves) exactly, so they merge in any order, and
 * {@link org.segpipe.core.metrics.saliency.SaliencyResult#of} averages over images: max-F / mean-F
 * and max-E / mean-E are the maximum / mean over thresholds of the image-averaged curves.
 */
package org.segpipe.core.metrics.saliency;
