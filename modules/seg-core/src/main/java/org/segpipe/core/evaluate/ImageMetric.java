package org.segpipe.core.evaluate;

import java.io.Serializable;

/**
 * One (image, protocol, class) row of the per-image report.
 *
 * @param protocol  {@code semantic}, {@code instance} (Cityscapes, overlap 0.5), {@code coco}
 *                  (IoU 0.5, area all, 100 detections) or {@code panoptic}
 * @param unit      what tp/fp/fn count: {@code pixel}, {@code instance} or {@code segment}
 * @param iou       semantic: TP/(TP+FP+FN) of the class in this image; else NaN
 * @param iouSum    panoptic: sum of the IoU of matched segments; else NaN
 * @param pq        panoptic: the class's PQ in this image; else NaN
 */
public record ImageMetric(String protocol, String className, int labelId, String unit, long tp, long fp, long fn,
                          double iou, double iouSum, double pq) implements Serializable {
}
