package org.segpipe.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetStatsTest {

    private static final String A = "0".repeat(63) + "1";
    private static final String B = "f".repeat(64);
    private static final String C = "8" + "0".repeat(63);

    private static long[] pixels(int labelId, long n) {
        long[] p = new long[34];
        p[labelId] = n;
        return p;
    }

    private static int[] instances(int labelId, int n) {
        int[] p = new int[34];
        p[labelId] = n;
        return p;
    }

    /**
     * Three samples: train/aachen A (10 bytes, 5 px road, 1 car), train/bochum B (20 bytes, 3 px
     * road), val/lindau C (7 bytes, 2 px car, 2 cars). Per split: train 2 samples, 30 bytes, 8 px
     * road, 1 car, hash Sum(A, B); val 1 sample. Dataset hash: Sum(A, B, C).
     */
    @Test
    void summaryIsThePerSplitAndPerCitySumInTheSplitOrderGiven() {
        Map<String, long[]> perCity = new HashMap<>();
        DatasetStats.add(perCity.computeIfAbsent(DatasetStats.cityKey("train", "aachen"), k -> DatasetStats.zero()),
                10, DatasetStats.chunks(A), pixels(7, 5), instances(26, 1));
        DatasetStats.add(perCity.computeIfAbsent(DatasetStats.cityKey("train", "bochum"), k -> DatasetStats.zero()),
                20, DatasetStats.chunks(B), pixels(7, 3), new int[34]);
        DatasetStats.add(perCity.computeIfAbsent(DatasetStats.cityKey("val", "lindau"), k -> DatasetStats.zero()),
                7, DatasetStats.chunks(C), pixels(26, 2), instances(26, 2));

        DatasetStats.Summary s = DatasetStats.summarize(perCity, List.of("val", "test", "train"));
        assertEquals(List.of("val", "train"), s.splits().stream().map(DatasetManifest.SplitStats::split).toList(),
                "the order asked for; a split without samples is left out");
        assertFalse(s.hasSplit("test"));
        DatasetManifest.SplitStats train = s.splits().get(1);
        assertEquals(2, train.samples());
        assertEquals(10 + 20, train.payloadBytes());
        assertArrayEquals(pixels(7, 5 + 3), train.classPixels());
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
                0, 0, 0, 0}, train.classInstances());
        assertEquals(ContentHash.Sum.zero().plus(A).plus(B).digest(), train.contentSha256());
        assertEquals(List.of("aachen", "bochum"), train.cities().stream().map(DatasetManifest.CityStats::city).toList());
        assertArrayEquals(pixels(7, 3), train.cities().get(1).classPixels());
        assertEquals(3, s.samples());
        assertEquals(10 + 20 + 7, s.payloadBytes());
        assertEquals(ContentHash.Sum.zero().plus(C).plus(A).plus(B).digest(), s.content().digest());

        var other = assertThrows(IllegalArgumentException.class, () -> DatasetStats.summarize(perCity, List.of("train")));
        assertEquals("statistics of 'val/lindau': expected split/city of the splits [train]", other.getMessage());
    }

    /** Adding samples into vectors in any grouping and merging them in any order gives one pass's sums. */
    @Test
    void mergingInAnyOrderEqualsOnePass() {
        long seed = 20240611;
        Random random = new Random(seed);
        List<long[]> parts = new ArrayList<>();
        long[] onePass = DatasetStats.zero();
        for (int i = 0; i < 40; i++) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            String sha = java.util.HexFormat.of().formatHex(b);
            long[] px = pixels(random.nextInt(34), random.nextInt(1000));
            int[] inst = instances(random.nextInt(34), random.nextInt(5));
            long payload = random.nextInt(100000);
            DatasetStats.add(onePass, payload, DatasetStats.chunks(sha), px, inst);
            long[] part = DatasetStats.zero();
            DatasetStats.add(part, payload, DatasetStats.chunks(sha), px, inst);
            parts.add(part);
        }
        Collections.shuffle(parts, random);
        long[] merged = DatasetStats.zero();
        for (int i = 0; i < parts.size(); i += 3) {
            long[] group = DatasetStats.zero();
            for (long[] p : parts.subList(i, Math.min(parts.size(), i + 3))) {
                DatasetStats.merge(group, p);
            }
            DatasetStats.merge(merged, group);
        }
        assertArrayEquals(onePass, merged, "seed " + seed);
    }
}
