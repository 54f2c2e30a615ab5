package org.segpipe.core.evaluate;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Order-independent fingerprints of a run's inputs: each file contributes a 64-bit mix of its role,
 * image key, length and CRC32C; contributions are added modulo 2^64, so the total does not depend on
 * how files were partitioned or where they are stored (paths are not part of it).
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    public static long of(String role, String key, byte[] content) {
        CRC32C crc = new CRC32C();
        crc.update(content);
        long h = 0x9E3779B97F4A7C15L;
        for (byte b : (role + "\0" + key).getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xFF));
        }
        h = mix(h ^ content.length);
        return mix(h ^ crc.getValue());
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The fingerprint as 16 hex digits. */
    public static String hex(long fingerprint) {
        return String.format("%016x", fingerprint);
    }
}
