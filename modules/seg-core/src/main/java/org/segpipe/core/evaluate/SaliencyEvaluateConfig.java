package org.segpipe.core.evaluate;

import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;
import org.segpipe.core.provenance.RunIds;

/**
 * {@code seg evaluate --task saliency}: masks in {@code gt} (8-bit grey PNGs, binarised at > 128)
 * against predictions in {@code pred} (8-bit grey PNGs with the same stems).
 *
 * @param gt               folder of ground-truth masks
 * @param pred             folder of predicted saliency maps
 * @param out              folder of the Parquet report tables, or null for none
 * @param summary          file for the summary JSON, or null for none
 * @param runId            run id, or null to generate one
 * @param resizeMismatched true: a prediction of another size is resized to its mask (with a
 *                         warning); false: the image is rejected into the problems table
 * @param partitions       partitions of the per-image stage; 0 = four times the default parallelism
 */
public record SaliencyEvaluateConfig(String gt, String pred, String out, String summary, String runId,
                                     boolean resizeMismatched, int partitions) {

    public static final String TASK = "evaluate.task";
    public static final String PRED = "evaluate.pred";
    public static final String SIZE_MISMATCH = "evaluate.size-mismatch";

    /** Whether the settings ask for the saliency task ({@code evaluate.task}). */
    public static boolean requested(Settings s) {
        String task = s.find(TASK).orElse("cityscapes").trim();
        if (!task.equals("cityscapes") && !task.equals("saliency")) {
            throw new ConfigException("'" + TASK + "' is '" + task + "' but must be cityscapes or saliency");
        }
        return task.equals("saliency");
    }

    public static SaliencyEvaluateConfig from(Settings s) {
        String gt = s.string(EvaluateConfig.GT);
        String pred = optional(s, PRED);
        if (pred == null) {
            throw new ConfigException("'" + PRED + "' (--pred) is required for the saliency task: the folder of predicted maps");
        }
        String mismatch = s.find(SIZE_MISMATCH).orElse("resize").trim();
        if (!mismatch.equals("resize") && !mismatch.equals("reject")) {
            throw new ConfigException("'" + SIZE_MISMATCH + "' is '" + mismatch + "' but must be resize or reject");
        }
        String runId = optional(s, EvaluateConfig.RUN_ID);
        if (runId != null) {
            try {
                RunIds.validate(runId);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("'" + EvaluateConfig.RUN_ID + "' is '" + runId + "' but "
                        + e.getMessage().replaceFirst("^run id '[^']*' ", ""));
            }
        }
        int partitions = s.find(EvaluateConfig.PARTITIONS).isPresent() ? s.integerAtLeast(EvaluateConfig.PARTITIONS, 0) : 0;
        return new SaliencyEvaluateConfig(gt, pred, optional(s, EvaluateConfig.OUT), optional(s, EvaluateConfig.SUMMARY),
                runId, mismatch.equals("resize"), partitions);
    }

    private static String optional(Settings s, String key) {
        return s.find(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
    }
}
