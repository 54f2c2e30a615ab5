package org.segpipe.core.metrics.instance;

import java.util.ArrayList;
import java.util.List;
import org.segpipe.core.cityscapes.Label;
import org.segpipe.core.metrics.NumpyMath;

/**
 * AP of the Cityscapes instance protocol from merged counts, with the averages of
 * {@code computeAverages}: per class {@code np.average} over the 10 overlaps (NaN when the class
 * has no ground truth), overall {@code np.nanmean} over all classes and overlaps, AP50
 * {@code np.nanmean} over the classes at 0.5.
 */
public final class CityscapesInstanceMetrics {

    private CityscapesInstanceMetrics() {
    }

    public static InstanceResult compute(CityscapesInstanceCounts counts) {
        int classes = CityscapesProtocol.classCount();
        int thresholds = CityscapesProtocol.thresholdCount();
        double[][] ap = new double[classes][thresholds];
        long[][] tp = new long[classes][thresholds];
        long[][] fp = new long[classes][thresholds];
        for (int c = 0; c < classes; c++) {
            for (int t = 0; t < thresholds; t++) {
                tp[c][t] = counts.trues(c, t);
                fp[c][t] = counts.falses(c, t);
                ap[c][t] = CityscapesAp.ap(counts.ascending(c, t), tp[c][t], fp[c][t], counts.hardFn()[c][t],
                        counts.gtInstances()[c] > 0, counts.predictions()[c] > 0, null);
            }
        }
        return summarize(ap, tp, fp, counts.hardFn());
    }

    /** Builds the result from per (class, overlap) APs and counts, however they were computed. */
    public static InstanceResult summarize(double[][] ap, long[][] tp, long[][] fp, long[][] fn) {
        List<Label> labels = CityscapesProtocol.classes();
        List<InstanceResult.ClassAp> out = new ArrayList<>();
        double[] all = new double[labels.size() * CityscapesProtocol.thresholdCount()];
        double[] at50 = new double[labels.size()];
        int k = 0;
        for (int c = 0; c < labels.size(); c++) {
            for (int t = 0; t < ap[c].length; t++) {
                all[k++] = ap[c][t];
            }
            at50[c] = ap[c][CityscapesProtocol.AP50_INDEX];
            out.add(new InstanceResult.ClassAp(labels.get(c).id(), labels.get(c).name(), ap[c].clone(),
                    NumpyMath.mean(ap[c]), ap[c][CityscapesProtocol.AP50_INDEX], tp[c].clone(), fp[c].clone(),
                    fn[c].clone()));
        }
        return new InstanceResult(List.copyOf(out), NumpyMath.nanmean(all), NumpyMath.nanmean(at50));
    }
}
