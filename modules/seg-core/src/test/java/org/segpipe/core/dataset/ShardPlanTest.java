package org.segpipe.core.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShardPlanTest {

    @Test
    void countIsTheNearestNumberOfTargetSizedShards() {
        assertEquals(3, ShardPlan.shardCount(300, 100, 100));
        assertEquals(3, ShardPlan.shardCount(340, 100, 100)); // 3.4 rounds to 3
        assertEquals(4, ShardPlan.shardCount(350, 100, 100)); // 3.5 rounds to 4
        assertEquals(1, ShardPlan.shardCount(10, 5, 100)); // never zero
        assertEquals(2, ShardPlan.shardCount(1000, 2, 100)); // never more than the samples
        assertEquals(1, ShardPlan.shardCount(0, 0, 100));
    }

    @Test
    void samplesGoToTheStretchHoldingTheirMiddleByte() {
        // Four samples of 30 bytes end to end, total 120, 3 shards of 40 bytes each:
        //   bytes   0   30   60   90  120
        //   samples |-a-|-b--|-c--|-d-|
        //   shards  |--0---|---1---|--2---|  cut at 40 and 80
        // middles 15, 45, 75, 105 -> shards 0, 1, 1, 2
        int[] expected = {0, 1, 1, 2};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], ShardPlan.shardOf(30L * i, 30, 120, 3), "sample " + i);
        }
        // The last byte never spills past the last shard.
        assertEquals(2, ShardPlan.shardOf(119, 1, 120, 3));
    }
}
