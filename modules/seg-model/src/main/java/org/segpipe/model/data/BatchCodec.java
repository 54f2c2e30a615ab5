package org.segpipe.model.data;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.RgbImage;

/**
 * Converts decoded samples to batches and batches to tensors. Pure functions with no Spark, so
 * executors (building batches) and trainers or predictors (making tensors) share one definition:
 *
 * <ul>
 *   <li>features: {@code [N, H, W, 3]} float, {@code (v / 255 - mean_c) / std_c} with the ImageNet
 *       statistics of {@link #MEAN} and {@link #STD};</li>
 *   <li>labels: {@code [N, H, W, 1]} float train ids (255 = ignore), converted from label ids with
 *       the Cityscapes table;</li>
 *   <li>padding (images smaller than the batch size, bottom and right): the mean colour, which
 *       normalises to about 0, and ignore labels.</li>
 * </ul>
 */
public final class BatchCodec {

    /** Per-channel RGB mean and standard deviation of ImageNet, on the 0..1 scale. */
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] STD = {0.229f, 0.224f, 0.225f};
    /** The byte value closest to the mean colour, used for padding. */
    private static final byte[] PAD_RGB = {(byte) Math.round(MEAN[0] * 255), (byte) Math.round(MEAN[1] * 255),
        (byte) Math.round(MEAN[2] * 255)};
    private static final float[][] LUT = new float[3][256];

    static {
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                LUT[c][v] = (v / 255f - MEAN[c]) / STD[c];
            }
        }
    }

    private BatchCodec() {
    }

    /**
     * Packs samples of at most {@code height x width} into one batch, padding smaller ones;
     * {@code withLabels=false} leaves the labels out (prediction).
     */
    public static EncodedBatch encode(List<DecodedSample> samples, int height, int width, boolean withLabels) {
        int n = samples.size();
        int plane = height * width;
        byte[] pixels = new byte[n * plane * 3];
        byte[] labels = withLabels ? new byte[n * plane] : null;
        int[] vh = new int[n];
        int[] vw = new int[n];
        boolean padded = false;
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            DecodedSample s = samples.get(i);
            if (s.width() > width || s.height() > height) {
                throw new IllegalArgumentException(s.key() + ": image of " + s.width() + "x" + s.height()
                        + " does not fit a batch of " + width + "x" + height);
            }
            keys.add(s.key());
            vh[i] = s.height();
            vw[i] = s.width();
            padded |= s.height() != height || s.width() != width;
            byte[] rgb = s.image().rgb();
            byte[] train = withLabels ? s.labelIds().toTrainIds().values() : null;
            int base = i * plane;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int o = base + y * width + x;
                    if (y < s.height() && x < s.width()) {
                        int src = y * s.width() + x;
                        pixels[3 * o] = rgb[3 * src];
                        pixels[3 * o + 1] = rgb[3 * src + 1];
                        pixels[3 * o + 2] = rgb[3 * src + 2];
                        if (labels != null) {
                            labels[o] = train[src];
                        }
                    } else {
                        pixels[3 * o] = PAD_RGB[0];
                        pixels[3 * o + 1] = PAD_RGB[1];
                        pixels[3 * o + 2] = PAD_RGB[2];
                        if (labels != null) {
                            labels[o] = (byte) CityscapesLabels.IGNORE_TRAIN_ID;
                        }
                    }
                }
            }
        }
        return new EncodedBatch(keys, height, width, pixels, labels, padded ? vh : null, padded ? vw : null);
    }

    /** Concatenates batches of the same image size into one, in order. */
    public static EncodedBatch concat(List<EncodedBatch> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        EncodedBatch first = parts.get(0);
        int n = 0;
        boolean labels = first.trainIds() != null;
        boolean padded = false;
        for (EncodedBatch p : parts) {
            if (p.height() != first.height() || p.width() != first.width() || (p.trainIds() != null) != labels) {
                throw new IllegalArgumentException("cannot batch " + p.keys() + " (" + p.width() + "x" + p.height() + ") with "
                        + first.keys() + " (" + first.width() + "x" + first.height() + ")");
            }
            n += p.size();
            padded |= p.validHeight() != null;
        }
        int plane = first.height() * first.width();
        byte[] pixels = new byte[n * plane * 3];
        byte[] train = labels ? new byte[n * plane] : null;
        int[] vh = padded ? new int[n] : null;
        int[] vw = padded ? new int[n] : null;
        List<String> keys = new ArrayList<>(n);
        int at = 0;
        for (EncodedBatch p : parts) {
            System.arraycopy(p.pixels(), 0, pixels, at * plane * 3, p.pixels().length);
            if (train != null) {
                System.arraycopy(p.trainIds(), 0, train, at * plane, p.trainIds().length);
            }
            for (int i = 0; i < p.size(); i++) {
                if (padded) {
                    vh[at + i] = p.validHeight(i);
                    vw[at + i] = p.validWidth(i);
                }
            }
            keys.addAll(p.keys());
            at += p.size();
        }
        return new EncodedBatch(keys, first.height(), first.width(), pixels, train, vh, vw);
    }

    /** Normalised float features {@code [N, H, W, 3]}. */
    public static INDArray features(EncodedBatch b) {
        byte[] px = b.pixels();
        float[] f = new float[px.length];
        for (int i = 0; i < px.length; i += 3) {
            f[i] = LUT[0][px[i] & 0xFF];
            f[i + 1] = LUT[1][px[i + 1] & 0xFF];
            f[i + 2] = LUT[2][px[i + 2] & 0xFF];
        }
        return Nd4j.create(f, new long[] {b.size(), b.height(), b.width(), 3}, 'c');
    }

    /** Train-id labels {@code [N, H, W, 1]} as floats. */
    public static INDArray labels(EncodedBatch b) {
        if (b.trainIds() == null) {
            throw new IllegalStateException("batch " + b.keys() + " has no labels");
        }
        byte[] t = b.trainIds();
        float[] f = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            f[i] = t[i] & 0xFF;
        }
        return Nd4j.create(f, new long[] {b.size(), b.height(), b.width(), 1}, 'c');
    }

    /** The train ids of image {@code i} of a batch, cropped to its valid area. */
    public static ClassMask trainIds(EncodedBatch b, int i) {
        int h = b.validHeight(i);
        int w = b.validWidth(i);
        byte[] out = new byte[h * w];
        int base = i * b.height() * b.width();
        for (int y = 0; y < h; y++) {
            System.arraycopy(b.trainIds(), base + y * b.width(), out, y * w, w);
        }
        return new ClassMask(w, h, out, org.segpipe.core.image.ClassEncoding.TRAIN_IDS);
    }

    /** The image {@code i} of a batch, cropped to its valid area. */
    public static RgbImage image(EncodedBatch b, int i) {
        int h = b.validHeight(i);
        int w = b.validWidth(i);
        byte[] out = new byte[h * w * 3];
        int base = i * b.height() * b.width() * 3;
        for (int y = 0; y < h; y++) {
            System.arraycopy(b.pixels(), base + y * b.width() * 3, out, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }

    /** The smallest multiple of {@code m} that is at least {@code v}. */
    public static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }
}
