package org.segpipe.core.metrics.coco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.metrics.NumpyMath;
import org.segpipe.core.metrics.Scene;
import org.segpipe.core.metrics.instance.ScoredPrediction;

/**
 * Hand-derived COCOeval cases on 40x20 px road scenes (car = category 26). A detection that is
 * the only one and a TP has precision 1/(1 + eps), eps = np.spacing(1), as in pycocotools.
 */
class CocoEvalTest {

    private static final int CAR = 26;
    private static final double EPS = Math.ulp(1.0);
    private static final double ONE = 1 / (1 + EPS);

    private static CocoResult evaluate(List<Scene> scenes, List<List<ScoredPrediction>> predictions) {
        CocoCounts total = CocoCounts.zero();
        for (int i = 0; i < scenes.size(); i++) {
            SampleKey key = new SampleKey("city" + (char) ('a' + i), 0, i);
            total = CocoCounts.merge(total, CocoCounts.of(CocoImageEvaluator.evaluate(key, scenes.get(i).groundTruth(),
                    predictions.get(i))));
        }
        return CocoMetrics.compute(total);
    }

    private static CocoResult evaluate(Scene s, ScoredPrediction... p) {
        return evaluate(List.of(s), List.of(List.of(p)));
    }

    private static Scene road() {
        return new Scene(40, 20, 7);
    }

    /** The mean of {@code n} copies of v followed by {@code zeros} zeros, as numpy adds them. */
    private static double mean(double v, int n, int zeros) {
        double[] a = new double[n + zeros];
        Arrays.fill(a, 0, n, v);
        return NumpyMath.mean(a);
    }

    /**
     * 50 px inside a 100 px car: IoU 0.5 matches at 0.5 (>=) and nowhere else. At 0.5 every
     * recall point has precision 1/(1+eps); at the other 9 thresholds 0.
     */
    @Test
    void iouAtTheThresholdMatches() {
        Scene s = road().rect(0, 0, 10, 10, 26000);
        CocoResult r = evaluate(s, s.prediction(CAR, 0.9, 0, 0, 5, 10));
        assertEquals(mean(ONE, 101, 0), r.ap50());
        assertEquals(mean(ONE, 101, 9 * 101), r.ap());
        assertEquals(0.0, r.ap75());
        assertEquals(1, r.byName("car").tp()[0]);
        assertEquals(0, r.byName("car").tp()[1]);
        assertEquals(1, r.byName("car").fp()[1]);
        assertEquals(1, r.byName("car").fn()[1]);
        // AR100: recall 1 at 0.5, 0 elsewhere
        assertEquals(mean(1.0, 1, 9), r.ar100());
    }

    /** IoU 0.6 (60 px on 100) reaches the third threshold, which is exactly 0.6 in linspace. */
    @Test
    void linspaceThresholdsAreExact() {
        Scene s = road().rect(0, 0, 10, 10, 26000);
        CocoResult.ClassCoco car = evaluate(s, s.prediction(CAR, 0.9, 0, 0, 6, 10)).byName("car");
        assertEquals(1, car.tp()[2]);
        assertEquals(0, car.tp()[3]);
    }

    /**
     * A cargroup (crowd, 100 px) and a car (100 px, detected exactly with score 0.5). Detection q
     * (score 0.9) covers 60 px of the group and 40 px of road: against a crowd region
     * IoU = intersection / detection area = 60/100 = 0.6 (not 60/140), so q is ignored at 0.5,
     * 0.55 and 0.6 and an FP from 0.65. With q ignored AP is 1/(1+eps); as an FP ranked first:
     * rc [0, 1], pr [0, 1/(2+eps)] -> 1/2 at every recall point.
     */
    @Test
    void crowdRegionsUseIntersectionOverDetectionArea() {
        Scene s = road().rect(0, 0, 10, 10, 26000).rect(20, 0, 10, 10, 26);
        CocoResult r = evaluate(s, s.prediction(CAR, 0.5, 0, 0, 10, 10), s.prediction(CAR, 0.9, 24, 0, 10, 10));
        CocoResult.ClassCoco car = r.byName("car");
        for (int t = 0; t < 3; t++) {
            assertEquals(0, car.fp()[t], "ignored at threshold " + t);
        }
        for (int t = 3; t < 10; t++) {
            assertEquals(1, car.fp()[t], "FP at threshold " + t);
        }
        assertEquals(1, car.gtObjects(), "the crowd region is not counted");
        double half = 1 / (2 + EPS);
        double[] all = new double[1010];
        Arrays.fill(all, 0, 303, ONE);
        Arrays.fill(all, 303, 1010, half);
        assertEquals(NumpyMath.mean(all), r.ap());
    }

    /**
     * Two detections on the same car: the higher score is the TP, the other an FP (a matched
     * non-crowd object cannot match again): rc [1, 1], pr [1/(1+eps), 1/(2+eps)] -> AP 1/(1+eps).
     */
    @Test
    void duplicatesAreFalsePositives() {
        Scene s = road().rect(0, 0, 10, 10, 26000);
        CocoResult r = evaluate(s, s.prediction(CAR, 0.6, 0, 0, 10, 10), s.prediction(CAR, 0.9, 0, 0, 10, 10));
        assertEquals(1, r.byName("car").tp()[0]);
        assertEquals(1, r.byName("car").fp()[0]);
        assertEquals(mean(ONE, 1010, 0), r.ap());
    }

    /**
     * An FP (score 0.9) ranked before the TP (0.8): with maxDets 1 only the FP counts (recall 0),
     * with 10 both (recall 1). AP: rc [0, 1], pr [0, 1/(2+eps)] -> 1/(2+eps) at every point.
     */
    @Test
    void maxDetsTruncatesPerImageAndCategory() {
        Scene s = road().rect(0, 0, 10, 10, 26000);
        CocoResult r = evaluate(s, s.prediction(CAR, 0.9, 20, 0, 10, 10), s.prediction(CAR, 0.8, 0, 0, 10, 10));
        assertEquals(0.0, r.ar1());
        assertEquals(1.0, r.ar10());
        assertEquals(1.0, r.ar100());
        assertEquals(mean(1 / (2 + EPS), 1010, 0), r.ap());
    }

    /** 100 single-pixel FPs with higher scores push the TP (score 0.001) to rank 101: it is dropped. */
    @Test
    void only100DetectionsPerImageAndCategoryAreKept() {
        Scene s = new Scene(40, 20, 7).rect(0, 0, 10, 10, 26000);
        List<ScoredPrediction> preds = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            preds.add(s.prediction(CAR, 0.5 + i / 1000.0, 12 + i % 25, 10 + i / 25, 1, 1));
        }
        preds.add(s.prediction(CAR, 0.001, 0, 0, 10, 10));
        CocoResult r = evaluate(List.of(s), List.of(preds));
        assertEquals(0.0, r.ar100());
        assertEquals(0.0, r.ap());
        assertEquals(100, r.byName("car").fp()[0]);
        preds.remove(0);
        CocoResult kept = evaluate(List.of(s), List.of(preds));
        assertEquals(1.0, kept.ar100(), "with 99 FPs the TP is the 100th detection");
    }

    /**
     * Equal scores keep the results-file order (stable sort): FP listed first gives
     * rc [0, 1], pr [0, 1/(2+eps)] -> AP 1/(2+eps); TP listed first gives pr [1/(1+eps), 1/(2+eps)]
     * -> AP 1/(1+eps).
     */
    @Test
    void scoreTiesKeepFileOrder() {
        Scene s = road().rect(0, 0, 10, 10, 26000);
        ScoredPrediction tp = s.prediction(CAR, 0.5, 0, 0, 10, 10);
        ScoredPrediction fp = s.prediction(CAR, 0.5, 20, 0, 10, 10);
        assertEquals(mean(1 / (2 + EPS), 1010, 0), evaluate(s, fp, tp).ap());
        assertEquals(mean(ONE, 1010, 0), evaluate(s, tp, fp).ap());
    }

    /**
     * Across images equal scores go in image order: image a's FP before image b's TP.
     * Two cars in all (one per image): rc [0, 1/2], pr [0, 1/(2+eps)] -> 1/(2+eps) up to recall
     * 0.5 (51 points), 0 above. Swapping which image holds the TP gives pr [1/(1+eps), 1/(2+eps)].
     */
    @Test
    void scoreTiesAcrossImagesGoInImageOrder() {
        Scene a = road().rect(0, 0, 10, 10, 26000);
        Scene b = road().rect(0, 0, 10, 10, 26000);
        CocoResult fpFirst = evaluate(List.of(a, b), List.of(List.of(a.prediction(CAR, 0.5, 20, 0, 10, 10)),
                List.of(b.prediction(CAR, 0.5, 0, 0, 10, 10))));
        assertEquals(mean(1 / (2 + EPS), 51, 50), fpFirst.ap50());
        CocoResult tpFirst = evaluate(List.of(a, b), List.of(List.of(a.prediction(CAR, 0.5, 0, 0, 10, 10)),
                List.of(b.prediction(CAR, 0.5, 20, 0, 10, 10))));
        assertEquals(mean(ONE, 51, 50), tpFirst.ap50());
    }

    /**
     * A 30x30 car (900 px, small) and a 40x40 one (1600 px, medium), both detected exactly. In the
     * small range the medium car and its detection are ignored, and vice versa; no large objects.
     */
    @Test
    void areaRangesIgnoreObjectsOutsideThem() {
        Scene s = new Scene(100, 50, 7).rect(0, 0, 30, 30, 26000).rect(50, 0, 40, 40, 26001);
        CocoResult r = evaluate(s, s.prediction(CAR, 0.9, 0, 0, 30, 30), s.prediction(CAR, 0.8, 50, 0, 40, 40));
        assertEquals(mean(ONE, 1010, 0), r.apSmall());
        assertEquals(mean(ONE, 1010, 0), r.apMedium());
        assertTrue(Double.isNaN(r.apLarge()), "no large objects: pycocotools prints -1");
        assertEquals(1.0, r.arSmall());
    }

    /** A class without ground truth has no precision (-1 in pycocotools) and stays out of the mean. */
    @Test
    void aCategoryWithoutGroundTruthIsLeftOut() {
        Scene s = road().rect(0, 0, 10, 10, 26000);
        CocoResult r = evaluate(s, s.prediction(CAR, 0.9, 0, 0, 10, 10), s.prediction(27, 0.9, 20, 0, 10, 10));
        assertTrue(Double.isNaN(r.byName("truck").ap()));
        assertEquals(mean(ONE, 1010, 0), r.ap());
    }

    /** An image with no detections still counts its objects. */
    @Test
    void anImageWithoutDetectionsCountsItsObjects() {
        Scene a = road().rect(0, 0, 10, 10, 26000);
        Scene b = road().rect(0, 0, 10, 10, 26000);
        CocoResult r = evaluate(List.of(a, b), List.of(List.of(a.prediction(CAR, 0.9, 0, 0, 10, 10)), List.of()));
        assertEquals(mean(0.5, 10, 0), r.ar100());
        assertEquals(1, r.byName("car").fn()[0]);
    }
}
