package org.segpipe.spark.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.segpipe.core.config.ConfigException;

/** The stages of a pipeline run, in the order they run. */
public enum PipelineStage {
    GENERATE, INGEST, AUGMENT, TRAIN, PREDICT, EVALUATE, REPORT;

    /** The first exit code of a failed stage: {@code seg pipeline} exits with {@code FAILED_BASE + ordinal}. */
    public static final int FAILED_BASE = 10;

    /** The name used in configs, markers and messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The exit code of {@code seg pipeline} when this stage failed: generate 10 ... report 16. */
    public int exitCode() {
        return FAILED_BASE + ordinal();
    }

    /** The stage of an exit code, or null when the code is not a stage failure. */
    public static PipelineStage ofExitCode(int code) {
        int i = code - FAILED_BASE;
        return i >= 0 && i < values().length ? values()[i] : null;
    }

    public static PipelineStage parse(String text, String key) {
        for (PipelineStage s : values()) {
            if (s.label().equals(text.trim())) {
                return s;
            }
        }
        throw new ConfigException("'" + key + "' is '" + text + "' but must be one of "
                + Arrays.stream(values()).map(PipelineStage::label).collect(Collectors.joining(", ")));
    }
}
