package org.segpipe.core.image;

import java.util.ArrayList;
import java.util.List;
import org.segpipe.core.cityscapes.InstanceIds;

/**
 * The 16-bit instance map of {@code *_instanceIds.png}: per pixel an unsigned value in the encoding
 * of {@link InstanceIds}. Values are stored as {@code short} and read back unsigned.
 */
public record InstanceMask(int width, int height, short[] values) {

    public InstanceMask {
        Dimensions.check(width, height);
        if (values.length != (long) width * height) {
            throw new IllegalArgumentException("instance buffer holds " + values.length + " values, expected "
                    + width + "x" + height + " = " + (long) width * height);
        }
    }

    public int at(int x, int y) {
        return values[y * width + x] & 0xFFFF;
    }

    public int at(int index) {
        return values[index] & 0xFFFF;
    }

    /** The label ids implied by the instance values (what {@code *_labelIds.png} holds). */
    public ClassMask toLabelIds() {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) InstanceIds.labelId(values[i] & 0xFFFF);
        }
        return new ClassMask(width, height, out, ClassEncoding.LABEL_IDS);
    }

    /**
     * Every distinct value with its pixel count and bounding box, in ascending value order. One
     * pass over the pixels; memory is bounded by 65536 counters.
     */
    public List<InstanceRegion> regions() {
        long[] count = new long[65536];
        int[] minX = new int[65536];
        int[] minY = new int[65536];
        int[] maxX = new int[65536];
        int[] maxY = new int[65536];
        java.util.Arrays.fill(minX, Integer.MAX_VALUE);
        java.util.Arrays.fill(minY, Integer.MAX_VALUE);
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i++) {
                int v = values[i] & 0xFFFF;
                if (count[v]++ == 0) {
                    minX[v] = x;
                    minY[v] = y;
                    maxX[v] = x;
                    maxY[v] = y;
                } else {
                    if (x < minX[v]) {
                        minX[v] = x;
                    }
                    if (x > maxX[v]) {
                        maxX[v] = x;
                    }
                    maxY[v] = y;
                }
            }
        }
        List<InstanceRegion> out = new ArrayList<>();
        for (int v = 0; v < 65536; v++) {
            if (count[v] > 0) {
                out.add(new InstanceRegion(v, count[v], minX[v], minY[v], maxX[v], maxY[v]));
            }
        }
        return out;
    }
}
