package org.segpipe.core.results;

import org.segpipe.core.metrics.instance.BinaryMask;
import org.segpipe.core.png.ColorType;
import org.segpipe.core.png.DecodedPng;
import org.segpipe.core.png.PngDecoder;
import org.segpipe.core.png.PngException;
import org.segpipe.core.png.PngHeader;
import org.segpipe.core.png.PngLimits;
import org.segpipe.core.png.PngRowReader;

/**
 * Decodes an instance mask PNG the way the official script reads it: {@code Image.open(f)
 * .convert("L")}, then every non-zero value is part of the instance. For grayscale that is the
 * value itself; for RGB, RGBA and palette colours it is PIL's luma
 * {@code (19595 R + 38470 G + 7471 B + 0x8000) >> 16}, so a pixel (1, 0, 0) is not set; 16-bit
 * samples are set when non-zero (grayscale) or by their high byte (colour, as PIL reads them).
 */
public final class InstanceMasks {

    private InstanceMasks() {
    }

    /**
     * @throws PngException when the file is not a PNG this reader supports (bit depths below 8 and
     *         interlacing are refused with a message saying so)
     */
    public static BinaryMask decode(byte[] png, String source) {
        PngHeader h = PngDecoder.readHeader(png, source, PngLimits.DEFAULT);
        if (h.colorType() == ColorType.GRAY && h.bitDepth() == 8) {
            // the common case (what the official tools write): stream rows, never allocate the image
            BinaryMask.Builder b = new BinaryMask.Builder(h.width(), h.height());
            PngRowReader.read(png, source, PngLimits.DEFAULT, (y, row, n) -> b.row(y, row));
            return b.build();
        }
        DecodedPng d = PngDecoder.decode(png, source, PngLimits.DEFAULT);
        int w = h.width();
        int ht = h.height();
        int n = w * ht;
        switch (h.colorType()) {
            case GRAY -> {
                if (h.bitDepth() == 8) {
                    return BinaryMask.fromNonZero(d.samples8(), w, ht);
                }
                short[] s = d.samples16();
                byte[] b = new byte[n];
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) (s[i] != 0 ? 1 : 0);
                }
                return BinaryMask.fromNonZero(b, w, ht);
            }
            case GRAY_ALPHA -> {
                byte[] b = new byte[n];
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) (sample(d, 2 * i, h.bitDepth()) != 0 ? 1 : 0);
                }
                return BinaryMask.fromNonZero(b, w, ht);
            }
            case PALETTE -> {
                int[] pal = d.palette();
                boolean[] set = new boolean[256];
                for (int i = 0; i < pal.length; i++) {
                    set[i] = luma((pal[i] >> 16) & 0xFF, (pal[i] >> 8) & 0xFF, pal[i] & 0xFF) != 0;
                }
                byte[] idx = d.samples8();
                byte[] b = new byte[n];
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) (set[idx[i] & 0xFF] ? 1 : 0);
                }
                return BinaryMask.fromNonZero(b, w, ht);
            }
            case RGB, RGBA -> {
                int ch = h.colorType().channels();
                byte[] b = new byte[n];
                for (int i = 0, j = 0; i < n; i++, j += ch) {
                    int r = sample(d, j, h.bitDepth());
                    int g = sample(d, j + 1, h.bitDepth());
                    int bl = sample(d, j + 2, h.bitDepth());
                    b[i] = (byte) (luma(r, g, bl) != 0 ? 1 : 0);
                }
                return BinaryMask.fromNonZero(b, w, ht);
            }
            default -> throw new PngException(source, PngException.Problem.UNSUPPORTED, "unsupported colour type " + h.format());
        }
    }

    /** An 8-bit sample, or the high byte of a 16-bit one. */
    private static int sample(DecodedPng d, int index, int bitDepth) {
        return bitDepth == 8 ? d.samples8()[index] & 0xFF : (d.samples16()[index] >> 8) & 0xFF;
    }

    /** PIL's {@code L24} conversion of RGB to L. */
    static int luma(int r, int g, int b) {
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    }
}
