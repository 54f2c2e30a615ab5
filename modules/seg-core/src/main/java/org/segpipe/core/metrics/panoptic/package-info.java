/**
 * Panoptic quality as {@code evalPanopticSemanticLabeling.py} computes it, with the ground truth
 * derived from {@code *_instanceIds.png} as {@code createPanopticImgs.py} does (segment id = the
 * instance value; values below 1000 of classes with instances are crowd regions; classes ignored
 * in evaluation are void).
 *
 * <p>Rules: a predicted and a ground-truth segment of the same category match when IoU &gt; 0.5,
 * where the union leaves out the predicted pixels lying on void; crowd segments never match; an
 * unmatched prediction is not an FP when more than half of it lies on void or on the crowd region
 * of its category. PQ = sum(IoU of TPs) / (TP + FP/2 + FN/2), SQ = sum(IoU)/TP (0 when TP = 0),
 * RQ = TP / (TP + FP/2 + FN/2); averages over the categories with TP + FP + FN &gt; 0 (the
 * official tool shows 0.0 for the others; here they are NaN).
 */
package org.segpipe.core.metrics.panoptic;
