package org.segpipe.model.data;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.metrics.saliency.GreyMap;
import org.segpipe.core.metrics.saliency.SaliencyMeasures;

/**
 * Saliency samples as training batches and network outputs as saliency maps. Masks are binarised
 * at {@code > 128} (the convention of the saliency metrics) into labels 0/1 of a one-channel
 * sigmoid head; predictions become 8-bit grey maps {@code round(255 * p)}.
 */
public final class SaliencyBatches {

    /** One image with its mask, of the same size. */
    public record Sample(String key, RgbImage image, GreyMap mask) {

        public Sample {
            if (mask != null && (mask.width() != image.width() || mask.height() != image.height())) {
                throw new IllegalArgumentException(key + ": mask is " + mask.width() + "x" + mask.height() + " but the image is "
                        + image.width() + "x" + image.height());
            }
        }
    }

    private SaliencyBatches() {
    }

    /** A batch of equally sized samples; labels when every sample has a mask. */
    public static EncodedBatch encode(List<Sample> samples) {
        int w = samples.get(0).image().width();
        int h = samples.get(0).image().height();
        int px = w * h;
        byte[] pixels = new byte[samples.size() * px * 3];
        boolean labelled = samples.stream().allMatch(s -> s.mask() != null);
        byte[] labels = labelled ? new byte[samples.size() * px] : null;
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (s.image().width() != w || s.image().height() != h) {
                throw new IllegalArgumentException(s.key() + " is " + s.image().width() + "x" + s.image().height()
                        + " but the batch is " + w + "x" + h);
            }
            System.arraycopy(s.image().rgb(), 0, pixels, i * px * 3, px * 3);
            if (labelled) {
                for (int p = 0; p < px; p++) {
                    labels[i * px + p] = (byte) (s.mask().at(p) > 128 ? 1 : 0);
                }
            }
            keys.add(s.key());
        }
        return new EncodedBatch(keys, h, w, pixels, labels, null, null);
    }

    /** The {@code i}-th map of a sigmoid output {@code [N, H, W, 1]} as 0-255 grey. */
    public static GreyMap toGrey(INDArray probs, int i) {
        int h = (int) probs.size(1);
        int w = (int) probs.size(2);
        float[] p = probs.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                .reshape(h * w).toFloatVector();
        byte[] out = new byte[h * w];
        for (int k = 0; k < out.length; k++) {
            out[k] = (byte) Math.max(0, Math.min(255, Math.round(p[k] * 255f)));
        }
        return new GreyMap(w, h, out);
    }

    /**
     * The saliency MAE ({@code SaliencyMeasures}: prediction min-max scaled, mask {@code > 128}) of
     * image {@code i} of a labelled batch over its valid area: {@code probs} is the sigmoid output
     * {@code [N, H, W, 1]}, the truth is label 1 (object) against anything else.
     */
    public static double mae(INDArray probs, EncodedBatch b, int i) {
        GreyMap full = toGrey(probs, i);
        int vh = b.validHeight(i);
        int vw = b.validWidth(i);
        byte[] pred = new byte[vh * vw];
        byte[] gt = new byte[vh * vw];
        for (int y = 0; y < vh; y++) {
            for (int x = 0; x < vw; x++) {
                pred[y * vw + x] = full.values()[y * b.width() + x];
                gt[y * vw + x] = (byte) (b.trainIds()[(i * b.height() + y) * b.width() + x] == 1 ? 255 : 0);
            }
        }
        return SaliencyMeasures.mae(SaliencyMeasures.prepare(new GreyMap(vw, vh, pred), new GreyMap(vw, vh, gt)));
    }
}
