package org.segpipe.model.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * A batch in its compact wire form, as executors build it and ship it to the trainer: {@code n}
 * images of {@code height x width}, pixels as interleaved 8-bit RGB in NHWC order
 * ({@code n*height*width*3} bytes) and labels as train ids ({@code n*height*width} bytes, 255 =
 * ignore; null when unlabelled). Four bytes per pixel instead of the 88 of float features plus
 * one-hot labels; {@link BatchCodec} turns it into tensors.
 *
 * @param keys        sample keys, one per image, in batch order
 * @param validHeight per image, rows holding image content (the rest is padding), or null when none is padded
 * @param validWidth  per image, columns holding image content, or null when none is padded
 */
public final class EncodedBatch implements Serializable {

    private static final long serialVersionUID = 1L;

    // a class, not a record: Spark's Kryo cannot serialise records
    private final List<String> keys;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final byte[] trainIds;
    private final int[] validHeight;
    private final int[] validWidth;

    public EncodedBatch(List<String> keys, int height, int width, byte[] pixels, byte[] trainIds, int[] validHeight, int[] validWidth) {
        keys = new java.util.ArrayList<>(keys);
        long px = (long) keys.size() * height * width;
        if (pixels.length != px * 3) {
            throw new IllegalArgumentException("batch of " + keys.size() + " images of " + width + "x" + height + " needs "
                    + px * 3 + " pixel bytes, found " + pixels.length);
        }
        if (trainIds != null && trainIds.length != px) {
            throw new IllegalArgumentException("batch of " + keys.size() + " images of " + width + "x" + height + " needs "
                    + px + " label bytes, found " + trainIds.length);
        }
        if ((validHeight == null) != (validWidth == null)
                || (validHeight != null && (validHeight.length != keys.size() || validWidth.length != keys.size()))) {
            throw new IllegalArgumentException("valid sizes must be given for every image or for none");
        }
        this.keys = keys;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.trainIds = trainIds;
        this.validHeight = validHeight;
        this.validWidth = validWidth;
    }

    public List<String> keys() {
        return java.util.Collections.unmodifiableList(keys);
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Interleaved RGB, NHWC (not copied: do not modify). */
    public byte[] pixels() {
        return pixels;
    }

    /** Train ids, NHW, or null (not copied: do not modify). */
    public byte[] trainIds() {
        return trainIds;
    }

    public int[] validHeight() {
        return validHeight;
    }

    public int[] validWidth() {
        return validWidth;
    }

    public int size() {
        return keys.size();
    }

    public long pixelsPerImage() {
        return (long) height * width;
    }

    /** Content height of image {@code i} (its full height unless padded). */
    public int validHeight(int i) {
        return validHeight == null ? height : validHeight[i];
    }

    public int validWidth(int i) {
        return validWidth == null ? width : validWidth[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedBatch b && b.keys.equals(keys) && b.height == height && b.width == width
                && Arrays.equals(b.pixels, pixels) && Arrays.equals(b.trainIds, trainIds)
                && Arrays.equals(b.validHeight, validHeight) && Arrays.equals(b.validWidth, validWidth);
    }

    @Override
    public int hashCode() {
        return 31 * keys.hashCode() + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "EncodedBatch" + keys + " " + width + "x" + height;
    }
}
