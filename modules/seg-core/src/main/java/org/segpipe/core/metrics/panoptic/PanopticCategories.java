package org.segpipe.core.metrics.panoptic;

import java.util.ArrayList;
import java.util.List;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.Label;

/** The 19 categories of Cityscapes panoptic evaluation: labels not ignored in evaluation, id order. */
public final class PanopticCategories {

    private static final List<Label> ALL;
    private static final int[] INDEX_BY_ID = new int[CityscapesLabels.MAX_LABEL_ID + 1];

    static {
        List<Label> out = new ArrayList<>();
        java.util.Arrays.fill(INDEX_BY_ID, -1);
        for (Label l : CityscapesLabels.withIds()) {
            if (!l.ignoreInEval()) {
                INDEX_BY_ID[l.id()] = out.size();
                out.add(l);
            }
        }
        ALL = List.copyOf(out);
    }

    private PanopticCategories() {
    }

    public static List<Label> all() {
        return ALL;
    }

    public static int count() {
        return ALL.size();
    }

    /** Index of a category id (label id), or -1 when it is not a panoptic category. */
    public static int index(long categoryId) {
        return categoryId >= 0 && categoryId < INDEX_BY_ID.length ? INDEX_BY_ID[(int) categoryId] : -1;
    }
}
