package org.segpipe.core.png;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Builds PNG files by hand, so tests control filters, chunks and damage. */
final class TestPngs {

    private TestPngs() {
    }

    /** Encodes with the given filter on every row ({@code filters[row % filters.length]}). */
    static byte[] build(int width, int height, int bitDepth, int colorType, byte[] samples, int[] filters,
                        boolean interlaced, byte[] palette) {
        int channels = switch (colorType) {
            case 0, 3 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            default -> 4;
        };
        int bpp = Math.max(1, channels * bitDepth / 8);
        int rowBytes = (width * channels * bitDepth + 7) / 8;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int y = 0; y < height; y++) {
            int f = filters[y % filters.length];
            raw.write(f);
            for (int i = 0; i < rowBytes; i++) {
                int x = samples[y * rowBytes + i] & 0xFF;
                int a = i >= bpp ? samples[y * rowBytes + i - bpp] & 0xFF : 0;
                int b = y > 0 ? samples[(y - 1) * rowBytes + i] & 0xFF : 0;
                int c = (y > 0 && i >= bpp) ? samples[(y - 1) * rowBytes + i - bpp] & 0xFF : 0;
                int v = switch (f) {
                    case 0 -> x;
                    case 1 -> x - a;
                    case 2 -> x - b;
                    case 3 -> x - ((a + b) >>> 1);
                    default -> x - PngDecoder.paeth(a, b, c);
                };
                raw.write(v & 0xFF);
            }
        }
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = (byte) bitDepth;
        ihdr[9] = (byte) colorType;
        ihdr[12] = (byte) (interlaced ? 1 : 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PngDecoder.SIGNATURE);
        chunk(out, "IHDR", ihdr);
        if (palette != null) {
            chunk(out, "PLTE", palette);
        }
        byte[] z = deflate(raw.toByteArray());
        // Split the data over two IDAT chunks to exercise chunk boundaries.
        int half = z.length / 2;
        chunk(out, "IDAT", java.util.Arrays.copyOfRange(z, 0, half));
        chunk(out, "IDAT", java.util.Arrays.copyOfRange(z, half, z.length));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(6);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.writeBytes(len);
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    /** Recomputes the CRC of the chunk starting at {@code offset}, after a test damaged its data. */
    static void fixCrc(byte[] png, int offset) {
        int len = PngDecoder.readInt(png, offset);
        CRC32 crc = new CRC32();
        crc.update(png, offset + 4, len + 4);
        putInt(png, offset + 8 + len, (int) crc.getValue());
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
