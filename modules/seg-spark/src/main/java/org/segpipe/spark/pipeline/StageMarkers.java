package org.segpipe.spark.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.segpipe.spark.io.HadoopFiles;

/**
 * One small JSON file per finished stage of a run. A marker is written atomically after its stage's
 * outputs are complete, so "marker present" means "stage complete" on every file system; a stage
 * without one is run again (after its partial output is removed, except training, which resumes
 * from its newest checkpoint).
 */
public final class StageMarkers {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What a finished stage recorded. {@code details} holds its counts and numbers. */
    public record Marker(String stage, String runId, String finishedAt, double seconds, Map<String, Object> details) {
    }

    private final PipelineLayout layout;
    private final Configuration conf;

    public StageMarkers(PipelineLayout layout, Configuration conf) {
        this.layout = layout;
        this.conf = conf;
    }

    public Optional<Marker> read(PipelineStage stage) {
        String uri = layout.marker(stage);
        if (!HadoopFiles.exists(uri, conf)) {
            return Optional.empty();
        }
        try {
            Map<String, Object> m = JSON.readValue(HadoopFiles.read(uri, conf), new TypeReference<LinkedHashMap<String, Object>>() { });
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) m.getOrDefault("details", Map.of());
            return Optional.of(new Marker((String) m.get("stage"), (String) m.get("run_id"), (String) m.get("finished_at"),
                    ((Number) m.getOrDefault("seconds", 0)).doubleValue(), details));
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("stage marker " + uri + " is not readable JSON (" + e.getMessage()
                    + "); delete it to run the stage again", e);
        }
    }

    public void write(PipelineStage stage, Marker marker) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", marker.stage());
        m.put("run_id", marker.runId());
        m.put("finished_at", marker.finishedAt());
        m.put("seconds", marker.seconds());
        m.put("details", marker.details());
        try {
            HadoopFiles.writeAtomically(layout.marker(stage), JSON.writeValueAsString(m).getBytes(StandardCharsets.UTF_8), conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(PipelineStage stage) {
        HadoopFiles.delete(layout.marker(stage), conf);
    }
}
