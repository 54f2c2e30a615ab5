/**
 * The Cityscapes pixel-level protocol ({@code evalPixelLevelSemanticLabeling.py}).
 *
 * <p>{@link org.segpipe.core.metrics.semantic.SemanticEvaluator#count} turns one image (ground
 * truth label ids, ground-truth instance ids, predicted label ids) into
 * {@link org.segpipe.core.metrics.semantic.SemanticCounts}: the 34x34 confusion matrix over label
 * ids and the instance-weighted TP/FN of the iIoU. {@link org.segpipe.core.metrics.semantic.SemanticMetrics}
 * computes every score from merged counts.
 *
 * <p>Rules, as in the official script: rows of ground-truth classes marked {@code ignoreInEval}
 * never count as false positives; a class's score is NaN when TP + FP + FN = 0 (no ground truth
 * and no false positives) and NaN scores are left out of every mean; a class with no ground truth
 * but false positives scores 0; iIoU weights each ground-truth instance's TP and FN by the
 * official average instance size of its class over its own size, FP stay unweighted.
 */
package org.segpipe.core.metrics.semantic;
