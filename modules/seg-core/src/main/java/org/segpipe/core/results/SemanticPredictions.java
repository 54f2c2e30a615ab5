package org.segpipe.core.results;

import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.png.PngImages;

/**
 * Semantic predictions: 8-bit grayscale or palette PNGs of label ids (as {@code np.array(Image.open(f))}
 * reads them), optionally given in train ids and converted.
 */
public final class SemanticPredictions {

    private SemanticPredictions() {
    }

    /**
     * Decodes a prediction.
     *
     * @param trainIds true when the files hold train ids (converted to label ids; 255 becomes unlabeled)
     */
    public static ClassMask decode(byte[] png, String source, boolean trainIds) {
        ClassMask m = PngImages.decodeClassMask(png, source, trainIds ? ClassEncoding.TRAIN_IDS : ClassEncoding.LABEL_IDS, true);
        return trainIds ? m.toLabelIds() : m;
    }

    /**
     * Whether a mask that should hold label ids looks like train ids: only values 0..18 and 255,
     * and either 255 present or more than half of the pixels on values that as label ids are void
     * or ignored (train ids put road, building and sky there: 0, 2, 10). Returns null when not,
     * else the reason.
     */
    public static String trainIdsSuspicion(ClassMask labelIds) {
        long[] h = labelIds.histogram();
        long onIgnored = 0;
        for (int v = 0; v < 256; v++) {
            if (h[v] == 0) {
                continue;
            }
            boolean trainRange = v < CityscapesLabels.NUM_TRAIN_IDS || v == CityscapesLabels.IGNORE_TRAIN_ID;
            if (!trainRange) {
                return null;
            }
            if (v == CityscapesLabels.IGNORE_TRAIN_ID || CityscapesLabels.byId(v).ignoreInEval()) {
                onIgnored += h[v];
            }
        }
        boolean has255 = h[CityscapesLabels.IGNORE_TRAIN_ID] > 0;
        if (!has255 && onIgnored * 2 <= labelIds.pixels()) {
            return null;
        }
        return "values are all in 0..18" + (has255 ? " and 255" : "") + ", and " + Math.round(100.0 * onIgnored / labelIds.pixels())
                + "% of pixels carry ids that are void or ignored as label ids: this looks like train ids, but label ids "
                + "are expected (set evaluate.semantic-ids = train-ids to convert them)";
    }
}
