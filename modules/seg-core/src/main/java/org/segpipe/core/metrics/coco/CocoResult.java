package org.segpipe.core.metrics.coco;

import java.util.List;

/**
 * COCOeval's twelve summary numbers (NaN where pycocotools prints -1) and per-category results.
 *
 * @param categories the accumulated arrays per category (for precision-recall curves)
 */
public record CocoResult(double ap, double ap50, double ap75, double apSmall, double apMedium, double apLarge,
                         double ar1, double ar10, double ar100, double arSmall, double arMedium, double arLarge,
                         List<ClassCoco> classes, List<CocoCategoryResult> categories) {

    /**
     * One category at area all, 100 detections.
     *
     * @param ap     mean precision over thresholds and recall points (NaN without ground truth)
     * @param tp     per IoU threshold: matched detections
     * @param fp     per IoU threshold: unmatched, not ignored detections
     * @param fn     per IoU threshold: non-ignored ground truth left unmatched
     * @param gtObjects non-ignored ground-truth objects (area all)
     */
    public record ClassCoco(int labelId, String name, double ap, double ap50, double ap75, double ar100, long[] tp,
                            long[] fp, long[] fn, long gtObjects) {
    }

    public ClassCoco byName(String name) {
        return classes.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no category '" + name + "'"));
    }
}
