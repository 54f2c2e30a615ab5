package org.segpipe.core.augment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * The random streams of an augmentation. A sample's seed is the first 64 bits of
 * SHA-256("segpipe.augment.v1", seed, key, epoch), so it depends on nothing else: not on the
 * partition, the executor, the order of samples or a retry. Each step of the pipeline draws from
 * its own stream, derived from the sample's seed and the step's position, so a step that draws
 * a varying number of values (a crop that retries) never shifts the draws of the steps after it.
 */
public final class SampleSeeds {

    private static final byte[] DOMAIN = "segpipe.augment.v1".getBytes(StandardCharsets.UTF_8);

    private SampleSeeds() {
    }

    public static long sampleSeed(long seed, String key, int epoch) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            // Lengths and fixed-width fields keep the encoding unambiguous.
            md.update(ByteBuffer.allocate(DOMAIN.length + 8 + 4 + k.length + 4)
                    .put(DOMAIN).putLong(seed).putInt(k.length).put(k).putInt(epoch).array());
            return ByteBuffer.wrap(md.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The stream of step {@code index} (from 0) of a sample. */
    public static SplittableRandom stepStream(long sampleSeed, int index) {
        return new SplittableRandom(mix64(sampleSeed + 0x9E3779B97F4A7C15L * (index + 1L)));
    }

    /** Stafford's variant 13 finaliser (as in SplitMix64): a bijection that spreads every input bit. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
