package org.segpipe.core.png;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.segpipe.core.png.PngException.Problem;

/**
 * Streams a PNG's unfiltered scanlines to a callback through two reused row buffers, with the same
 * checks as {@link PngDecoder} (header limits, chunk CRCs, truncation, excess data). For images
 * whose pixels are consumed once, such as binary instance masks, nothing image-sized is allocated
 * and every row stays in cache.
 */
public final class PngRowReader {

    /** Receives each unfiltered row: {@code rowBytes} bytes from {@code row[0]}. */
    @FunctionalInterface
    public interface RowSink {
        void row(int y, byte[] row, int rowBytes);
    }

    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);
    /** Inflate output per call: large enough to amortise the JNI crossing, small enough for L2. */
    private static final int BLOCK_BYTES = 1 << 16;

    private PngRowReader() {
    }

    /** Reads every row of a non-interlaced 8- or 16-bit PNG; returns its header. */
    public static PngHeader read(byte[] png, String source, PngLimits limits, RowSink sink) {
        PngHeader header = PngDecoder.readHeader(png, source, limits);
        if (header.interlaced()) {
            throw new PngException(source, Problem.UNSUPPORTED,
                    "expected a non-interlaced PNG, found Adam7 interlacing (re-save without interlacing)");
        }
        if (header.bitDepth() != 8 && header.bitDepth() != 16) {
            throw new PngException(source, Problem.UNSUPPORTED, "expected 8- or 16-bit samples, found " + header.format());
        }
        PngDecoder.Chunks chunks = PngDecoder.scanChunks(png, source, header);
        int height = header.height();
        int rowBytes = Math.toIntExact(header.rowBytes());
        int bpp = header.colorType().channels() * header.bitDepth() / 8;
        // Inflate many rows per call (one JNI crossing per block, not per row), unfilter row by row.
        int stride = rowBytes + 1;
        int rowsPerBlock = Math.max(1, Math.min(height, BLOCK_BYTES / stride));
        byte[] block = new byte[rowsPerBlock * stride];
        byte[] cur = new byte[rowBytes];
        byte[] prev = new byte[rowBytes];
        Inflater inflater = INFLATERS.get();
        inflater.reset();
        int nextChunk = 0;
        try {
            for (int first = 0; first < height; first += rowsPerBlock) {
                int rows = Math.min(rowsPerBlock, height - first);
                int want = rows * stride;
                int filled = 0;
                while (filled < want) {
                    int n;
                    try {
                        n = inflater.inflate(block, filled, want - filled);
                    } catch (DataFormatException e) {
                        throw new PngException(source, Problem.CORRUPT, "corrupt: invalid compressed data in row "
                                + (first + filled / stride) + " of " + height + " (" + e.getMessage() + ")", e);
                    }
                    filled += n;
                    if (n == 0) {
                        int row = first + filled / stride;
                        if (inflater.finished()) {
                            throw new PngException(source, Problem.TRUNCATED, "truncated: image data ends in row " + row
                                    + " of " + height + " (expected " + header.width() + "x" + height + " " + header.format() + ")");
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
                for (int r = 0; r < rows; r++) {
                    int row = first + r;
                    int off = r * stride;
                    PngDecoder.unfilter(block[off] & 0xFF, block, off + 1, cur, 0, row == 0 ? null : prev, 0, rowBytes, bpp,
                            source, row);
                    sink.row(row, cur, rowBytes);
                    byte[] t = prev;
                    prev = cur;
                    cur = t;
                }
            }
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
                            + header.width() + "x" + height + " " + header.format() + " needs");
                }
                if (inflater.finished()) {
                    break;
                }
                if (inflater.needsInput()) {
                    if (nextChunk == chunks.idat().size()) {
                        throw new PngException(source, Problem.TRUNCATED, "truncated: the compressed stream ends without its checksum");
                    }
                    int[] c = chunks.idat().get(nextChunk++);
                    inflater.setInput(png, c[0], c[1]);
                } else if (inflater.needsDictionary()) {
                    throw new PngException(source, Problem.CORRUPT, "corrupt: compressed data asks for a preset dictionary");
                }
            }
        } finally {
            inflater.reset();
        }
        return header;
    }
}
