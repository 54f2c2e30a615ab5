package org.segpipe.core.provenance;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Run ids: sortable by time, safe in paths and partition values, e.g. {@code 20261124-171502-a3f9}. */
public final class RunIds {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private RunIds() {
    }

    public static String next() {
        // The suffix only separates runs started in the same second; it is not a seeded choice.
        return FORMAT.format(Instant.now()) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(1 << 16));
    }

    /** Checks a user-given run id; the message says what is allowed. */
    public static String validate(String runId) {
        if (runId == null || !runId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("run id '" + runId + "' must be 1-100 characters of letters, digits, "
                    + "'.', '_' and '-', starting with a letter or digit");
        }
        return runId;
    }
}
