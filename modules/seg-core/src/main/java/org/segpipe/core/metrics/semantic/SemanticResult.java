package org.segpipe.core.metrics.semantic;

import java.util.List;

/**
 * Scores of the pixel-level protocol. NaN means undefined (see the package documentation).
 *
 * @param classes            the 19 evaluated classes in label-id order
 * @param categories         the 8 categories in the official order (void is always NaN)
 * @param miou               mean IoU over classes with a defined IoU
 * @param iiou               mean iIoU over the 8 instance classes with a defined iIoU
 * @param miouCategories     mean category IoU
 * @param iiouCategories     mean category iIoU (human, vehicle)
 * @param pixelAccuracy      correctly labelled pixels over all pixels whose ground truth is evaluated
 * @param meanClassAccuracy  mean over classes with ground truth of TP / (TP + FN)
 * @param frequencyWeightedIou sum over classes of (ground-truth share x IoU)
 * @param evaluatedPixels    pixels whose ground truth is an evaluated class
 */
public record SemanticResult(List<ClassScore> classes, List<CategoryScore> categories, double miou, double iiou,
                             double miouCategories, double iiouCategories, double pixelAccuracy,
                             double meanClassAccuracy, double frequencyWeightedIou, long evaluatedPixels) {

    /**
     * One class.
     *
     * @param tp        pixels of the class predicted as the class
     * @param fp        pixels predicted as the class whose ground truth is another evaluated class
     * @param fn        pixels of the class predicted as anything else (ignored classes included)
     * @param iou       TP / (TP + FP + FN)
     * @param iiou      instance-weighted IoU (NaN for classes without instances)
     * @param dice      2TP / (2TP + FP + FN), the F1 score
     * @param precision TP / (TP + FP)
     * @param accuracy  TP / (TP + FN), the class accuracy (recall)
     */
    public record ClassScore(int labelId, String name, long tp, long fp, long fn, double iou, double iiou, double dice,
                             double precision, double accuracy) {
    }

    /** One category. */
    public record CategoryScore(String name, double iou, double iiou) {
    }

    public ClassScore byName(String name) {
        return classes.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no evaluated class '" + name + "'"));
    }

    public CategoryScore category(String name) {
        return categories.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no category '" + name + "'"));
    }
}
