package org.segpipe.core.evaluate;

import java.io.Serializable;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;
import org.segpipe.core.provenance.RunIds;

/**
 * The settings of {@code seg evaluate}, validated where they are made. Paths are Hadoop URIs
 * ({@code file://}, {@code s3a://}, {@code hdfs://}) or local paths.
 *
 * @param gt               ground-truth dataset (raw Cityscapes tree or ingested shards)
 * @param split            the split to evaluate
 * @param semantic         semantic results folder, or null
 * @param instances        instance results folder, or null
 * @param panoptic         panoptic results folder, or null
 * @param out              report folder (Parquet tables), or null for none
 * @param summary          summary JSON file, or null for none
 * @param runId            the run id, or null to generate one
 * @param semanticTrainIds semantic PNGs hold train ids
 * @param partitions       partitions of the per-image stage; 0 = four times Spark's default parallelism
 */
public record EvaluateConfig(String gt, Split split, String semantic, String instances, String panoptic, String out,
                             String summary, String runId, boolean semanticTrainIds, int partitions) implements Serializable {

    public static final String GT = "evaluate.gt";
    public static final String SPLIT = "evaluate.split";
    public static final String SEMANTIC = "evaluate.semantic";
    public static final String INSTANCES = "evaluate.instances";
    public static final String PANOPTIC = "evaluate.panoptic";
    public static final String OUT = "evaluate.out";
    public static final String SUMMARY = "evaluate.summary";
    public static final String RUN_ID = "evaluate.run-id";
    public static final String SEMANTIC_IDS = "evaluate.semantic-ids";
    public static final String PARTITIONS = "evaluate.partitions";

    public static EvaluateConfig from(Settings s) {
        String gt = s.string(GT);
        Split split;
        try {
            split = Split.fromFolderName(s.string(SPLIT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("'" + SPLIT + "' is '" + s.string(SPLIT) + "' but must be one of train, val, test, train_extra");
        }
        String semantic = optional(s, SEMANTIC);
        String instances = optional(s, INSTANCES);
        String panoptic = optional(s, PANOPTIC);
        if (semantic == null && instances == null && panoptic == null) {
            throw new ConfigException("nothing to evaluate: set at least one of '" + SEMANTIC + "', '" + INSTANCES + "', '"
                    + PANOPTIC + "' (--semantic, --instances, --panoptic)");
        }
        String runId = optional(s, RUN_ID);
        if (runId != null) {
            try {
                RunIds.validate(runId);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("'" + RUN_ID + "' is '" + runId + "' but " + e.getMessage().replaceFirst("^run id '[^']*' ", ""));
            }
        }
        String ids = s.find(SEMANTIC_IDS).orElse("label-ids").trim();
        if (!ids.equals("label-ids") && !ids.equals("train-ids")) {
            throw new ConfigException("'" + SEMANTIC_IDS + "' is '" + ids + "' but must be label-ids or train-ids");
        }
        int partitions = s.find(PARTITIONS).isPresent() ? s.integerAtLeast(PARTITIONS, 0) : 0;
        return new EvaluateConfig(gt, split, semantic, instances, panoptic, optional(s, OUT), optional(s, SUMMARY), runId,
                ids.equals("train-ids"), partitions);
    }

    private static String optional(Settings s, String key) {
        return s.find(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
    }
}
