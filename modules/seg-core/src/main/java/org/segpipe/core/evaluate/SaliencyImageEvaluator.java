package org.segpipe.core.evaluate;

import java.io.Serializable;
import org.segpipe.core.metrics.saliency.GreyMap;
import org.segpipe.core.metrics.saliency.SaliencyImageScores;
import org.segpipe.core.metrics.saliency.SaliencyMeasures;
import org.segpipe.core.png.PngException;

/**
 * One image of a saliency evaluation: a mask and its prediction (either may be missing) turned into
 * scores or into a problem with a reason. Pure; the Spark step reads the bytes and calls it.
 */
public final class SaliencyImageEvaluator {

    /** Problem kinds of the saliency task (the {@code kind} column of the problems table). */
    public static final String MISSING_PREDICTION = "missing_prediction";
    public static final String UNMATCHED_PREDICTION = "unmatched_prediction";
    public static final String BAD_MASK = "bad_mask";
    public static final String BAD_PREDICTION = "bad_prediction";
    public static final String SIZE_MISMATCH = "size_mismatch";

    private SaliencyImageEvaluator() {
    }

    /**
     * What one key produced: scores (with {@code problemKind == null}) or a problem.
     *
     * @param key         file stem
     * @param width       mask width (0 when unknown)
     * @param height      mask height
     * @param predWidth   prediction width as read (0 when unknown)
     * @param predHeight  prediction height as read
     * @param resized     the prediction was resized to the mask
     * @param isImage     the key has a mask (counts as an input image)
     * @param fingerprint {@link Fingerprint} contributions of the files read
     */
    public record Outcome(String key, int width, int height, int predWidth, int predHeight, boolean resized,
                          boolean isImage, SaliencyImageScores scores, String problemKind, String problemPath,
                          String problemInput, String reason, long fingerprint) implements Serializable {

        public boolean evaluated() {
            return scores != null;
        }
    }

    public static Outcome evaluate(String key, String maskPath, byte[] mask, String predPath, byte[] pred,
                                   boolean resizeMismatched) {
        long fp = (mask == null ? 0 : Fingerprint.of("mask", key, mask)) + (pred == null ? 0 : Fingerprint.of("pred", key, pred));
        if (mask == null) {
            return problem(key, false, UNMATCHED_PREDICTION, predPath, "prediction",
                    predPath + ": prediction without a mask named '" + key + ".png' in the ground-truth folder", fp);
        }
        GreyMap gt;
        try {
            gt = GreyMap.decodePng(mask, maskPath);
        } catch (PngException e) {
            return problem(key, true, BAD_MASK, maskPath, "mask", e.getMessage(), fp);
        }
        if (pred == null) {
            return new Outcome(key, gt.width(), gt.height(), 0, 0, false, true, null, MISSING_PREDICTION, maskPath,
                    "prediction", "no prediction named '" + key + ".png' for mask " + maskPath, fp);
        }
        GreyMap p;
        try {
            p = GreyMap.decodePng(pred, predPath);
        } catch (PngException e) {
            return new Outcome(key, gt.width(), gt.height(), 0, 0, false, true, null, BAD_PREDICTION, predPath,
                    "prediction", e.getMessage(), fp);
        }
        boolean mismatch = p.width() != gt.width() || p.height() != gt.height();
        if (mismatch && !resizeMismatched) {
            return new Outcome(key, gt.width(), gt.height(), p.width(), p.height(), false, true, null, SIZE_MISMATCH,
                    predPath, "prediction", predPath + ": prediction is " + p.width() + "x" + p.height()
                    + " but its mask is " + gt.width() + "x" + gt.height() + " (evaluate.size-mismatch=reject)", fp);
        }
        GreyMap used = mismatch ? p.resized(gt.width(), gt.height()) : p;
        return new Outcome(key, gt.width(), gt.height(), p.width(), p.height(), mismatch, true,
                SaliencyMeasures.score(used, gt), null, null, null, null, fp);
    }

    private static Outcome problem(String key, boolean isImage, String kind, String path, String input, String reason,
                                   long fp) {
        return new Outcome(key, 0, 0, 0, 0, false, isImage, null, kind, path, input, reason, fp);
    }
}
