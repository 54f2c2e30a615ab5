package org.segpipe.core.results;

import java.io.Serializable;

/**
 * Something wrong with an evaluation input. The run goes on; problems end in the report.
 *
 * @param path     the offending file
 * @param line     1-based line in that file, or 0 when not about a line
 * @param imageKey the image concerned, or null
 * @param input    {@code gt}, {@code semantic}, {@code instances} or {@code panoptic}
 * @param kind     a short code (see the constants)
 * @param reason   what was expected and what was found
 */
public record EvalProblem(String path, int line, String imageKey, String input, String kind, String reason)
        implements Serializable {

    /** No prediction for a ground-truth image: evaluated as an empty prediction. */
    public static final String MISSING_PREDICTION = "missing_prediction";
    /** A prediction whose key matches no ground-truth image of the split. */
    public static final String UNKNOWN_IMAGE = "unknown_image";
    /** Several prediction files for one image; the first by path is used. */
    public static final String DUPLICATE = "duplicate";
    /** A file that cannot be read or decoded. */
    public static final String UNREADABLE = "unreadable";
    /** A mask or prediction whose size differs from the ground truth. */
    public static final String WRONG_SIZE = "wrong_size";
    /** A text line that cannot be parsed. */
    public static final String BAD_LINE = "bad_line";
    /** A label id outside the label table. */
    public static final String UNKNOWN_LABEL_ID = "unknown_label_id";
    /** Values that look like train ids where label ids are expected. */
    public static final String TRAIN_IDS = "train_ids";
    /** A mask with no set pixel. */
    public static final String EMPTY_MASK = "empty_mask";
    /** A mask path outside the results folder or absolute. */
    public static final String PATH_OUTSIDE = "path_outside";
    /** Inconsistent panoptic segments (PNG vs segments_info). */
    public static final String SEGMENTS = "segments";
    /** Ground truth that cannot be evaluated (the image is skipped). */
    public static final String BAD_GROUND_TRUTH = "bad_ground_truth";

    public EvalProblem {
        line = Math.max(0, line);
    }

    /** {@code path:line: reason}, as compilers print it. */
    public String describe() {
        return path + (line > 0 ? ":" + line : "") + ": " + reason;
    }
}
