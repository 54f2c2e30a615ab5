package org.segpipe.core.metrics.instance;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What one predicted mask covers of the ground truth: its area, its void pixels and its
 * intersection with every ground-truth value it touches (values ascending).
 */
public record PredictionOverlap(long pixels, long voidPixels, int[] gtValues, long[] intersections) implements Serializable {

    /** Intersection with one ground-truth value, 0 when not touched. */
    public long intersection(int gtValue) {
        int i = Arrays.binarySearch(gtValues, gtValue);
        return i < 0 ? 0 : intersections[i];
    }

    /**
     * Walks the mask's runs over the instance map once.
     *
     * @throws IllegalArgumentException when the mask and the map differ in size
     */
    public static PredictionOverlap of(BinaryMask mask, InstanceGroundTruth gt) {
        if (mask.width() != gt.width() || mask.height() != gt.height()) {
            throw new IllegalArgumentException("mask is " + mask.width() + "x" + mask.height()
                    + " but the ground truth is " + gt.width() + "x" + gt.height());
        }
        short[] map = gt.map().values();
        int[] hist = SCRATCH.get();
        int[] touched = new int[16];
        int nTouched = 0;
        int[] starts = mask.starts();
        int[] lengths = mask.lengths();
        for (int r = 0; r < starts.length; r++) {
            int end = starts[r] + lengths[r];
            for (int i = starts[r]; i < end; i++) {
                int v = map[i] & 0xFFFF;
                if (hist[v]++ == 0) {
                    if (nTouched == touched.length) {
                        touched = Arrays.copyOf(touched, nTouched * 2);
                    }
                    touched[nTouched++] = v;
                }
            }
        }
        Arrays.sort(touched, 0, nTouched);
        int[] values = Arrays.copyOf(touched, nTouched);
        long[] counts = new long[nTouched];
        long voidPx = 0;
        for (int j = 0; j < nTouched; j++) {
            counts[j] = hist[values[j]];
            hist[values[j]] = 0;
            if (InstanceGroundTruth.isVoid(values[j])) {
                voidPx += counts[j];
            }
        }
        return new PredictionOverlap(mask.pixels(), voidPx, values, counts);
    }

    /** A per-thread histogram over the 65536 instance values, left all-zero after each use. */
    private static final ThreadLocal<int[]> SCRATCH = ThreadLocal.withInitial(() -> new int[65536]);
}
