package org.segpipe.core.png;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes non-interlaced 8-bit grayscale, 16-bit grayscale, 8-bit RGB and 8-bit RGBA PNGs. Each row
 * gets the filter with the smallest sum of absolute residuals (libpng's default heuristic), and the
 * output is a pure function of the pixels and the compression level: same input, same bytes.
 */
public final class PngEncoder {

    /** zlib level 6, the libpng default: a good size/speed balance. */
    public static final int DEFAULT_LEVEL = 6;
    private static final int IDAT_CHUNK_BYTES = 1 << 16;

    private PngEncoder() {
    }

    public static byte[] encodeGray8(int width, int height, byte[] pixels) {
        return encode(width, height, 8, ColorType.GRAY, pixels, DEFAULT_LEVEL);
    }

    public static byte[] encodeGray16(int width, int height, short[] pixels) {
        byte[] be = new byte[pixels.length * 2];
        for (int i = 0; i < pixels.length; i++) {
            be[2 * i] = (byte) (pixels[i] >> 8);
            be[2 * i + 1] = (byte) pixels[i];
        }
        return encode(width, height, 16, ColorType.GRAY, be, DEFAULT_LEVEL);
    }

    public static byte[] encodeRgb(int width, int height, byte[] rgb) {
        return encode(width, height, 8, ColorType.RGB, rgb, DEFAULT_LEVEL);
    }

    public static byte[] encodeRgba(int width, int height, byte[] rgba) {
        return encode(width, height, 8, ColorType.RGBA, rgba, DEFAULT_LEVEL);
    }

    /**
     * Encodes raw samples (big-endian for 16-bit) laid out row by row.
     *
     * @param level zlib level 0..9
     */
    public static byte[] encode(int width, int height, int bitDepth, ColorType colorType, byte[] samples, int level) {
        if (bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("bit depth must be 8 or 16, found " + bitDepth);
        }
        if (colorType == ColorType.PALETTE) {
            throw new IllegalArgumentException("palette images are not written by this encoder");
        }
        int bpp = colorType.channels() * bitDepth / 8;
        int rowBytes = Math.multiplyExact(width, bpp);
        if ((long) rowBytes * height != samples.length) {
            throw new IllegalArgumentException("expected " + (long) rowBytes * height + " sample bytes for " + width + "x"
                    + height + " " + bitDepth + "-bit " + colorType.description() + ", found " + samples.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(samples.length / 4 + 1024);
        out.writeBytes(PngDecoder.SIGNATURE);
        byte[] ihdr = new byte[13];
        writeInt(ihdr, 0, width);
        writeInt(ihdr, 4, height);
        ihdr[8] = (byte) bitDepth;
        ihdr[9] = (byte) colorType.code();
        writeChunk(out, "IHDR", ihdr, 0, 13);

        Deflater deflater = new Deflater(level);
        try {
            byte[] buf = new byte[IDAT_CHUNK_BYTES];
            int bufFill = 0;
            byte[][] candidates = new byte[5][rowBytes + 1];
            for (int row = 0; row < height; row++) {
                byte[] best = filterRow(samples, row * rowBytes, row == 0 ? -1 : (row - 1) * rowBytes, rowBytes, bpp, candidates);
                deflater.setInput(best, 0, rowBytes + 1);
                while (!deflater.needsInput()) {
                    int n = deflater.deflate(buf, bufFill, buf.length - bufFill);
                    bufFill += n;
                    if (bufFill == buf.length) {
                        writeChunk(out, "IDAT", buf, 0, bufFill);
                        bufFill = 0;
                    }
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                bufFill += deflater.deflate(buf, bufFill, buf.length - bufFill);
                if (bufFill == buf.length) {
                    writeChunk(out, "IDAT", buf, 0, bufFill);
                    bufFill = 0;
                }
            }
            if (bufFill > 0) {
                writeChunk(out, "IDAT", buf, 0, bufFill);
            }
        } finally {
            deflater.end();
        }
        writeChunk(out, "IEND", new byte[0], 0, 0);
        return out.toByteArray();
    }

    /** Applies filters 0..4 to one row and returns the candidate with the smallest residual sum. */
    private static byte[] filterRow(byte[] s, int off, int prevOff, int len, int bpp, byte[][] c) {
        long[] score = new long[5];
        for (int i = 0; i < len; i++) {
            int x = s[off + i] & 0xFF;
            int a = i >= bpp ? s[off + i - bpp] & 0xFF : 0;
            int b = prevOff >= 0 ? s[prevOff + i] & 0xFF : 0;
            int cc = (i >= bpp && prevOff >= 0) ? s[prevOff + i - bpp] & 0xFF : 0;
            byte f0 = (byte) x;
            byte f1 = (byte) (x - a);
            byte f2 = (byte) (x - b);
            byte f3 = (byte) (x - ((a + b) >>> 1));
            byte f4 = (byte) (x - PngDecoder.paeth(a, b, cc));
            c[0][i + 1] = f0;
            c[1][i + 1] = f1;
            c[2][i + 1] = f2;
            c[3][i + 1] = f3;
            c[4][i + 1] = f4;
            score[0] += Math.abs(f0);
            score[1] += Math.abs(f1);
            score[2] += Math.abs(f2);
            score[3] += Math.abs(f3);
            score[4] += Math.abs(f4);
        }
        int best = 0;
        for (int f = 1; f < 5; f++) {
            if (score[f] < score[best]) {
                best = f;
            }
        }
        c[best][0] = (byte) best;
        return c[best];
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data, int off, int len) {
        byte[] head = new byte[8];
        writeInt(head, 0, len);
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(typeBytes, 0, head, 4, 4);
        out.write(head, 0, 8);
        out.write(data, off, len);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data, off, len);
        byte[] tail = new byte[4];
        writeInt(tail, 0, (int) crc.getValue());
        out.write(tail, 0, 4);
    }

    private static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
