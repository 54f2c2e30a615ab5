/**
 * COCOeval for instance masks, exactly as pycocotools' {@code cocoeval.py} evaluates
 * {@code iouType='segm'} with the default parameters, over the Cityscapes instances.
 *
 * <p>Mapping of Cityscapes to COCO: categories are the 8 evaluated instance classes (category id
 * = label id); image order is the sample key order (city, sequence, frame), which is the order of
 * sorted image ids; ground-truth objects are the instances ({@code iscrowd=0}) and the group
 * regions such as {@code cargroup} ({@code iscrowd=1}), in ascending instance value order, with
 * area = pixel count; detections keep their results-file order before the stable score sort.
 *
 * <p>Rules: IoU = intersection / union, against a crowd region intersection / detection area;
 * a match needs IoU &gt;= threshold (thresholds {@code np.linspace(.5, .95, 10)}); per image and
 * category, detections sorted by descending score (stable) and truncated to 100 are matched
 * greedily to the best unmatched non-ignored object, else to an ignored one (crowd or outside the
 * area range), whose matches are ignored; unmatched detections outside the area range are
 * ignored; precision is interpolated at the 101 recall points of {@code np.linspace(0, 1, 101)}.
 * Accumulation sorts all detections of a category by descending score with ties in image order
 * ({@link org.segpipe.core.metrics.coco.CocoAccumulator} streams them with O(1) memory).
 * Summaries average with numpy's summation order; pycocotools' -1 for "no ground truth" is NaN
 * here.
 */
package org.segpipe.core.metrics.coco;
