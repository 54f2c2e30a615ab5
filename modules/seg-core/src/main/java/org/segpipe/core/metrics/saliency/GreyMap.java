package org.segpipe.core.metrics.saliency;

import org.segpipe.core.png.ColorType;
import org.segpipe.core.png.DecodedPng;
import org.segpipe.core.png.PngDecoder;
import org.segpipe.core.png.PngEncoder;
import org.segpipe.core.png.PngException;
import org.segpipe.core.png.PngHeader;
import org.segpipe.core.png.PngLimits;

/**
 * An 8-bit grey map (a saliency prediction or a ground-truth mask), row-major, values 0..255.
 */
public record GreyMap(int width, int height, byte[] values) {

    public GreyMap {
        if (width <= 0 || height <= 0 || values == null || values.length != width * height) {
            throw new IllegalArgumentException("grey map " + width + "x" + height + " needs " + width * height
                    + " values, found " + (values == null ? "none" : values.length));
        }
    }

    public static GreyMap of(int width, int height, int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 255) {
                throw new IllegalArgumentException("grey value " + values[i] + " at " + i + " is outside 0..255");
            }
            b[i] = (byte) values[i];
        }
        return new GreyMap(width, height, b);
    }

    public int at(int index) {
        return values[index] & 0xFF;
    }

    /** An 8-bit greyscale PNG; anything else fails naming the file and what it found. */
    public static GreyMap decodePng(byte[] png, String source) {
        PngHeader h = PngDecoder.readHeader(png, source, PngLimits.DEFAULT);
        if (h.bitDepth() != 8 || h.colorType() != ColorType.GRAY) {
            throw new PngException(source, PngException.Problem.WRONG_FORMAT,
                    "expected 8-bit grayscale, found " + h.format());
        }
        DecodedPng d = PngDecoder.decode(png, source);
        return new GreyMap(h.width(), h.height(), d.samples8());
    }

    public byte[] encodePng() {
        return PngEncoder.encodeGray8(width, height, values);
    }

    /**
     * Bilinear resampling to {@code w x h} with pixel centres aligned (the convention of OpenCV's
     * {@code INTER_LINEAR}, which the field uses to bring a prediction to its mask's size), rounded
     * to the nearest integer.
     */
    public GreyMap resized(int w, int h) {
        if (w == width && h == height) {
            return this;
        }
        byte[] out = new byte[w * h];
        double sx = (double) width / w;
        double sy = (double) height / h;
        for (int y = 0; y < h; y++) {
            double fy = Math.max(0.0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) fy, height - 1);
            int y1 = Math.min(y0 + 1, height - 1);
            double wy = fy - y0;
            for (int x = 0; x < w; x++) {
                double fx = Math.max(0.0, (x + 0.5) * sx - 0.5);
                int x0 = Math.min((int) fx, width - 1);
                int x1 = Math.min(x0 + 1, width - 1);
                double wx = fx - x0;
                double top = at(y0 * width + x0) * (1 - wx) + at(y0 * width + x1) * wx;
                double bottom = at(y1 * width + x0) * (1 - wx) + at(y1 * width + x1) * wx;
                out[y * w + x] = (byte) Math.min(255, Math.round(top * (1 - wy) + bottom * wy));
            }
        }
        return new GreyMap(w, h, out);
    }
}
