package org.segpipe.core.metrics.coco;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.segpipe.core.cityscapes.InstanceIds;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.metrics.instance.CityscapesProtocol;
import org.segpipe.core.metrics.instance.InstanceGroundTruth;
import org.segpipe.core.metrics.instance.ScoredPrediction;

/**
 * pycocotools' {@code computeIoU} and {@code evaluateImg} for one image, every category and area
 * range, with maxDets 100; IoUs come from the prediction overlaps (no mask is compared with
 * another pixel by pixel).
 */
public final class CocoImageEvaluator {

    private CocoImageEvaluator() {
    }

    private record Gt(int value, long area, boolean crowd) {
    }

    public static CocoImageResult evaluate(SampleKey image, InstanceGroundTruth gt, List<ScoredPrediction> predictions) {
        int categories = CityscapesProtocol.classCount();
        int areas = CocoParams.AREA_RNG.length;
        int thresholds = CocoParams.thresholdCount();
        int maxDet = CocoParams.MAX_DETS[CocoParams.MAX_DETS.length - 1];
        List<CocoDetection> out = new ArrayList<>();
        long[][] npig = new long[categories][areas];
        for (int k = 0; k < categories; k++) {
            int catId = CityscapesProtocol.classes().get(k).id();
            List<Gt> gts = new ArrayList<>();
            for (int v : gt.values()) {
                if (InstanceIds.labelId(v) == catId) {
                    gts.add(new Gt(v, gt.pixels(v), v < InstanceIds.MAX_INSTANCES_PER_CLASS));
                }
            }
            List<ScoredPrediction> dts = new ArrayList<>();
            for (ScoredPrediction p : predictions) {
                if (p.labelId() == catId && p.overlap().pixels() > 0) {
                    dts.add(p);
                }
            }
            if (gts.isEmpty() && dts.isEmpty()) {
                continue;
            }
            dts.sort(Comparator.comparingDouble((ScoredPrediction p) -> -p.score()));
            if (dts.size() > maxDet) {
                dts = dts.subList(0, maxDet);
            }
            int g = gts.size();
            int d = dts.size();
            double[][] ious = new double[d][g];
            for (int i = 0; i < d; i++) {
                ScoredPrediction p = dts.get(i);
                for (int j = 0; j < g; j++) {
                    long inter = p.overlap().intersection(gts.get(j).value());
                    if (inter == 0) {
                        continue;
                    }
                    long union = gts.get(j).crowd() ? p.overlap().pixels()
                            : p.overlap().pixels() + gts.get(j).area() - inter;
                    ious[i][j] = (double) inter / (double) union;
                }
            }
            int[] matchedBits = new int[d * areas];
            int[] ignoredBits = new int[d * areas];
            for (int a = 0; a < areas; a++) {
                boolean[] gIg = new boolean[g];
                int notIgnored = 0;
                for (int j = 0; j < g; j++) {
                    gIg[j] = gts.get(j).crowd() || CocoParams.outside(gts.get(j).area(), a);
                    notIgnored += gIg[j] ? 0 : 1;
                }
                npig[k][a] = notIgnored;
                // ground truth sorted with ignored last, stable
                int[] order = new int[g];
                int pos = 0;
                for (int j = 0; j < g; j++) {
                    if (!gIg[j]) {
                        order[pos++] = j;
                    }
                }
                for (int j = 0; j < g; j++) {
                    if (gIg[j]) {
                        order[pos++] = j;
                    }
                }
                for (int t = 0; t < thresholds; t++) {
                    boolean[] gtMatched = new boolean[g];
                    for (int i = 0; i < d; i++) {
                        double iou = Math.min(CocoParams.iouThreshold(t), CocoParams.MAX_IOU);
                        int m = -1;
                        for (int oi = 0; oi < g; oi++) {
                            int j = order[oi];
                            if (gtMatched[j] && !gts.get(j).crowd()) {
                                continue;
                            }
                            if (m > -1 && !gIg[m] && gIg[j]) {
                                break;
                            }
                            if (ious[i][j] < iou) {
                                continue;
                            }
                            iou = ious[i][j];
                            m = j;
                        }
                        if (m == -1) {
                            continue;
                        }
                        if (gIg[m]) {
                            ignoredBits[i * areas + a] |= 1 << t;
                        }
                        matchedBits[i * areas + a] |= 1 << t;
                        gtMatched[m] = true;
                    }
                }
                for (int i = 0; i < d; i++) {
                    if (CocoParams.outside(dts.get(i).overlap().pixels(), a)) {
                        int unmatched = ~matchedBits[i * areas + a] & ((1 << thresholds) - 1);
                        ignoredBits[i * areas + a] |= unmatched;
                    }
                }
            }
            for (int i = 0; i < d; i++) {
                int[] mb = new int[areas];
                int[] ib = new int[areas];
                for (int a = 0; a < areas; a++) {
                    mb[a] = matchedBits[i * areas + a];
                    ib[a] = ignoredBits[i * areas + a];
                }
                ScoredPrediction p = dts.get(i);
                out.add(new CocoDetection(k, image, i, p.score(), p.overlap().pixels(), mb, ib));
            }
        }
        return new CocoImageResult(List.copyOf(out), npig);
    }
}
