package org.segpipe.core.metrics.coco;

import java.io.Serializable;
import java.util.Comparator;
import org.segpipe.core.cityscapes.SampleKey;

/**
 * One detection after per-image matching, as accumulation needs it.
 *
 * @param categoryIndex index among the 8 categories
 * @param image         the image (its order is the image-id order)
 * @param rank          position in the image's score-sorted detections of this category, 0-based, &lt; 100
 * @param score         confidence
 * @param area          pixels
 * @param matched       per area range: bit t set when matched at IoU threshold t
 * @param ignored       per area range: bit t set when ignored at IoU threshold t
 */
public record CocoDetection(int categoryIndex, SampleKey image, int rank, double score, long area, int[] matched,
                            int[] ignored) implements Serializable {

    /** pycocotools' accumulation order: descending score, ties by image order, then rank. */
    public static final Comparator<CocoDetection> ACCUMULATION_ORDER = Comparator
            .comparingDouble((CocoDetection d) -> -d.score())
            .thenComparing(CocoDetection::image)
            .thenComparingInt(CocoDetection::rank);

    public boolean matched(int area, int t) {
        return (matched[area] & (1 << t)) != 0;
    }

    public boolean ignored(int area, int t) {
        return (ignored[area] & (1 << t)) != 0;
    }
}
