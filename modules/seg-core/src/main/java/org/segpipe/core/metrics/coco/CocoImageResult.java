package org.segpipe.core.metrics.coco;

import java.io.Serializable;
import java.util.List;

/**
 * One image under COCOeval.
 *
 * @param detections the detections kept (at most 100 per category), with their match flags
 * @param npig       [category][area range]: ground-truth objects not ignored
 */
public record CocoImageResult(List<CocoDetection> detections, long[][] npig) implements Serializable {

    /** TP, FP, FN of one category at IoU threshold t, area all, 100 detections. */
    public long[] counts(int categoryIndex, int t) {
        long tp = 0;
        long fp = 0;
        for (CocoDetection d : detections) {
            if (d.categoryIndex() != categoryIndex || d.ignored(CocoParams.AREA_ALL, t)) {
                continue;
            }
            if (d.matched(CocoParams.AREA_ALL, t)) {
                tp++;
            } else {
                fp++;
            }
        }
        return new long[] {tp, fp, npig[categoryIndex][CocoParams.AREA_ALL] - tp};
    }
}
