package org.segpipe.model.train;

/**
 * A minimal confusion matrix for the validation mIoU printed and logged during training (the
 * official evaluation lives in seg-core's metrics). Rows are ground-truth train ids, columns
 * predictions; pixels whose ground truth is not a class (255) are not counted. Saliency runs also
 * average the per-image MAE here, so the one validation pass yields every figure of the log.
 */
public final class ValidationCounts {

    private final int classes;
    private final long[] counts;
    private double maeSum;
    private long maeImages;

    ValidationCounts(int classes) {
        this.classes = classes;
        this.counts = new long[classes * classes];
    }

    void add(int truth, int predicted) {
        if (truth < classes && predicted >= 0 && predicted < classes) {
            counts[truth * classes + predicted]++;
        }
    }

    /** One validation image's MAE (saliency runs). */
    void addMae(double mae) {
        maeSum += mae;
        maeImages++;
    }

    /** Mean of the per-image MAEs added; NaN when none was (not a saliency run, or no validation images). */
    public double meanMae() {
        return maeImages == 0 ? Double.NaN : maeSum / maeImages;
    }

    long pixels() {
        long s = 0;
        for (long c : counts) {
            s += c;
        }
        return s;
    }

    /** Correct pixels over counted pixels; NaN when nothing was counted. */
    public double pixelAccuracy() {
        long correct = 0;
        for (int c = 0; c < classes; c++) {
            correct += counts[c * classes + c];
        }
        long all = pixels();
        return all == 0 ? Double.NaN : (double) correct / all;
    }

    /** IoU {@code TP / (TP + FP + FN)} averaged over the classes that occur in truth or prediction; NaN if none. */
    public double meanIoU() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < classes; c++) {
            long tp = counts[c * classes + c];
            long fn = 0;
            long fp = 0;
            for (int k = 0; k < classes; k++) {
                if (k != c) {
                    fn += counts[c * classes + k];
                    fp += counts[k * classes + c];
                }
            }
            long union = tp + fp + fn;
            if (union > 0) {
                sum += (double) tp / union;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
