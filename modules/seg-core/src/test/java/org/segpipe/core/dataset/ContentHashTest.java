package org.segpipe.core.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContentHashTest {

    private static final byte[] IMG = {1, 2, 3};
    private static final byte[] LAB = {4, 5};
    private static final byte[] INS = {6};

    @Test
    void sampleHashIsShaOverLengthPrefixedFields() throws Exception {
        // The format, spelled out: tag, then each field as an 8-byte big-endian length and its bytes
        // (length -1 and no bytes for an absent field).
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write("segpipe-sample/1".getBytes(StandardCharsets.UTF_8));
        for (byte[] f : new byte[][] {"k".getBytes(StandardCharsets.UTF_8), "val".getBytes(StandardCharsets.UTF_8), IMG, LAB, INS, null}) {
            expected.write(ByteBuffer.allocate(8).putLong(f == null ? -1 : f.length).array());
            if (f != null) {
                expected.write(f);
            }
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected.toByteArray()));
        assertEquals(sha, ContentHash.sample("k", "val", IMG, LAB, INS, null));
    }

    @Test
    void everyFieldAndBoundaryCounts() {
        String base = ContentHash.sample("a_000000_000001", "train", IMG, LAB, INS, "{}");
        assertNotEquals(base, ContentHash.sample("a_000000_000002", "train", IMG, LAB, INS, "{}"));
        assertNotEquals(base, ContentHash.sample("a_000000_000001", "val", IMG, LAB, INS, "{}"));
        assertNotEquals(base, ContentHash.sample("a_000000_000001", "train", new byte[] {1, 2, 4}, LAB, INS, "{}"));
        assertNotEquals(base, ContentHash.sample("a_000000_000001", "train", IMG, LAB, INS, null));
        // The same bytes split differently between image and labels must not collide.
        assertNotEquals(ContentHash.sample("k", "s", new byte[] {1, 2}, new byte[] {3}, null, null),
                ContentHash.sample("k", "s", new byte[] {1}, new byte[] {2, 3}, null, null));
        // Absent and empty differ.
        assertNotEquals(ContentHash.sample("k", "s", IMG, LAB, null, null), ContentHash.sample("k", "s", IMG, LAB, new byte[0], null));
    }

    @Test
    void sumWrapsModulo2To256() {
        String max = "f".repeat(64); // 2^256 - 1
        String one = "0".repeat(63) + "1";
        ContentHash.Sum s = ContentHash.Sum.of(max).plus(one);
        assertEquals(2, s.count());
        assertEquals(BigInteger.ZERO, s.sum());
        // The same through chunk sums: chunks 0..6 of max are 0xffffffff, chunk 7 of max + one is 2^32.
        long[] chunks = new long[8];
        for (int i = 0; i < 8; i++) {
            chunks[i] = ContentHash.chunk(max, i) + ContentHash.chunk(one, i);
        }
        assertEquals(0xffffffffL + 1, chunks[7]);
        assertEquals(s, ContentHash.Sum.ofChunkSums(2, chunks));
    }

    @Test
    void datasetHashIgnoresOrderButCountsDuplicates() {
        for (long seed : new long[] {1, 2, 3, 4, 5}) {
            Random r = new Random(seed);
            List<String> hashes = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                hashes.add(ContentHash.sample("k" + r.nextInt(), "train", new byte[] {(byte) r.nextInt()}, LAB, null, null));
            }
            ContentHash.Sum forward = hashes.stream().map(ContentHash.Sum::of).reduce(ContentHash.Sum.zero(), ContentHash.Sum::merge);
            List<String> shuffled = new ArrayList<>(hashes);
            Collections.shuffle(shuffled, r);
            // Merge in uneven groups, as partitions would.
            ContentHash.Sum a = ContentHash.Sum.zero();
            ContentHash.Sum b = ContentHash.Sum.zero();
            long[] chunkSums = new long[8];
            for (int i = 0; i < shuffled.size(); i++) {
                if (i % 3 == 0) {
                    a = a.plus(shuffled.get(i));
                } else {
                    b = b.plus(shuffled.get(i));
                }
                for (int c = 0; c < 8; c++) {
                    chunkSums[c] += ContentHash.chunk(shuffled.get(i), c);
                }
            }
            assertEquals(forward.digest(), ContentHash.Sum.merge(b, a).digest(), "seed " + seed);
            assertEquals(forward, ContentHash.Sum.ofChunkSums(50, chunkSums), "seed " + seed);
            assertEquals(forward, ContentHash.Sum.merge(forward, ContentHash.Sum.zero()), "seed " + seed);
            // A duplicated sample changes the hash (XOR would cancel it out).
            String h = hashes.get(0);
            assertNotEquals(forward.digest(), forward.plus(h).plus(h).digest(), "seed " + seed);
        }
    }

    @Test
    void badHashesAreRefusedWithTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> ContentHash.Sum.of("xyz"));
        assertEquals("expected a SHA-256 hash of 64 hex digits, found 'xyz'", e.getMessage());
    }
}
