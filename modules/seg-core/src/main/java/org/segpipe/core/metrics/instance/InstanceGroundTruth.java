package org.segpipe.core.metrics.instance;

import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.InstanceIds;
import org.segpipe.core.image.InstanceMask;

/**
 * One image's ground truth for instance matching: the instance map and the pixel count of every
 * value in it (instances {@code labelId*1000+k}, groups and stuff as plain label ids).
 */
public final class InstanceGroundTruth {

    private final InstanceMask map;
    private final long[] pixelsByValue;
    private final int[] values;

    private InstanceGroundTruth(InstanceMask map, long[] pixelsByValue, int[] values) {
        this.map = map;
        this.pixelsByValue = pixelsByValue;
        this.values = values;
    }

    /**
     * @throws IllegalArgumentException when a value names an unknown label id or an instance of a
     *         class without instances
     */
    public static InstanceGroundTruth of(InstanceMask map) {
        int[] counts = new int[65536];
        for (short v : map.values()) {
            counts[v & 0xFFFF]++;
        }
        long[] px = new long[65536];
        int n = 0;
        for (int v = 0; v < 65536; v++) {
            px[v] = counts[v];
            n += counts[v] > 0 ? 1 : 0;
        }
        int[] values = new int[n];
        for (int v = 0, j = 0; v < 65536; v++) {
            if (px[v] > 0) {
                String problem = InstanceIds.problem(v);
                if (problem != null) {
                    throw new IllegalArgumentException("ground-truth instanceIds: " + problem);
                }
                values[j++] = v;
            }
        }
        return new InstanceGroundTruth(map, px, values);
    }

    public InstanceMask map() {
        return map;
    }

    public int width() {
        return map.width();
    }

    public int height() {
        return map.height();
    }

    /** Pixels carrying this value (0 when absent). */
    public long pixels(int value) {
        return pixelsByValue[value];
    }

    /** Every value present, ascending (as {@code np.unique}). */
    public int[] values() {
        return values;
    }

    /**
     * Whether a value is void for the instance protocol: the official script marks pixels whose
     * instance value equals the id of a label ignored in evaluation (stuff and groups of ignored
     * classes); instance values such as 29001 (caravan) are not void.
     */
    public static boolean isVoid(int value) {
        return value <= CityscapesLabels.MAX_LABEL_ID && CityscapesLabels.byId(value).ignoreInEval();
    }
}
