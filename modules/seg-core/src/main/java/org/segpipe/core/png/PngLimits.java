package org.segpipe.core.png;

/**
 * Bounds checked against the header before any pixel memory is allocated, so that a file claiming
 * 100000x100000 pixels is refused instead of exhausting the heap.
 *
 * @param maxDimensionPx largest width or height accepted
 * @param maxPixels      largest width*height accepted
 */
public record PngLimits(int maxDimensionPx, long maxPixels) {

    /** 16384 px per side and 64 megapixels: 32x a Cityscapes frame. */
    public static final PngLimits DEFAULT = new PngLimits(16_384, 64L << 20);

    public PngLimits {
        if (maxDimensionPx <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("PNG limits must be positive, found " + maxDimensionPx + " and " + maxPixels);
        }
    }
}
