package org.segpipe.core.evaluate;

import java.util.ArrayList;
import java.util.List;
import org.segpipe.core.cityscapes.Label;
import org.segpipe.core.metrics.coco.CocoParams;
import org.segpipe.core.metrics.instance.CityscapesProtocol;
import org.segpipe.core.metrics.panoptic.PanopticMetrics;
import org.segpipe.core.metrics.panoptic.PanopticResult;
import org.segpipe.core.metrics.semantic.SemanticMetrics;
import org.segpipe.core.metrics.semantic.SemanticResult;

/** Per-image rows and summaries, from one {@link ImageEvaluation}. */
public final class ImageMetrics {

    /**
     * One image at a glance.
     *
     * @param pixelAccuracy semantic pixel accuracy of the image
     * @param miou          mean over the classes present (TP + FP + FN &gt; 0) of their IoU in the image
     * @param gtInstances   Cityscapes-evaluated ground-truth instances (&gt;= 100 px, 8 classes)
     * @param instanceTp    Cityscapes TP at overlap 0.5
     * @param pq            panoptic PQ of the image (over the categories present)
     */
    public record ImageSummary(double pixelAccuracy, double miou, long gtInstances, long instanceTp, double pq) {
    }

    private ImageMetrics() {
    }

    public static List<ImageMetric> rows(ImageEvaluation e) {
        List<ImageMetric> out = new ArrayList<>();
        if (e.semantic() != null) {
            for (SemanticResult.ClassScore c : SemanticMetrics.compute(e.semantic()).classes()) {
                if (c.tp() + c.fp() + c.fn() > 0) {
                    out.add(new ImageMetric("semantic", c.name(), c.labelId(), "pixel", c.tp(), c.fp(), c.fn(), c.iou(),
                            Double.NaN, Double.NaN));
                }
            }
        }
        List<Label> classes = CityscapesProtocol.classes();
        if (e.cityscapes() != null) {
            for (int c = 0; c < classes.size(); c++) {
                long[] n = e.cityscapes().counts(c, CityscapesProtocol.AP50_INDEX);
                if (n[0] + n[1] + n[2] > 0) {
                    out.add(new ImageMetric("instance", classes.get(c).name(), classes.get(c).id(), "instance", n[0], n[1], n[2],
                            Double.NaN, Double.NaN, Double.NaN));
                }
            }
        }
        if (e.coco() != null) {
            for (int c = 0; c < classes.size(); c++) {
                long[] n = e.coco().counts(c, CocoParams.thresholdIndex(0.5));
                if (n[0] + n[1] + n[2] > 0) {
                    out.add(new ImageMetric("coco", classes.get(c).name(), classes.get(c).id(), "instance", n[0], n[1], n[2],
                            Double.NaN, Double.NaN, Double.NaN));
                }
            }
        }
        if (e.panoptic() != null) {
            for (PanopticResult.ClassPq c : PanopticMetrics.compute(e.panoptic()).classes()) {
                if (c.tp() + c.fp() + c.fn() > 0) {
                    out.add(new ImageMetric("panoptic", c.name(), c.labelId(), "segment", c.tp(), c.fp(), c.fn(), Double.NaN,
                            c.iouSum(), c.pq()));
                }
            }
        }
        return out;
    }

    public static ImageSummary summary(ImageEvaluation e) {
        double pa = Double.NaN;
        double miou = Double.NaN;
        if (e.semantic() != null) {
            SemanticResult r = SemanticMetrics.compute(e.semantic());
            pa = r.pixelAccuracy();
            miou = r.miou();
        }
        long gt = 0;
        long tp = 0;
        if (e.cityscapes() != null) {
            for (int c = 0; c < CityscapesProtocol.classCount(); c++) {
                gt += e.cityscapes().gtInstances()[c];
                tp += e.cityscapes().counts(c, CityscapesProtocol.AP50_INDEX)[0];
            }
        }
        double pq = e.panoptic() == null ? Double.NaN : PanopticMetrics.compute(e.panoptic()).all().pq();
        return new ImageSummary(pa, miou, gt, tp, pq);
    }
}
