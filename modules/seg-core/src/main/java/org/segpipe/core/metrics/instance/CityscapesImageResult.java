package org.segpipe.core.metrics.instance;

import java.io.Serializable;
import java.util.List;

/**
 * One image under the Cityscapes instance protocol.
 *
 * @param matches     scored entries per (class, overlap)
 * @param hardFn      [class][overlap]: evaluated ground-truth instances without a match
 * @param gtInstances [class]: evaluated ground-truth instances (at least 100 px)
 * @param predictions [class]: non-empty predictions of the class
 */
public record CityscapesImageResult(List<ScoredMatch> matches, long[][] hardFn, long[] gtInstances, long[] predictions)
        implements Serializable {

    /** TP, FP and FN of one (class, overlap) in this image, whatever the scores. */
    public long[] counts(int classIndex, int thresholdIndex) {
        long tp = 0;
        long fp = 0;
        for (ScoredMatch m : matches) {
            if (m.classIndex() == classIndex && m.thresholdIndex() == thresholdIndex) {
                if (m.isTrue()) {
                    tp++;
                } else {
                    fp++;
                }
            }
        }
        return new long[] {tp, fp, hardFn[classIndex][thresholdIndex]};
    }
}
