package org.segpipe.core.image;

/**
 * An 8-bit RGB image, samples interleaved row by row ({@code r,g,b,r,g,b,...}).
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        Dimensions.check(width, height);
        if (rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException("RGB buffer holds " + rgb.length + " bytes, expected "
                    + width + "x" + height + "x3 = " + (long) width * height * 3);
        }
    }

    public static RgbImage blank(int width, int height) {
        return new RgbImage(width, height, new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)]);
    }

    /** Packed 0xRRGGBB of pixel (x, y). */
    public int rgbAt(int x, int y) {
        int i = (y * width + x) * 3;
        return ((rgb[i] & 0xFF) << 16) | ((rgb[i + 1] & 0xFF) << 8) | (rgb[i + 2] & 0xFF);
    }

    public void set(int x, int y, int packedRgb) {
        int i = (y * width + x) * 3;
        rgb[i] = (byte) (packedRgb >> 16);
        rgb[i + 1] = (byte) (packedRgb >> 8);
        rgb[i + 2] = (byte) packedRgb;
    }
}
