package org.segpipe.core.cityscapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InstanceIdsTest {

    @Test
    void instancesAreLabelIdTimesThousandPlusIndex() {
        assertEquals(26003, InstanceIds.encode(26, 3));
        assertEquals(24000, InstanceIds.encode(24, 0));
        assertEquals(26, InstanceIds.labelId(26003));
        assertEquals(3, InstanceIds.instanceIndex(26003));
        assertTrue(InstanceIds.isInstance(26003));
        assertThrows(IllegalArgumentException.class, () -> InstanceIds.encode(26, 1000));
    }

    @Test
    void stuffAndGroupsArePlainLabelIds() {
        assertFalse(InstanceIds.isInstance(26), "a car group");
        assertEquals(26, InstanceIds.labelId(26));
        assertEquals(-1, InstanceIds.instanceIndex(26));
        assertEquals(7, InstanceIds.labelId(7));
    }

    @Test
    void problemsNameTheValue() {
        assertNull(InstanceIds.problem(24001));
        assertNull(InstanceIds.problem(26), "groups are valid");
        assertNull(InstanceIds.problem(0));
        String road = InstanceIds.problem(7001);
        assertTrue(road.contains("7001") && road.contains("road") && road.contains("without instances"), road);
        String unknown = InstanceIds.problem(34000);
        assertTrue(unknown.contains("unknown label id 34"), unknown);
        assertTrue(InstanceIds.problem(40).contains("unknown label id 40"));
    }
}
