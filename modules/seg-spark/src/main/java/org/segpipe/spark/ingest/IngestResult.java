package org.segpipe.spark.ingest;

import java.util.List;
import org.segpipe.core.dataset.DatasetManifest;

/**
 * What an ingest published.
 *
 * @param manifest      the manifest as written to {@code manifestUri}
 * @param manifestUri   where it was written
 * @param rejectsUri    the rejects table
 * @param rejectsByStage reject rows per stage, e.g. {@code pair=2}
 * @param firstRejects  the first few reject reasons, by path
 * @param notes         things worth telling the user (a replaced version, a version reused for other content)
 * @param phaseSeconds  wall time per phase: list, validate, write, publish
 * @param seconds       wall time of the whole run
 */
public record IngestResult(DatasetManifest manifest, String manifestUri, String rejectsUri,
                           java.util.Map<String, Long> rejectsByStage, List<String> firstRejects, List<String> notes,
                           java.util.Map<String, Double> phaseSeconds, double seconds) {

    public IngestResult {
        rejectsByStage = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(rejectsByStage));
        firstRejects = List.copyOf(firstRejects);
        notes = List.copyOf(notes);
        phaseSeconds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phaseSeconds));
    }
}
