package org.segpipe.core.image;

import org.segpipe.core.cityscapes.CityscapesLabels;

/**
 * A per-pixel class map, one unsigned byte per pixel, in label ids or train ids.
 */
public record ClassMask(int width, int height, byte[] values, ClassEncoding encoding) {

    public ClassMask {
        Dimensions.check(width, height);
        if (values.length != (long) width * height) {
            throw new IllegalArgumentException("mask buffer holds " + values.length + " values, expected "
                    + width + "x" + height + " = " + (long) width * height);
        }
    }

    public static ClassMask filled(int width, int height, int value, ClassEncoding encoding) {
        byte[] v = new byte[Math.multiplyExact(width, height)];
        java.util.Arrays.fill(v, (byte) value);
        return new ClassMask(width, height, v, encoding);
    }

    public int at(int x, int y) {
        return values[y * width + x] & 0xFF;
    }

    public int at(int index) {
        return values[index] & 0xFF;
    }

    public int pixels() {
        return values.length;
    }

    /** Pixel counts per value 0..255. */
    public long[] histogram() {
        // Four interleaved tables, so runs of equal pixels do not wait on one counter's store.
        int[] h0 = new int[256];
        int[] h1 = new int[256];
        int[] h2 = new int[256];
        int[] h3 = new int[256];
        int n = values.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            h0[values[i] & 0xFF]++;
            h1[values[i + 1] & 0xFF]++;
            h2[values[i + 2] & 0xFF]++;
            h3[values[i + 3] & 0xFF]++;
        }
        for (; i < n; i++) {
            h0[values[i] & 0xFF]++;
        }
        long[] h = new long[256];
        for (int v = 0; v < 256; v++) {
            h[v] = (long) h0[v] + h1[v] + h2[v] + h3[v];
        }
        return h;
    }

    /** This mask in train ids (label ids outside the table become 255). */
    public ClassMask toTrainIds() {
        if (encoding == ClassEncoding.TRAIN_IDS) {
            return this;
        }
        return new ClassMask(width, height, map(CityscapesLabels.labelToTrainLut()), ClassEncoding.TRAIN_IDS);
    }

    /** This mask in label ids (255 and unknown train ids become 0, unlabeled). */
    public ClassMask toLabelIds() {
        if (encoding == ClassEncoding.LABEL_IDS) {
            return this;
        }
        return new ClassMask(width, height, map(CityscapesLabels.trainToLabelLut()), ClassEncoding.LABEL_IDS);
    }

    private byte[] map(byte[] lut) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = lut[values[i] & 0xFF];
        }
        return out;
    }

    /** Renders label ids in the official Cityscapes palette (the {@code *_color.png} image). */
    public RgbImage toPaletteImage() {
        ClassMask ids = toLabelIds();
        int[] palette = new int[256];
        for (var label : CityscapesLabels.withIds()) {
            palette[label.id()] = label.color();
        }
        byte[] rgb = new byte[values.length * 3];
        for (int i = 0, j = 0; i < values.length; i++, j += 3) {
            int c = palette[ids.values[i] & 0xFF];
            rgb[j] = (byte) (c >> 16);
            rgb[j + 1] = (byte) (c >> 8);
            rgb[j + 2] = (byte) c;
        }
        return new RgbImage(width, height, rgb);
    }
}
