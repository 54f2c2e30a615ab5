package org.segpipe.core.cityscapes;

/**
 * One row of the Cityscapes label table.
 *
 * @param name         unique class name, e.g. {@code "car"}
 * @param id           label id as stored in {@code *_labelIds.png}; -1 means "never drawn" (license plate)
 * @param trainId      id used for training; 255 means ignored in training
 * @param category     category name, e.g. {@code "vehicle"}
 * @param categoryId   category id, used for category-level evaluation
 * @param hasInstances whether the class distinguishes individual instances
 * @param ignoreInEval whether ground-truth pixels of this class are ignored by the evaluators
 * @param color        the official palette colour, packed as 0xRRGGBB
 */
public record Label(
        String name,
        int id,
        int trainId,
        String category,
        int categoryId,
        boolean hasInstances,
        boolean ignoreInEval,
        int color) {

    public int red() {
        return (color >> 16) & 0xFF;
    }

    public int green() {
        return (color >> 8) & 0xFF;
    }

    public int blue() {
        return color & 0xFF;
    }

    /** True for the classes the evaluators report (not ignored and drawable). */
    public boolean evaluated() {
        return !ignoreInEval && id >= 0;
    }
}
