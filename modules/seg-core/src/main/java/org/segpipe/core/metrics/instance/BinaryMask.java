package org.segpipe.core.metrics.instance;

import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A binary mask as runs of set pixels in raster order (index = y * width + x). Memory and every
 * operation scale with the number of runs, not with the image.
 *
 * @param width   image width
 * @param height  image height
 * @param starts  raster index where each run starts, ascending
 * @param lengths length of each run (runs never touch)
 * @param pixels  set pixels
 */
public record BinaryMask(int width, int height, int[] starts, int[] lengths, long pixels) implements Serializable {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    public boolean isEmpty() {
        return pixels == 0;
    }

    public int runs() {
        return starts.length;
    }

    /** The runs of non-zero bytes; skips zero stretches eight bytes at a time. */
    public static BinaryMask fromNonZero(byte[] values, int width, int height) {
        if (values.length != (long) width * height) {
            throw new IllegalArgumentException("mask buffer holds " + values.length + " values, expected " + width + "x" + height);
        }
        int[] starts = new int[16];
        int[] lengths = new int[16];
        int runs = 0;
        long pixels = 0;
        int n = values.length;
        int i = 0;
        while (i < n) {
            // skip zeros
            while (i + 8 <= n && (long) LONGS.get(values, i) == 0L) {
                i += 8;
            }
            while (i < n && values[i] == 0) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && values[i] != 0) {
                i++;
            }
            if (runs == starts.length) {
                starts = Arrays.copyOf(starts, runs * 2);
                lengths = Arrays.copyOf(lengths, runs * 2);
            }
            starts[runs] = start;
            lengths[runs] = i - start;
            pixels += i - start;
            runs++;
        }
        return new BinaryMask(width, height, Arrays.copyOf(starts, runs), Arrays.copyOf(lengths, runs), pixels);
    }

    /**
     * Builds a mask row by row from bytes that are set where non-zero (a streaming decoder's rows);
     * touching runs of consecutive rows are joined.
     */
    public static final class Builder {
        private final int width;
        private final int height;
        private int[] starts = new int[64];
        private int[] lengths = new int[64];
        private int runs;
        private long pixels;

        public Builder(int width, int height) {
            this.width = width;
            this.height = height;
        }

        /** Adds row y (the first {@code width} bytes of {@code row}). */
        public void row(int y, byte[] row) {
            int base = y * width;
            int i = 0;
            int n = width;
            while (i < n) {
                while (i + 8 <= n && (long) LONGS.get(row, i) == 0L) {
                    i += 8;
                }
                while (i < n && row[i] == 0) {
                    i++;
                }
                if (i >= n) {
                    return;
                }
                int start = i;
                while (i < n && row[i] != 0) {
                    i++;
                }
                add(base + start, i - start);
            }
        }

        private void add(int start, int length) {
            pixels += length;
            if (runs > 0 && starts[runs - 1] + lengths[runs - 1] == start) {
                lengths[runs - 1] += length;
                return;
            }
            if (runs == starts.length) {
                starts = Arrays.copyOf(starts, runs * 2);
                lengths = Arrays.copyOf(lengths, runs * 2);
            }
            starts[runs] = start;
            lengths[runs] = length;
            runs++;
        }

        public BinaryMask build() {
            return new BinaryMask(width, height, Arrays.copyOf(starts, runs), Arrays.copyOf(lengths, runs), pixels);
        }
    }

    /** A mask from per-pixel flags (tests and generators). */
    public static BinaryMask of(boolean[] set, int width, int height) {
        byte[] b = new byte[set.length];
        for (int i = 0; i < set.length; i++) {
            b[i] = (byte) (set[i] ? 1 : 0);
        }
        return fromNonZero(b, width, height);
    }

    /** The mask as one byte per pixel, 255 where set (for writing results files). */
    public byte[] toBytes() {
        byte[] out = new byte[Math.multiplyExact(width, height)];
        for (int r = 0; r < starts.length; r++) {
            Arrays.fill(out, starts[r], starts[r] + lengths[r], (byte) 255);
        }
        return out;
    }
}
