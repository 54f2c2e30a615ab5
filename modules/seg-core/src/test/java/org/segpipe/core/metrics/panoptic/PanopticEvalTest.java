package org.segpipe.core.metrics.panoptic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.segpipe.core.metrics.Scene;

class PanopticEvalTest {

    /*
     * 20x10 px, columns (all rows):
     *   gt:    0-9 road (7) | 10-13 car 26000 | 14-15 car 26001 | 16-17 cargroup 26 (crowd) | 18-19 ego vehicle (void)
     *   pred:  0-9 seg 1 road | 10-12 seg 2 car, 13 nothing | 14 seg 3 car, 15 nothing | 16-17 seg 4 car | 18 seg 2, 19 nothing
     *
     * road: seg 1 = road exactly -> TP, IoU 1.
     * car 26000 vs seg 2: intersection 30, seg 2 area 40 of which 10 on void, union 40 + 40 - 30 - 10 = 40 -> IoU 30/40 -> TP.
     * car 26001 vs seg 3: intersection 10, union 10 + 20 - 10 = 20 -> IoU 0.5, not above 0.5 -> FN; seg 3 (no void, no
     *   crowd) -> FP.
     * seg 4 lies on the crowd region: 20/20 > 0.5 -> ignored.
     */
    private static int[] predIds() {
        int[] ids = new int[200];
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                int id = x <= 9 ? 1 : x <= 12 ? 2 : x == 14 ? 3 : x == 16 || x == 17 ? 4 : x == 18 ? 2 : 0;
                ids[y * 20 + x] = id;
            }
        }
        return ids;
    }

    private static Scene scene() {
        return new Scene(20, 10, 7).rect(10, 0, 4, 10, 26000).rect(14, 0, 2, 10, 26001).rect(16, 0, 2, 10, 26)
                .rect(18, 0, 2, 10, 1);
    }

    private static final List<PanopticSegment> SEGMENTS = List.of(new PanopticSegment(1, 7), new PanopticSegment(2, 26),
            new PanopticSegment(3, 26), new PanopticSegment(4, 26));

    @Test
    void pqFollowsTheOfficialMatching() {
        PanopticEvaluator.ImageResult img = PanopticEvaluator.evaluate(scene().groundTruth(), predIds(), SEGMENTS);
        assertTrue(img.problems().isEmpty(), img.problems().toString());
        PanopticResult r = PanopticMetrics.compute(img.counts());
        PanopticResult.ClassPq road = r.byName("road");
        assertEquals(1.0, road.pq());
        assertEquals(1.0, road.sq());
        assertEquals(1.0, road.rq());
        PanopticResult.ClassPq car = r.byName("car");
        assertEquals(1, car.tp());
        assertEquals(1, car.fp());
        assertEquals(1, car.fn());
        assertEquals((30.0 / 40) / (1 + 0.5 * 1 + 0.5 * 1), car.pq());
        assertEquals((30.0 / 40) / 1, car.sq());
        assertEquals(1 / (1 + 0.5 * 1 + 0.5 * 1), car.rq());
        assertTrue(Double.isNaN(r.byName("sky").pq()), "no sky anywhere");
        assertEquals((1.0 + (30.0 / 40) / 2.0) / 2, r.all().pq());
        assertEquals(2, r.all().n());
        assertEquals((30.0 / 40) / 2.0, r.things().pq());
        assertEquals(1.0, r.stuff().pq());
        assertEquals(((1.0 + 30.0 / 40) / 2), r.all().sq());
    }

    @Test
    void inconsistentPredictionsAreReportedAndEvaluated() {
        // segment 3 missing from the list, segment 9 listed without pixels, segment 4 with a non-evaluated category
        List<PanopticSegment> bad = List.of(new PanopticSegment(1, 7), new PanopticSegment(2, 26), new PanopticSegment(4, 29),
                new PanopticSegment(9, 26));
        PanopticEvaluator.ImageResult img = PanopticEvaluator.evaluate(scene().groundTruth(), predIds(), bad);
        String problems = String.join("\n", img.problems());
        assertTrue(problems.contains("segment ids [3] are in the PNG but not in segments_info"), problems);
        assertTrue(problems.contains("segment ids [9] are in segments_info but have no pixels"), problems);
        assertTrue(problems.contains("segment 4 has category_id 29"), problems);
        PanopticResult r = PanopticMetrics.compute(img.counts());
        assertEquals(0, r.byName("car").fp(), "the unlisted segment is no prediction");
        assertEquals(1, r.byName("car").fn());
    }

    @Test
    void mergeAddsCountsAndExactIouSums() {
        PanopticCounts one = PanopticEvaluator.evaluate(scene().groundTruth(), predIds(), SEGMENTS).counts();
        PanopticCounts two = PanopticCounts.merge(one, one);
        assertTrue(PanopticCounts.merge(PanopticCounts.zero(), one).sameAs(one));
        PanopticResult r = PanopticMetrics.compute(two);
        assertEquals(2, r.byName("car").tp());
        assertEquals(2 * (30.0 / 40), r.byName("car").iouSum());
        assertEquals(PanopticMetrics.compute(one).all().pq(), r.all().pq());
    }
}
