package org.segpipe.spark.pipeline;

import java.io.File;
import java.net.URI;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;
import org.segpipe.core.provenance.RunIds;

/**
 * The {@code pipeline.*} settings.
 *
 * @param root     {@code pipeline.root}; a plain path is made absolute, so executors on other machines see the same folder
 * @param input    {@code pipeline.input}, or null to generate the input with the {@code generate.*} keys
 * @param runId    {@code pipeline.run-id}, or null for a new run
 * @param from     {@code pipeline.from}, or null to skip complete stages
 * @param to       {@code pipeline.to}
 * @param keepRuns {@code pipeline.keep-runs}; 0 keeps every run folder
 * @param task     {@code pipeline.task}: {@link #CITYSCAPES} or {@link #SALIENCY}, the kind of data every stage handles
 */
public record PipelineConfig(String root, String input, String runId, PipelineStage from, PipelineStage to, int keepRuns,
                             String task) {

    public static final String ROOT = "pipeline.root";
    public static final String INPUT = "pipeline.input";
    public static final String RUN_ID = "pipeline.run-id";
    public static final String FROM = "pipeline.from";
    public static final String TO = "pipeline.to";
    public static final String KEEP_RUNS = "pipeline.keep-runs";
    public static final String TASK = "pipeline.task";
    public static final String CITYSCAPES = "cityscapes";
    public static final String SALIENCY = "saliency";

    public PipelineConfig {
        if (from != null && from.compareTo(to) > 0) {
            throw new ConfigException("'" + FROM + "' is " + from.label() + " but '" + TO + "' is " + to.label()
                    + ": the first stage must not come after the last");
        }
    }

    public static PipelineConfig from(Settings s) {
        String root = s.find(ROOT).map(String::trim).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new ConfigException("'" + ROOT + "' is not set: give the folder (or s3a:// URI) the pipeline writes to"));
        String input = blankToNull(s.find(INPUT).orElse(""));
        String runId = blankToNull(s.find(RUN_ID).orElse(""));
        if (runId != null) {
            try {
                RunIds.validate(runId);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("'" + RUN_ID + "': " + e.getMessage());
            }
        }
        String fromText = blankToNull(s.find(FROM).orElse(""));
        PipelineStage from = fromText == null ? null : PipelineStage.parse(fromText, FROM);
        PipelineStage to = PipelineStage.parse(s.find(TO).orElse("report"), TO);
        int keep = s.integerAtLeast(KEEP_RUNS, 0);
        String task = s.find(TASK).map(String::trim).filter(v -> !v.isEmpty()).orElse(CITYSCAPES);
        if (!task.equals(CITYSCAPES) && !task.equals(SALIENCY)) {
            throw new ConfigException("'" + TASK + "' is '" + task + "' but must be " + CITYSCAPES + " or " + SALIENCY);
        }
        return new PipelineConfig(absolute(root), input == null ? null : absolute(input), runId, from, to, keep, task);
    }

    /** Whether the run handles saliency data (image + mask folders, a one-channel model, the saliency metrics). */
    public boolean saliency() {
        return task.equals(SALIENCY);
    }

    /** A plain path becomes an absolute one; URIs with a scheme are kept. */
    static String absolute(String uriOrPath) {
        URI u;
        try {
            u = new URI(uriOrPath);
        } catch (Exception e) {
            return new File(uriOrPath).getAbsolutePath();
        }
        return u.getScheme() == null ? new File(uriOrPath).getAbsolutePath() : uriOrPath;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
