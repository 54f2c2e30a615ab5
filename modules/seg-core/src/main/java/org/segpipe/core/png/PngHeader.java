package org.segpipe.core.png;

/**
 * The IHDR chunk of a PNG.
 *
 * @param width     pixels per row
 * @param height    rows
 * @param bitDepth  bits per sample (1, 2, 4, 8 or 16)
 * @param colorType colour type
 * @param interlaced whether Adam7 interlacing is used
 */
public record PngHeader(int width, int height, int bitDepth, ColorType colorType, boolean interlaced) {

    public long pixels() {
        return (long) width * height;
    }

    /** Bytes per scanline without the filter byte. */
    public long rowBytes() {
        return ((long) width * colorType.channels() * bitDepth + 7) / 8;
    }

    /** Human-readable format, as used in error messages: {@code 16-bit grayscale}. */
    public String format() {
        return bitDepth + "-bit " + colorType.description();
    }
}
