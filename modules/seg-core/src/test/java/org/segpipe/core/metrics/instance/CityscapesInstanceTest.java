package org.segpipe.core.metrics.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.segpipe.core.metrics.NumpyMath;
import org.segpipe.core.metrics.Scene;

/**
 * Hand-derived cases of the Cityscapes instance protocol. Scenes are 40x20 px of road (7); car
 * instances are 26000, 26001, ...; a 10x10 square is 100 px. Overlap index t runs over
 * 0.5, 0.55, 0.6000000000000001, ..., 0.9500000000000004.
 */
class CityscapesInstanceTest {

    private static final int CAR = 26;
    private static final int T = 10;

    private static InstanceResult evaluate(List<Scene> scenes, List<List<ScoredPrediction>> predictions) {
        CityscapesInstanceCounts total = CityscapesInstanceCounts.zero();
        for (int i = 0; i < scenes.size(); i++) {
            CityscapesImageResult r = CityscapesMatcher.match(scenes.get(i).groundTruth(), predictions.get(i));
            total = CityscapesInstanceCounts.merge(total, CityscapesInstanceCounts.of(r));
        }
        return CityscapesInstanceMetrics.compute(total);
    }

    private static InstanceResult evaluate(Scene scene, ScoredPrediction... predictions) {
        return evaluate(List.of(scene), List.of(List.of(predictions)));
    }

    private static Scene road() {
        return new Scene(40, 20, 7);
    }

    /**
     * Three cars g1, g2, g3 (10x10 each). p1 = g1 (score 0.9), p2 on road (0.8), p3 = g2 (0.7);
     * g3 missed. Entries (ascending): 0.7 true, 0.8 false, 0.9 true; one hard FN.
     * Points: s=0.7: TP 2 FP 1 FN 1 -> p 2/3 r 2/3; s=0.8: TP 1 FP 1 FN 2 -> p 1/2 r 1/3;
     * s=0.9: TP 1 FP 0 FN 2 -> p 1 r 1/3; artificial: p 1 r 0.
     * Step widths 0.5 r[i-1] - 0.5 r[i+1]: [1/6, 1/6, 1/6, 1/6]; AP = 19/36 at every overlap.
     */
    @Test
    void apIntegratesTheRawCurveStepwise() {
        Scene s = road().rect(0, 0, 10, 10, 26000).rect(12, 0, 10, 10, 26001).rect(24, 0, 10, 10, 26002);
        InstanceResult r = evaluate(s, s.prediction(CAR, 0.9, 0, 0, 10, 10), s.prediction(CAR, 0.8, 0, 10, 10, 10),
                s.prediction(CAR, 0.7, 12, 0, 10, 10));
        double r0 = 2.0 / 3;
        double r1 = 1.0 / 3;
        double expected = (2.0 / 3) * (0.5 * r0 - 0.5 * r1) + (1.0 / 2) * (0.5 * r0 - 0.5 * r1) + 1.0 * (0.5 * r1 - 0.5 * 0.0)
                + 1.0 * (0.5 * r1 - 0.5 * 0.0);
        InstanceResult.ClassAp car = r.byName("car");
        for (int t = 0; t < T; t++) {
            assertEquals(expected, car.apPerThreshold()[t], "overlap " + t);
            assertEquals(2, car.tp()[t]);
            assertEquals(1, car.fp()[t]);
            assertEquals(1, car.fn()[t]);
        }
        assertEquals(19.0 / 36, expected, 1e-15);
        assertEquals(NumpyMath.mean(car.apPerThreshold()), car.ap());
        assertTrue(Double.isNaN(r.byName("person").ap()), "no person ground truth");
        assertEquals(car.ap(), r.ap(), "nanmean over the classes: only car is defined");
        assertEquals(expected, r.ap50());
    }

    /** A match needs IoU strictly above the overlap: 50 px on a 100 px car is IoU 0.5 exactly. */
    @Test
    void iouExactlyAtTheThresholdDoesNotMatch() {
        Scene s = road().rect(0, 0, 10, 10, 26000);
        InstanceResult r = evaluate(s, s.prediction(CAR, 0.9, 0, 0, 5, 10));
        InstanceResult.ClassAp car = r.byName("car");
        // at 0.5: no match -> FN 1, and the prediction (ignore share 0) is an FP; p = 0 everywhere
        assertEquals(0, car.tp()[0]);
        assertEquals(1, car.fp()[0]);
        assertEquals(1, car.fn()[0]);
        assertEquals(0.0, car.apPerThreshold()[0]);
    }

    /**
     * 60 px on a 100 px car: IoU 0.6 (the double 0.59999999999999997...). It matches at 0.5 and
     * 0.55 but not at the third overlap, which is 0.6000000000000001, not 0.6.
     */
    @Test
    void overlapsAreNumpysAranngeValues() {
        Scene s = road().rect(0, 0, 10, 10, 26000);
        InstanceResult.ClassAp car = evaluate(s, s.prediction(CAR, 0.9, 0, 0, 6, 10)).byName("car");
        assertEquals(1, car.tp()[0]);
        assertEquals(1, car.tp()[1]);
        assertEquals(0, car.tp()[2]);
        assertEquals(1.0, car.apPerThreshold()[1]);
        assertEquals(0.0, car.apPerThreshold()[2]);
    }

    /**
     * Duplicates: p1 = g1 exactly (score 0.6) and p2 = 70 px inside g1 (IoU 0.7, score 0.9).
     * Overlaps 0.5..0.65: both match; the instance takes the higher score 0.9, p1 becomes an FP
     * with 0.6 -> points s=0.6: p 1/2 r 1; s=0.9: p 1 r 1; artificial p 1 r 0 -> AP = 0 + 1/2 + 1/2 = 1.
     * Overlaps from 0.7000000000000002: only p1 matches (TP 0.6), p2 is an FP with 0.9 ->
     * s=0.6: p 1/2 r 1; s=0.9: p 0 r 0; artificial p 0 r 0 -> AP = 1/2 * 1/2 = 1/4.
     */
    @Test
    void duplicatesBecomeFalsePositivesWithTheLowerScore() {
        Scene s = road().rect(0, 0, 10, 10, 26000);
        InstanceResult.ClassAp car = evaluate(s, s.prediction(CAR, 0.6, 0, 0, 10, 10), s.prediction(CAR, 0.9, 0, 0, 7, 10))
                .byName("car");
        for (int t = 0; t < 4; t++) {
            assertEquals(1.0, car.apPerThreshold()[t], "overlap " + t);
            assertEquals(1, car.tp()[t]);
            assertEquals(1, car.fp()[t]);
        }
        for (int t = 4; t < T; t++) {
            assertEquals((1.0 / 2) * (0.5 * 1.0 - 0.5 * 0.0), car.apPerThreshold()[t], "overlap " + t);
            assertEquals(1, car.tp()[t]);
            assertEquals(1, car.fp()[t]);
        }
        double[] expected = {1, 1, 1, 1, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25};
        assertEquals(NumpyMath.mean(expected), car.ap());
    }

    /**
     * A prediction with 80 of its 100 px on the ego vehicle (void): ignored while 0.8 exceeds the
     * overlap (0.5 .. 0.7500000000000002), an FP from 0.8000000000000003. A second prediction
     * exactly on the car (score 0.5) keeps AP defined: 1 while the void one is ignored,
     * 1/2 * 1/2 = 1/4 once it is an FP with score 0.9.
     */
    @Test
    void aPredictionMostlyOnVoidIsIgnored() {
        Scene s = road().rect(0, 0, 10, 10, 26000).rect(20, 0, 8, 10, 1);
        InstanceResult.ClassAp car = evaluate(s, s.prediction(CAR, 0.5, 0, 0, 10, 10),
                s.prediction(CAR, 0.9, 20, 0, 10, 10)).byName("car");
        for (int t = 0; t < 6; t++) {
            assertEquals(0, car.fp()[t], "ignored at overlap " + t);
            assertEquals(1.0, car.apPerThreshold()[t]);
        }
        for (int t = 6; t < T; t++) {
            assertEquals(1, car.fp()[t], "FP at overlap " + t);
            assertEquals(0.25, car.apPerThreshold()[t]);
        }
    }

    /**
     * A cargroup region (26, 100 px). p covers it exactly: IoU 1 with the group, so it counts
     * nowhere. q covers 60 px of the group and 40 px of road: IoU 60/140 with the group, no match;
     * its ignore share 60/100 exceeds 0.5 and 0.55 (ignored) but not 0.6000000000000001 (FP).
     */
    @Test
    void groupRegionsAreIgnoreRegions() {
        Scene s = road().rect(0, 0, 10, 10, 26000).rect(20, 0, 10, 10, 26);
        InstanceResult.ClassAp car = evaluate(s, s.prediction(CAR, 0.5, 0, 0, 10, 10), s.prediction(CAR, 0.8, 20, 0, 10, 10),
                s.prediction(CAR, 0.9, 24, 0, 10, 10)).byName("car");
        assertEquals(0, car.fp()[0]);
        assertEquals(0, car.fp()[1]);
        assertEquals(1.0, car.apPerThreshold()[1]);
        for (int t = 2; t < T; t++) {
            assertEquals(1, car.fp()[t], "overlap " + t);
            assertEquals(1, car.tp()[t]);
            assertEquals(0.25, car.apPerThreshold()[t]);
        }
    }

    /**
     * Cars of 99 px (9x11) and 100 px (10x10), each predicted exactly. The 99 px car is not
     * evaluated and its exact prediction matches it (IoU 1), so it is neither TP nor FP; the
     * 100 px car is a TP. A prediction half on the 99 px car and half on road has ignore share
     * 50/100: 0.5 is not above 0.5, so it is an FP at every overlap.
     */
    @Test
    void groundTruthUnder100PixelsIsDroppedAndIgnored() {
        Scene s = road().rect(0, 0, 9, 11, 26000).rect(20, 0, 10, 10, 26001);
        InstanceResult.ClassAp car = evaluate(s, s.prediction(CAR, 0.8, 0, 0, 9, 11), s.prediction(CAR, 0.7, 20, 0, 10, 10))
                .byName("car");
        for (int t = 0; t < T; t++) {
            assertEquals(1, car.tp()[t]);
            assertEquals(0, car.fp()[t]);
            assertEquals(0, car.fn()[t]);
            assertEquals(1.0, car.apPerThreshold()[t]);
        }
        CityscapesImageResult img = CityscapesMatcher.match(s.groundTruth(), List.of());
        assertEquals(1, img.gtInstances()[CityscapesProtocol.classIndex(CAR)], "only the 100 px car is evaluated");
        // half on the small car (5 columns x 10 rows = 50 px), half on road
        Scene s2 = road().rect(0, 0, 9, 11, 26000).rect(20, 0, 10, 10, 26001);
        InstanceResult.ClassAp half = evaluate(s2, s2.prediction(CAR, 0.7, 20, 0, 10, 10),
                s2.prediction(CAR, 0.9, 4, 0, 10, 10)).byName("car");
        assertEquals(1, half.fp()[0]);
    }

    /**
     * Two images: car g1 predicted exactly (0.9) in the first, car g2 with no prediction at all in
     * the second. Entries: 0.9 true; one hard FN. s=0.9: p 1, r 1/2; artificial p 1 r 0 ->
     * AP = 1 * (0.5 * 1/2 - 0.5 * 0) + 1 * (0.5 * 1/2) = 1/2.
     */
    @Test
    void anImageWithoutPredictionsCountsItsInstancesAsMissed() {
        Scene a = road().rect(0, 0, 10, 10, 26000);
        Scene b = road().rect(0, 0, 10, 10, 26000);
        InstanceResult r = evaluate(List.of(a, b), List.of(List.of(a.prediction(CAR, 0.9, 0, 0, 10, 10)), List.of()));
        InstanceResult.ClassAp car = r.byName("car");
        assertEquals(1.0 * (0.5 * (1.0 / 2) - 0.5 * 0.0) + 1.0 * (0.5 * (1.0 / 2) - 0.5 * 0.0), car.apPerThreshold()[0]);
        assertEquals(1, car.fn()[0]);
        // a class with ground truth but no prediction anywhere scores 0, not NaN
        InstanceResult none = evaluate(List.of(b), List.of(List.of()));
        assertEquals(0.0, none.byName("car").ap());
    }

    /** A class without ground truth is NaN and left out of the mean, even with predictions. */
    @Test
    void aClassWithoutGroundTruthIsNaN() {
        Scene s = road().rect(0, 0, 10, 10, 26000);
        InstanceResult r = evaluate(s, s.prediction(CAR, 0.9, 0, 0, 10, 10), s.prediction(27, 0.9, 20, 0, 10, 10));
        assertTrue(Double.isNaN(r.byName("truck").ap()));
        assertTrue(Double.isNaN(r.byName("truck").ap50()));
        assertEquals(1.0, r.ap(), "only car counts");
        assertEquals(1.0, r.ap50());
    }

    /**
     * Equal scores form one point of the curve: a TP and an FP with score 0.5 give p 1/2, r 1,
     * then the artificial point p 1/2 r 0: AP = 1/2 * 1/2 + 1/2 * 1/2 = 1/2, in either file order.
     */
    @Test
    void scoreTiesShareOnePoint() {
        Scene s = road().rect(0, 0, 10, 10, 26000);
        ScoredPrediction tp = s.prediction(CAR, 0.5, 0, 0, 10, 10);
        ScoredPrediction fp = s.prediction(CAR, 0.5, 20, 0, 10, 10);
        assertEquals(0.5, evaluate(s, tp, fp).byName("car").apPerThreshold()[0]);
        assertEquals(0.5, evaluate(s, fp, tp).byName("car").apPerThreshold()[0]);
    }

    /**
     * Ground truth and predictions, but no entry at all (the only car is missed and the only
     * prediction lies on void): the official script fails on an empty array; here AP is 0.
     */
    @Test
    void noEntriesAtAllGiveZero() {
        Scene s = road().rect(0, 0, 10, 10, 26000).rect(20, 0, 10, 10, 1);
        assertEquals(0.0, evaluate(s, s.prediction(CAR, 0.9, 20, 0, 10, 10)).byName("car").apPerThreshold()[0]);
    }

    @Test
    void curvePointsAreReportedInAscendingScoreOrder() {
        List<double[]> points = new ArrayList<>();
        List<ScoreCount> entries = List.of(new ScoreCount(0.7, 1, 0), new ScoreCount(0.8, 0, 1), new ScoreCount(0.9, 1, 0));
        double ap = CityscapesAp.ap(entries.iterator(), 2, 1, 1, true, true,
                (i, score, p, r) -> points.add(new double[] {i, score, p, r}));
        assertEquals(4, points.size());
        assertEquals(0.7, points.get(0)[1]);
        assertEquals(2.0 / 3, points.get(0)[2]);
        assertTrue(Double.isNaN(points.get(3)[1]), "artificial point has no score");
        assertEquals(0.0, points.get(3)[3]);
        assertEquals(19.0 / 36, ap, 1e-15);
    }
}
