package org.segpipe.core.metrics.instance;

import java.util.ArrayList;
import java.util.List;
import org.segpipe.core.cityscapes.InstanceIds;

/**
 * Per-image matching of the Cityscapes instance protocol, following {@code assignGt2Preds} and the
 * per-image part of {@code evaluateMatches} in {@code evalInstanceLevelSemanticLabeling.py}.
 *
 * <p>For each class and overlap threshold th (compared with the exact doubles of
 * {@code np.arange(0.5, 1.0, 0.05)}):
 * <ol>
 *   <li>Ground truth = instances of the class ({@code value >= 1000}) with at least 100 px.
 *       Every prediction of the class with IoU &gt; th against an instance matches it; the
 *       highest score becomes the instance's entry (true), every other matching prediction an FP
 *       entry carrying the lower score. An instance without a match is a hard FN.</li>
 *   <li>A prediction with IoU &gt; th against no region of its class (instances, groups and
 *       too-small instances alike) is an FP unless its ignore share exceeds th: void pixels plus
 *       its intersection with groups plus its intersection with instances under 100 px (a group
 *       under 100 px counts twice, as in the official code), over its area.</li>
 * </ol>
 * Predictions of classes outside the 8 are ignored; empty masks must be dropped by the caller.
 */
public final class CityscapesMatcher {

    private CityscapesMatcher() {
    }

    private record Gt(int value, long pixels) {
    }

    public static CityscapesImageResult match(InstanceGroundTruth gt, List<ScoredPrediction> predictions) {
        int classes = CityscapesProtocol.classCount();
        int thresholds = CityscapesProtocol.thresholdCount();
        List<List<Gt>> allGt = new ArrayList<>();
        List<List<ScoredPrediction>> preds = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            allGt.add(new ArrayList<>());
            preds.add(new ArrayList<>());
        }
        for (int v : gt.values()) {
            int c = CityscapesProtocol.classIndex(InstanceIds.labelId(v));
            if (c >= 0) {
                allGt.get(c).add(new Gt(v, gt.pixels(v)));
            }
        }
        for (ScoredPrediction p : predictions) {
            int c = CityscapesProtocol.classIndex(p.labelId());
            if (c >= 0 && p.overlap().pixels() > 0) {
                preds.get(c).add(p);
            }
        }
        List<ScoredMatch> matches = new ArrayList<>();
        long[][] hardFn = new long[classes][thresholds];
        long[] gtCount = new long[classes];
        long[] predCount = new long[classes];
        for (int c = 0; c < classes; c++) {
            List<Gt> evaluated = new ArrayList<>();
            for (Gt g : allGt.get(c)) {
                if (g.value() >= InstanceIds.MAX_INSTANCES_PER_CLASS && g.pixels() >= CityscapesProtocol.MIN_REGION_SIZE_PX) {
                    evaluated.add(g);
                }
            }
            gtCount[c] = evaluated.size();
            predCount[c] = preds.get(c).size();
            for (int t = 0; t < thresholds; t++) {
                double th = CityscapesProtocol.overlap(t);
                for (Gt g : evaluated) {
                    boolean matched = false;
                    double best = 0;
                    for (ScoredPrediction p : preds.get(c)) {
                        long inter = p.overlap().intersection(g.value());
                        if (inter == 0 || overlap(inter, g.pixels(), p.overlap().pixels()) <= th) {
                            continue;
                        }
                        if (matched) {
                            matches.add(new ScoredMatch(c, t, Math.min(best, p.score()), false));
                            best = Math.max(best, p.score());
                        } else {
                            matched = true;
                            best = p.score();
                        }
                    }
                    if (matched) {
                        matches.add(new ScoredMatch(c, t, best, true));
                    } else {
                        hardFn[c][t]++;
                    }
                }
                for (ScoredPrediction p : preds.get(c)) {
                    PredictionOverlap o = p.overlap();
                    boolean found = false;
                    long ignorePx = o.voidPixels();
                    for (int j = 0; j < o.gtValues().length; j++) {
                        int v = o.gtValues()[j];
                        if (CityscapesProtocol.classIndex(InstanceIds.labelId(v)) != c) {
                            continue;
                        }
                        long inter = o.intersections()[j];
                        long gtPx = gt.pixels(v);
                        if (overlap(inter, gtPx, o.pixels()) > th) {
                            found = true;
                            break;
                        }
                        if (v < InstanceIds.MAX_INSTANCES_PER_CLASS) {
                            ignorePx += inter;
                        }
                        if (gtPx < CityscapesProtocol.MIN_REGION_SIZE_PX) {
                            ignorePx += inter;
                        }
                    }
                    if (!found && (double) ignorePx / o.pixels() <= th) {
                        matches.add(new ScoredMatch(c, t, p.score(), false));
                    }
                }
            }
        }
        return new CityscapesImageResult(List.copyOf(matches), hardFn, gtCount, predCount);
    }

    /** {@code float(intersection) / (gtPixels + predPixels - intersection)}. */
    static double overlap(long intersection, long gtPixels, long predPixels) {
        return (double) intersection / (gtPixels + predPixels - intersection);
    }
}
