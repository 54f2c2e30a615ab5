package org.segpipe.core.provenance;

import java.util.Map;

/**
 * What every report, checkpoint and manifest records about how it was made.
 *
 * @param runId          the run
 * @param configHash     {@link org.segpipe.core.config.Settings#hash()} of the resolved settings
 * @param codeVersion    {@link CodeVersion#get()}
 * @param inputManifest  a hash naming the input data (a dataset's manifest hash, or a listing hash)
 * @param modelId        the model used, or null where none is involved
 * @param createdAt      ISO-8601 UTC time
 * @param extra          anything else worth keeping (input paths, counts)
 */
public record Provenance(String runId, String configHash, String codeVersion, String inputManifest, String modelId,
                         String createdAt, Map<String, String> extra) {

    public Provenance {
        // sorted, not Map.copyOf: its iteration order changes from JVM to JVM, and this map is
        // written into JSON that must come out the same byte for byte
        extra = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(extra));
    }
}
