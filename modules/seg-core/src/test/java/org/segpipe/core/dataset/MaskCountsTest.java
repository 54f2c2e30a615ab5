package org.segpipe.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;

class MaskCountsTest {

    /**
     * A 4x2 scene: label ids (7 road, 26 car, 24 person, 11 building) and instance values
     * <pre>
     *  7  7 26 26      7     7     26000 26001
     * 24 26 26 11      24000 26001 26001 11
     * </pre>
     * Pixels: road 2, car 4, person 1, building 1. Instances: cars 26000 and 26001 (2), person
     * 24000 (1); road 7 and building 11 are stuff, not instances.
     */
    @Test
    void countsPixelsPerLabelIdAndDistinctInstancesPerClass() {
        ClassMask labels = new ClassMask(4, 2, new byte[] {7, 7, 26, 26, 24, 26, 26, 11}, ClassEncoding.LABEL_IDS);
        InstanceMask instances = new InstanceMask(4, 2, new short[] {7, 7, 26000, 26001, 24000, 26001, 26001, 11});
        MaskCounts c = MaskCounts.of(labels, instances);
        long[] pixels = new long[34];
        pixels[7] = 2;
        pixels[26] = 4;
        pixels[24] = 1;
        pixels[11] = 1;
        assertArrayEquals(pixels, c.classPixels());
        int[] counts = new int[34];
        counts[26] = 2;
        counts[24] = 1;
        assertArrayEquals(counts, c.classInstances());
        assertArrayEquals(new int[34], MaskCounts.of(labels, null).classInstances(), "no instance mask, no instances");
    }

    @Test
    void unknownIdsAreRefusedNamingThem() {
        ClassMask labels = new ClassMask(3, 1, new byte[] {40, 40, 7}, ClassEncoding.LABEL_IDS);
        var e = assertThrows(IllegalArgumentException.class, () -> MaskCounts.of(labels, null));
        assertEquals("expected label ids 0..33, found unknown ids 40 (2 px)", e.getMessage());
        ClassMask road = new ClassMask(2, 1, new byte[] {7, 7}, ClassEncoding.LABEL_IDS);
        // 7001: an instance of road, a class without instances; 40000: label id 40.
        var bad = assertThrows(IllegalArgumentException.class, () -> MaskCounts.of(road,
                new InstanceMask(2, 1, new short[] {7001, (short) 40000})));
        assertTrue(bad.getMessage().startsWith("expected valid instance ids, found instance value 7001 names an instance of 'road'"),
                bad.getMessage());
        assertTrue(bad.getMessage().contains("instance value 40000 has unknown label id 40"), bad.getMessage());
    }
}
