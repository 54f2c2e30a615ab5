package org.segpipe.core.png;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.segpipe.core.png.PngException.Problem;

/**
 * A strict, allocation-light PNG decoder for non-interlaced 8- and 16-bit images.
 *
 * <p>It reads from the file's bytes in memory (as Spark's {@code binaryFile} delivers them),
 * checks every chunk CRC, refuses headers beyond {@link PngLimits} before allocating pixels,
 * inflates one scanline at a time straight into the output array and unfilters in place, so the
 * only large allocation is the result itself. Everything it refuses is a {@link PngException}
 * naming the source, what was expected and what was found.
 */
public final class PngDecoder {

    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngDecoder() {
    }

    /** Reads and validates only the header (signature and IHDR); no pixel data is touched. */
    public static PngHeader readHeader(byte[] png, String source, PngLimits limits) {
        checkSignature(png, source);
        if (png.length < 8 + 8 + 13 + 4) {
            throw new PngException(source, Problem.TRUNCATED, "truncated: " + png.length
                    + " bytes end before the IHDR chunk does (expected at least 33)");
        }
        int length = readInt(png, 8);
        String type = chunkType(png, 12);
        if (!type.equals("IHDR") || length != 13) {
            throw new PngException(source, Problem.CORRUPT, "corrupt: expected an IHDR chunk of 13 bytes first, found '"
                    + printable(type) + "' of " + length + " bytes");
        }
        checkCrc(png, 8, length, source);
        return parseIhdr(png, 16, source, limits);
    }

    /**
     * Checks a PNG's structure without inflating its pixels: the signature, the header (against
     * {@code limits}), every chunk's CRC, IDAT data present and consecutive, IEND at the end. This
     * catches truncated files and damaged bytes (a CRC mismatch) at a small fraction of a decode's
     * cost; only a compressed stream that is damaged yet carries correct CRCs (written so by a
     * broken encoder) needs {@link #decode} to be found.
     */
    public static PngHeader verify(byte[] png, String source, PngLimits limits) {
        PngHeader header = readHeader(png, source, limits);
        if (header.interlaced()) {
            throw new PngException(source, Problem.UNSUPPORTED,
                    "expected a non-interlaced PNG, found Adam7 interlacing (re-save without interlacing)");
        }
        scanChunks(png, source, header);
        return header;
    }

    public static DecodedPng decode(byte[] png, String source) {
        return decode(png, source, PngLimits.DEFAULT);
    }

    public static DecodedPng decode(byte[] png, String source, PngLimits limits) {
        PngHeader header = readHeader(png, source, limits);
        if (header.interlaced()) {
            throw new PngException(source, Problem.UNSUPPORTED,
                    "expected a non-interlaced PNG, found Adam7 interlacing (re-save without interlacing)");
        }
        if (header.bitDepth() != 8 && header.bitDepth() != 16) {
            throw new PngException(source, Problem.UNSUPPORTED,
                    "expected 8- or 16-bit samples, found " + header.format());
        }
        Chunks chunks = scanChunks(png, source, header);
        return inflate(png, source, header, chunks);
    }

    record Chunks(List<int[]> idat, int[] palette) {
    }

    static Chunks scanChunks(byte[] png, String source, PngHeader header) {
        List<int[]> idat = new ArrayList<>();
        int[] palette = null;
        int pos = 8 + 12 + 13;
        boolean idatEnded = false;
        boolean sawEnd = false;
        while (pos < png.length) {
            if (png.length - pos < 12) {
                throw new PngException(source, Problem.TRUNCATED, "truncated: " + (png.length - pos)
                        + " bytes at offset " + pos + " cannot hold a chunk (at least 12 expected)");
            }
            int length = readInt(png, pos);
            String type = chunkType(png, pos + 4);
            if (length < 0 || (long) pos + 12 + length > png.length) {
                throw new PngException(source, Problem.TRUNCATED, "truncated: chunk '" + printable(type)
                        + "' at offset " + pos + " claims " + Integer.toUnsignedString(length) + " bytes, only "
                        + Math.max(0, png.length - pos - 12) + " remain");
            }
            checkCrc(png, pos, length, source);
            switch (type) {
                case "IDAT" -> {
                    if (idatEnded) {
                        throw new PngException(source, Problem.CORRUPT,
                                "corrupt: IDAT chunks must be consecutive, found another at offset " + pos);
                    }
                    idat.add(new int[] {pos + 8, length});
                }
                case "PLTE" -> {
                    if (length % 3 != 0 || length == 0 || length > 768) {
                        throw new PngException(source, Problem.CORRUPT,
                                "corrupt: PLTE must hold 1..256 RGB entries, found " + length + " bytes");
                    }
                    palette = new int[length / 3];
                    for (int i = 0; i < palette.length; i++) {
                        int o = pos + 8 + 3 * i;
                        palette[i] = ((png[o] & 0xFF) << 16) | ((png[o + 1] & 0xFF) << 8) | (png[o + 2] & 0xFF);
                    }
                }
                case "IEND" -> sawEnd = true;
                case "IHDR" -> throw new PngException(source, Problem.CORRUPT,
                        "corrupt: a second IHDR chunk at offset " + pos);
                default -> {
                    // Ancillary chunks (lower-case first letter) are skipped; unknown critical ones are not.
                    if ((png[pos + 4] & 0x20) == 0) {
                        throw new PngException(source, Problem.UNSUPPORTED,
                                "unknown critical chunk '" + printable(type) + "' at offset " + pos);
                    }
                }
            }
            if (!idat.isEmpty() && !type.equals("IDAT")) {
                idatEnded = true;
            }
            pos += 12 + length;
            if (sawEnd) {
                break;
            }
        }
        if (idat.isEmpty()) {
            throw new PngException(source, sawEnd ? Problem.CORRUPT : Problem.TRUNCATED,
                    (sawEnd ? "corrupt" : "truncated") + ": expected IDAT image data, found none");
        }
        if (!sawEnd) {
            throw new PngException(source, Problem.TRUNCATED, "truncated: expected an IEND chunk, the file ends at byte "
                    + png.length);
        }
        if (header.colorType() == ColorType.PALETTE && palette == null) {
            throw new PngException(source, Problem.CORRUPT, "corrupt: palette image without a PLTE chunk");
        }
        return new Chunks(idat, palette);
    }

    private static DecodedPng inflate(byte[] png, String source, PngHeader header, Chunks chunks) {
        int width = header.width();
        int height = header.height();
        int channels = header.colorType().channels();
        int bytesPerSample = header.bitDepth() / 8;
        int bpp = channels * bytesPerSample;
        int rowBytes = Math.toIntExact(header.rowBytes());
        boolean sixteen = bytesPerSample == 2;

        // 8-bit: unfilter straight into the result (previous row = previous output row).
        // 16-bit: unfilter into two row buffers, then convert to shorts.
        byte[] out8 = sixteen ? null : new byte[Math.toIntExact((long) rowBytes * height)];
        short[] out16 = sixteen ? new short[Math.toIntExact((long) width * channels * height)] : null;
        byte[] raw = new byte[rowBytes + 1];
        byte[] prev16 = sixteen ? new byte[rowBytes] : null;
        byte[] cur16 = sixteen ? new byte[rowBytes] : null;

        Inflater inflater = new Inflater();
        try {
            int nextChunk = 0;
            for (int row = 0; row < height; row++) {
                int filled = 0;
                while (filled < raw.length) {
                    int n;
                    try {
                        n = inflater.inflate(raw, filled, raw.length - filled);
                    } catch (DataFormatException e) {
                        throw new PngException(source, Problem.CORRUPT, "corrupt: invalid compressed data in row "
                                + row + " of " + height + " (" + e.getMessage() + ")", e);
                    }
                    filled += n;
                    if (n == 0) {
                        if (inflater.finished()) {
                            throw new PngException(source, Problem.TRUNCATED, "truncated: image data ends in row " + row
                                    + " of " + height + " (expected " + header.width() + "x" + height + " "
                                    + header.format() + ")");
                        }
                        if (inflater.needsDictionary()) {
                            throw new PngException(source, Problem.CORRUPT, "corrupt: compressed data asks for a preset dictionary");
                        }
                        if (inflater.needsInput()) {
                            if (nextChunk == chunks.idat().size()) {
                                throw new PngException(source, Problem.TRUNCATED, "truncated: image data ends in row "
                                        + row + " of " + height);
                            }
                            int[] c = chunks.idat().get(nextChunk++);
                            inflater.setInput(png, c[0], c[1]);
                        }
                    }
                }
                int filter = raw[0] & 0xFF;
                if (sixteen) {
                    unfilter(filter, raw, 1, cur16, 0, row == 0 ? null : prev16, 0, rowBytes, bpp, source, row);
                    int base = row * width * channels;
                    for (int i = 0, j = 0; i < rowBytes; i += 2, j++) {
                        out16[base + j] = (short) (((cur16[i] & 0xFF) << 8) | (cur16[i + 1] & 0xFF));
                    }
                    byte[] t = prev16;
                    prev16 = cur16;
                    cur16 = t;
                } else {
                    int off = row * rowBytes;
                    unfilter(filter, raw, 1, out8, off, row == 0 ? null : out8, off - rowBytes, rowBytes, bpp, source, row);
                }
            }
            // Anything beyond the last row is refused: it is either corruption or a bomb.
            byte[] probe = new byte[1];
            while (true) {
                int n;
                try {
                    n = inflater.inflate(probe);
                } catch (DataFormatException e) {
                    throw new PngException(source, Problem.CORRUPT, "corrupt: invalid compressed data after the last row ("
                            + e.getMessage() + ")", e);
                }
                if (n > 0) {
                    throw new PngException(source, Problem.CORRUPT, "corrupt: more image data than "
                            + width + "x" + height + " " + header.format() + " needs");
                }
                if (inflater.finished()) {
                    break;
                }
                if (inflater.needsInput()) {
                    if (nextChunk == chunks.idat().size()) {
                        throw new PngException(source, Problem.TRUNCATED,
                                "truncated: the compressed stream ends without its checksum");
                    }
                    int[] c = chunks.idat().get(nextChunk++);
                    inflater.setInput(png, c[0], c[1]);
                } else if (inflater.needsDictionary()) {
                    throw new PngException(source, Problem.CORRUPT, "corrupt: compressed data asks for a preset dictionary");
                }
            }
        } finally {
            inflater.end();
        }
        return new DecodedPng(header, out8, out16, chunks.palette());
    }

    /**
     * Reverses one scanline filter (PNG spec 9.2). Reads {@code len} filtered bytes from
     * {@code src[srcOff..]}, writes to {@code dst[dstOff..]}; {@code prev} is the unfiltered row above
     * or null for the first row.
     */
    static void unfilter(int filter, byte[] src, int srcOff, byte[] dst, int dstOff, byte[] prev, int prevOff,
                         int len, int bpp, String source, int row) {
        switch (filter) {
            case 0 -> System.arraycopy(src, srcOff, dst, dstOff, len);
            case 1 -> {
                for (int i = 0; i < bpp; i++) {
                    dst[dstOff + i] = src[srcOff + i];
                }
                for (int i = bpp; i < len; i++) {
                    dst[dstOff + i] = (byte) (src[srcOff + i] + dst[dstOff + i - bpp]);
                }
            }
            case 2 -> {
                if (prev == null) {
                    System.arraycopy(src, srcOff, dst, dstOff, len);
                } else {
                    for (int i = 0; i < len; i++) {
                        dst[dstOff + i] = (byte) (src[srcOff + i] + prev[prevOff + i]);
                    }
                }
            }
            case 3 -> {
                if (prev == null) {
                    for (int i = 0; i < bpp; i++) {
                        dst[dstOff + i] = src[srcOff + i];
                    }
                    for (int i = bpp; i < len; i++) {
                        dst[dstOff + i] = (byte) (src[srcOff + i] + ((dst[dstOff + i - bpp] & 0xFF) >>> 1));
                    }
                } else {
                    for (int i = 0; i < bpp; i++) {
                        dst[dstOff + i] = (byte) (src[srcOff + i] + ((prev[prevOff + i] & 0xFF) >>> 1));
                    }
                    for (int i = bpp; i < len; i++) {
                        int avg = ((dst[dstOff + i - bpp] & 0xFF) + (prev[prevOff + i] & 0xFF)) >>> 1;
                        dst[dstOff + i] = (byte) (src[srcOff + i] + avg);
                    }
                }
            }
            case 4 -> {
                if (prev == null) {
                    // With no row above, Paeth reduces to Sub.
                    for (int i = 0; i < bpp; i++) {
                        dst[dstOff + i] = src[srcOff + i];
                    }
                    for (int i = bpp; i < len; i++) {
                        dst[dstOff + i] = (byte) (src[srcOff + i] + dst[dstOff + i - bpp]);
                    }
                } else {
                    for (int i = 0; i < bpp; i++) {
                        dst[dstOff + i] = (byte) (src[srcOff + i] + prev[prevOff + i]);
                    }
                    for (int i = bpp; i < len; i++) {
                        int a = dst[dstOff + i - bpp] & 0xFF;
                        int b = prev[prevOff + i] & 0xFF;
                        int c = prev[prevOff + i - bpp] & 0xFF;
                        dst[dstOff + i] = (byte) (src[srcOff + i] + paeth(a, b, c));
                    }
                }
            }
            default -> throw new PngException(source, Problem.CORRUPT,
                    "corrupt: expected a filter type 0..4 in row " + row + ", found " + filter);
        }
    }

    static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) {
            return a;
        }
        return pb <= pc ? b : c;
    }

    private static PngHeader parseIhdr(byte[] png, int off, String source, PngLimits limits) {
        long width = readInt(png, off) & 0xFFFFFFFFL;
        long height = readInt(png, off + 4) & 0xFFFFFFFFL;
        int bitDepth = png[off + 8] & 0xFF;
        int colorCode = png[off + 9] & 0xFF;
        int compression = png[off + 10] & 0xFF;
        int filterMethod = png[off + 11] & 0xFF;
        int interlace = png[off + 12] & 0xFF;
        if (width == 0 || height == 0) {
            throw new PngException(source, Problem.CORRUPT, "corrupt: expected a positive size, found " + width + "x" + height);
        }
        if (width > limits.maxDimensionPx() || height > limits.maxDimensionPx() || width * height > limits.maxPixels()) {
            throw new PngException(source, Problem.TOO_LARGE, "header claims " + width + "x" + height
                    + " pixels, more than the limit of " + limits.maxDimensionPx() + " per side and "
                    + limits.maxPixels() + " in all; refusing to decode (possible decompression bomb)");
        }
        ColorType colorType = ColorType.fromCode(colorCode);
        if (colorType == null) {
            throw new PngException(source, Problem.CORRUPT, "corrupt: expected colour type 0, 2, 3, 4 or 6, found " + colorCode);
        }
        boolean depthOk = switch (colorType) {
            case GRAY -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 || bitDepth == 16;
            case PALETTE -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8;
            default -> bitDepth == 8 || bitDepth == 16;
        };
        if (!depthOk) {
            throw new PngException(source, Problem.CORRUPT, "corrupt: bit depth " + bitDepth + " is not allowed for "
                    + colorType.description());
        }
        if (compression != 0 || filterMethod != 0 || interlace > 1) {
            throw new PngException(source, Problem.CORRUPT, "corrupt: expected compression 0, filter method 0 and "
                    + "interlace 0 or 1, found " + compression + ", " + filterMethod + " and " + interlace);
        }
        return new PngHeader((int) width, (int) height, bitDepth, colorType, interlace == 1);
    }

    private static void checkSignature(byte[] png, String source) {
        if (png.length == 0) {
            throw new PngException(source, Problem.NOT_PNG, "not a PNG file: the file is empty (0 bytes)");
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (i >= png.length || png[i] != SIGNATURE[i]) {
                StringBuilder found = new StringBuilder();
                for (int j = 0; j < Math.min(8, png.length); j++) {
                    found.append(String.format("%02X ", png[j] & 0xFF));
                }
                throw new PngException(source, Problem.NOT_PNG, "not a PNG file: expected signature 89 50 4E 47 0D 0A 1A 0A, found "
                        + found.toString().trim() + (png.length < 8 ? " (only " + png.length + " bytes)" : ""));
            }
        }
    }

    private static void checkCrc(byte[] png, int chunkStart, int length, String source) {
        CRC32 crc = new CRC32();
        crc.update(png, chunkStart + 4, length + 4);
        int stored = readInt(png, chunkStart + 8 + length);
        if ((int) crc.getValue() != stored) {
            throw new PngException(source, Problem.CORRUPT, String.format(
                    "corrupt: CRC mismatch in chunk '%s' at offset %d (expected %08X, found %08X)",
                    printable(chunkType(png, chunkStart + 4)), chunkStart, (int) crc.getValue(), stored));
        }
    }

    static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    private static String chunkType(byte[] b, int off) {
        return new String(b, off, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02X", (int) c));
        }
        return out.toString();
    }
}
