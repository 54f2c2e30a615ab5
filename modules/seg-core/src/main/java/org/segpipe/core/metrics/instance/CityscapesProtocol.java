package org.segpipe.core.metrics.instance;

import java.util.List;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.Label;
import org.segpipe.core.metrics.NumpyMath;

/** Constants of the Cityscapes instance-level protocol. */
public final class CityscapesProtocol {

    /** Ground-truth instances smaller than this are not evaluated and count as ignore. */
    public static final int MIN_REGION_SIZE_PX = 100;

    /** The exact doubles of {@code np.arange(0.5, 1.0, 0.05)}: 0.5, 0.55, 0.6000000000000001, ... */
    private static final double[] OVERLAPS = NumpyMath.arange(0.5, 1.0, 0.05);

    private static final List<Label> CLASSES = CityscapesLabels.evaluatedInstanceClasses();

    private CityscapesProtocol() {
    }

    /** The 8 classes in label-id order: person, rider, car, truck, bus, train, motorcycle, bicycle. */
    public static List<Label> classes() {
        return CLASSES;
    }

    public static int classCount() {
        return CLASSES.size();
    }

    /** Index of a label id among {@link #classes()}, or -1 when not evaluated. */
    public static int classIndex(int labelId) {
        for (int i = 0; i < CLASSES.size(); i++) {
            if (CLASSES.get(i).id() == labelId) {
                return i;
            }
        }
        return -1;
    }

    public static int thresholdCount() {
        return OVERLAPS.length;
    }

    /** The exact overlap the comparison uses. */
    public static double overlap(int index) {
        return OVERLAPS[index];
    }

    /** The overlap as people write it (0.6 for 0.6000000000000001), for reports. */
    public static double nominalOverlap(int index) {
        return Math.round(OVERLAPS[index] * 100) / 100.0;
    }

    /** Index of the 0.5 overlap (AP50). */
    public static final int AP50_INDEX = 0;
}
