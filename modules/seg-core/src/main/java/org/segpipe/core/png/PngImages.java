package org.segpipe.core.png;

import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.png.PngException.Problem;

/**
 * PNG decoding and encoding by role. Each decoder checks the header against what the role needs
 * before inflating anything, so a 16-bit file given as a label image fails fast with a message
 * such as {@code x_labelIds.png: expected 8-bit grayscale, found 16-bit grayscale}.
 */
public final class PngImages {

    private PngImages() {
    }

    /** A camera image: 8-bit RGB. */
    public static RgbImage decodeRgb(byte[] png, String source) {
        return decodeRgb(png, source, PngLimits.DEFAULT);
    }

    public static RgbImage decodeRgb(byte[] png, String source, PngLimits limits) {
        PngHeader h = PngDecoder.readHeader(png, source, limits);
        expect(h, source, 8, ColorType.RGB);
        DecodedPng d = PngDecoder.decode(png, source, limits);
        return new RgbImage(h.width(), h.height(), d.samples8());
    }

    /**
     * Checks a camera image without decoding its pixels: 8-bit RGB, within the limits, every
     * chunk intact ({@link PngDecoder#verify}). Returns its header.
     */
    public static PngHeader verifyRgb(byte[] png, String source) {
        PngHeader h = PngDecoder.readHeader(png, source, PngLimits.DEFAULT);
        expect(h, source, 8, ColorType.RGB);
        return PngDecoder.verify(png, source, PngLimits.DEFAULT);
    }

    /**
     * A colour image for display ({@code *_color.png}): 8-bit RGB or RGBA, alpha dropped.
     */
    public static RgbImage decodeRgbOrRgba(byte[] png, String source) {
        PngHeader h = PngDecoder.readHeader(png, source, PngLimits.DEFAULT);
        if (h.bitDepth() == 8 && h.colorType() == ColorType.RGB) {
            return decodeRgb(png, source);
        }
        if (h.bitDepth() != 8 || h.colorType() != ColorType.RGBA) {
            throw wrongFormat(source, "8-bit RGB or RGBA", h);
        }
        byte[] rgba = PngDecoder.decode(png, source).samples8();
        byte[] rgb = new byte[h.width() * h.height() * 3];
        for (int i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
            rgb[j] = rgba[i];
            rgb[j + 1] = rgba[i + 1];
            rgb[j + 2] = rgba[i + 2];
        }
        return new RgbImage(h.width(), h.height(), rgb);
    }

    /**
     * A class map: 8-bit grayscale. With {@code allowPalette}, 8-bit palette images are accepted
     * too and their indices taken as the values (several tools save label maps that way).
     */
    public static ClassMask decodeClassMask(byte[] png, String source, ClassEncoding encoding, boolean allowPalette) {
        PngHeader h = PngDecoder.readHeader(png, source, PngLimits.DEFAULT);
        boolean gray = h.bitDepth() == 8 && h.colorType() == ColorType.GRAY;
        boolean palette = allowPalette && h.bitDepth() == 8 && h.colorType() == ColorType.PALETTE;
        if (!gray && !palette) {
            throw wrongFormat(source, allowPalette ? "8-bit grayscale or 8-bit palette" : "8-bit grayscale", h);
        }
        DecodedPng d = PngDecoder.decode(png, source);
        return new ClassMask(h.width(), h.height(), d.samples8(), encoding);
    }

    /** {@code *_labelIds.png}: 8-bit grayscale label ids. */
    public static ClassMask decodeLabelIds(byte[] png, String source) {
        return decodeClassMask(png, source, ClassEncoding.LABEL_IDS, false);
    }

    /** {@code *_instanceIds.png}: 16-bit grayscale instance ids. */
    public static InstanceMask decodeInstanceIds(byte[] png, String source) {
        return decodeGray16(png, source, PngLimits.DEFAULT);
    }

    public static InstanceMask decodeGray16(byte[] png, String source, PngLimits limits) {
        PngHeader h = PngDecoder.readHeader(png, source, limits);
        expect(h, source, 16, ColorType.GRAY);
        DecodedPng d = PngDecoder.decode(png, source, limits);
        return new InstanceMask(h.width(), h.height(), d.samples16());
    }

    public static byte[] encode(RgbImage image) {
        return PngEncoder.encodeRgb(image.width(), image.height(), image.rgb());
    }

    public static byte[] encode(ClassMask mask) {
        return PngEncoder.encodeGray8(mask.width(), mask.height(), mask.values());
    }

    public static byte[] encode(InstanceMask mask) {
        return PngEncoder.encodeGray16(mask.width(), mask.height(), mask.values());
    }

    private static void expect(PngHeader h, String source, int bitDepth, ColorType colorType) {
        if (h.bitDepth() != bitDepth || h.colorType() != colorType) {
            throw wrongFormat(source, bitDepth + "-bit " + colorType.description(), h);
        }
    }

    private static PngException wrongFormat(String source, String expected, PngHeader found) {
        return new PngException(source, Problem.WRONG_FORMAT, "expected " + expected + ", found " + found.format());
    }
}
