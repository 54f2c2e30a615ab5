package org.segpipe.core.cityscapes;

/**
 * The one place that knows how {@code *_instanceIds.png} encodes pixels: {@code labelId * 1000 + k}
 * for the k-th instance of a class with instances, and the plain label id for stuff classes and for
 * group regions (e.g. a {@code cargroup} polygon is drawn as 26).
 */
public final class InstanceIds {

    /** Instances per class are numbered 0..999. */
    public static final int MAX_INSTANCES_PER_CLASS = 1000;

    private InstanceIds() {
    }

    public static int encode(int labelId, int instanceIndex) {
        if (instanceIndex < 0 || instanceIndex >= MAX_INSTANCES_PER_CLASS) {
            throw new IllegalArgumentException("instance index " + instanceIndex + " outside 0..999");
        }
        return labelId * MAX_INSTANCES_PER_CLASS + instanceIndex;
    }

    /** True when the value identifies one instance (not stuff, not a group). */
    public static boolean isInstance(int value) {
        return value >= MAX_INSTANCES_PER_CLASS;
    }

    /** The label id of a pixel value, whether instance, group or stuff. */
    public static int labelId(int value) {
        return value >= MAX_INSTANCES_PER_CLASS ? value / MAX_INSTANCES_PER_CLASS : value;
    }

    /** The instance index k of an instance value; -1 for stuff and groups. */
    public static int instanceIndex(int value) {
        return value >= MAX_INSTANCES_PER_CLASS ? value % MAX_INSTANCES_PER_CLASS : -1;
    }

    /**
     * Checks a pixel value against the label table: the label id must exist, and an instance value
     * must belong to a class with instances. Returns null when valid, else the reason.
     */
    public static String problem(int value) {
        int labelId = labelId(value);
        if (!CityscapesLabels.isKnownId(labelId)) {
            return "instance value " + value + " has unknown label id " + labelId;
        }
        if (isInstance(value) && !CityscapesLabels.byId(labelId).hasInstances()) {
            return "instance value " + value + " names an instance of '" + CityscapesLabels.byId(labelId).name()
                    + "', a class without instances";
        }
        return null;
    }
}
