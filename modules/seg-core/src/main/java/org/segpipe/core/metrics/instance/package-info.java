/**
 * The Cityscapes instance-level protocol ({@code evalInstanceLevelSemanticLabeling.py}) and the
 * shared per-image groundwork of instance matching.
 *
 * <p>Matching never compares masks pixel by pixel against each other: a predicted mask is a list
 * of runs ({@link org.segpipe.core.metrics.instance.BinaryMask}); walking its runs over the
 * ground-truth instance map once gives its intersection with every ground-truth region, its void
 * pixels and its area ({@link org.segpipe.core.metrics.instance.PredictionOverlap}). Cost is the
 * predicted area, whatever the number of instances.
 *
 * <p>Protocol rules (see {@link org.segpipe.core.metrics.instance.CityscapesMatcher}): 8 classes,
 * overlaps {@code np.arange(0.5, 1.0, 0.05)}; a match needs IoU strictly above the overlap;
 * ground-truth instances under 100 px are dropped and count as ignore; of several predictions
 * matching one instance the highest-scoring is the TP, the others are FPs; an unmatched
 * prediction is ignored when its share of void, group and too-small pixels exceeds the overlap;
 * AP integrates the raw precision-recall curve step-wise
 * ({@link org.segpipe.core.metrics.instance.CityscapesAp}).
 */
package org.segpipe.core.metrics.instance;
