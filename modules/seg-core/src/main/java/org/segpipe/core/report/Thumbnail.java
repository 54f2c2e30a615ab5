package org.segpipe.core.report;

import org.segpipe.core.image.RgbImage;

/**
 * A downscaled view of a {@code srcWidth x srcHeight} frame, at most {@code maxWidth} wide, same
 * aspect ratio. Label-like data (class ids, instance ids) is sampled at the nearest source pixel,
 * so every thumbnail pixel holds a value that exists in the source (no blended ids); camera images
 * are averaged over the source pixels each thumbnail pixel covers.
 *
 * @param source for each thumbnail pixel (row-major), the index of its nearest source pixel
 */
public record Thumbnail(int srcWidth, int srcHeight, int width, int height, int[] source) {

    /** Never upscales: a frame narrower than {@code maxWidth} keeps its size. */
    public static Thumbnail fit(int srcWidth, int srcHeight, int maxWidth) {
        if (srcWidth <= 0 || srcHeight <= 0 || maxWidth <= 0) {
            throw new IllegalArgumentException("sizes must be positive: source " + srcWidth + "x" + srcHeight
                    + ", max width " + maxWidth);
        }
        int w = Math.min(srcWidth, maxWidth);
        int h = Math.max(1, (int) Math.round((double) srcHeight * w / srcWidth));
        int[] src = new int[w * h];
        for (int y = 0; y < h; y++) {
            // centre of the thumbnail pixel, mapped back: floor((y + 0.5) * srcH / h)
            int sy = Math.min(srcHeight - 1, (int) (((2L * y + 1) * srcHeight) / (2L * h)));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(srcWidth - 1, (int) (((2L * x + 1) * srcWidth) / (2L * w)));
                src[y * w + x] = sy * srcWidth + sx;
            }
        }
        return new Thumbnail(srcWidth, srcHeight, w, h, src);
    }

    public int pixels() {
        return width * height;
    }

    /** The camera image, each thumbnail pixel the mean of the source pixels it covers (rounded). */
    public RgbImage scale(RgbImage image) {
        if (image.width() != srcWidth || image.height() != srcHeight) {
            throw new IllegalArgumentException("image is " + image.width() + "x" + image.height() + ", thumbnail source is "
                    + srcWidth + "x" + srcHeight);
        }
        byte[] in = image.rgb();
        byte[] out = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            int y0 = (int) ((long) y * srcHeight / height);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * srcHeight / height));
            for (int x = 0; x < width; x++) {
                int x0 = (int) ((long) x * srcWidth / width);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * srcWidth / width));
                long r = 0;
                long g = 0;
                long b = 0;
                for (int sy = y0; sy < y1; sy++) {
                    int i = (sy * srcWidth + x0) * 3;
                    for (int sx = x0; sx < x1; sx++, i += 3) {
                        r += in[i] & 0xFF;
                        g += in[i + 1] & 0xFF;
                        b += in[i + 2] & 0xFF;
                    }
                }
                long n = (long) (y1 - y0) * (x1 - x0);
                int o = (y * width + x) * 3;
                out[o] = (byte) ((r + n / 2) / n);
                out[o + 1] = (byte) ((g + n / 2) / n);
                out[o + 2] = (byte) ((b + n / 2) / n);
            }
        }
        return new RgbImage(width, height, out);
    }

    /** Nearest-pixel samples of an 8-bit plane (class ids). */
    public int[] sample(byte[] plane) {
        check(plane.length);
        int[] out = new int[source.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = plane[source[i]] & 0xFF;
        }
        return out;
    }

    /** Nearest-pixel samples of an unsigned 16-bit plane (instance ids). */
    public int[] sample(short[] plane) {
        check(plane.length);
        int[] out = new int[source.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = plane[source[i]] & 0xFFFF;
        }
        return out;
    }

    /** Nearest-pixel samples of an int plane (panoptic segment ids). */
    public int[] sample(int[] plane) {
        check(plane.length);
        int[] out = new int[source.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = plane[source[i]];
        }
        return out;
    }

    private void check(int length) {
        if (length != srcWidth * srcHeight) {
            throw new IllegalArgumentException("plane holds " + length + " values, thumbnail source is " + srcWidth + "x"
                    + srcHeight);
        }
    }
}
