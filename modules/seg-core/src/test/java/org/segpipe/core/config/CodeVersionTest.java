package org.segpipe.core.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.segpipe.core.provenance.CodeVersion;
import org.segpipe.core.provenance.RunIds;

class CodeVersionTest {

    @Test
    void versionCarriesTheProjectVersionAndCommit() {
        String v = CodeVersion.get();
        assertTrue(v.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\+([0-9a-f]{7,}(-dirty)?|nogit)"), v);
    }

    @Test
    void runIdsAreSortableAndValidated() {
        String id = RunIds.next();
        assertTrue(id.matches("\\d{8}-\\d{6}-[0-9a-f]{4}"), id);
        RunIds.validate("nightly-2026.11.24");
        assertThrows(IllegalArgumentException.class, () -> RunIds.validate("../etc"));
        assertThrows(IllegalArgumentException.class, () -> RunIds.validate(""));
    }
}
