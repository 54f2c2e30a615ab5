package org.segpipe.core.image;

import org.segpipe.core.cityscapes.InstanceIds;

/**
 * All pixels of one value of an instance map.
 *
 * @param value     the raw instance value
 * @param pixels    pixel count
 * @param minX      bounding box, inclusive
 * @param minY      bounding box, inclusive
 * @param maxX      bounding box, inclusive
 * @param maxY      bounding box, inclusive
 */
public record InstanceRegion(int value, long pixels, int minX, int minY, int maxX, int maxY) {

    public int labelId() {
        return InstanceIds.labelId(value);
    }

    public boolean isInstance() {
        return InstanceIds.isInstance(value);
    }
}
