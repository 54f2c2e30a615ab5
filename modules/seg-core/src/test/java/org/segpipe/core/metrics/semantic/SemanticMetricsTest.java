package org.segpipe.core.metrics.semantic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.metrics.Scene;

class SemanticMetricsTest {

    private static final double AVG_CAR = 12794.0202738185;
    private static final double AVG_PERSON = 3462.4756337644;

    /*
     * 4x3 scene, label ids (instance ids in brackets):
     *
     *   ground truth                      prediction
     *   road  road  road   road           road  road  road   sidewalk
     *   car   car   person person         car   road  person car
     *   [26000 26000 24000 24000]
     *   unl.  unl.  car    sidewalk       car   road  car    sidewalk
     *               [26001]
     *
     * confusion (gt -> pred): road->road 3, road->sidewalk 1, car->car 2, car->road 1,
     * person->person 1, person->car 1, unlabeled->car 1, unlabeled->road 1, sidewalk->sidewalk 1.
     */
    private static SemanticEvaluator.ImageCounts scene() {
        ClassMask gt = Scene.labelMask(4, 3, 7, 7, 7, 7, 26, 26, 24, 24, 0, 0, 26, 8);
        InstanceMask inst = new InstanceMask(4, 3, new short[] {7, 7, 7, 7, (short) 26000, (short) 26000, (short) 24000,
                (short) 24000, 0, 0, (short) 26001, 8});
        ClassMask pred = Scene.labelMask(4, 3, 7, 7, 7, 8, 26, 7, 24, 26, 26, 7, 26, 8);
        return SemanticEvaluator.count(gt, inst, pred);
    }

    @Test
    void classIousFollowTheOfficialDefinitions() {
        SemanticResult r = SemanticMetrics.compute(scene().counts());
        // road: TP 3, FN 1 (as sidewalk), FP 1 (car pixel); the unlabeled pixel predicted road is no FP
        assertEquals(3.0 / (3 + 1 + 1), r.byName("road").iou());
        assertEquals(1.0 / (1 + 1 + 0), r.byName("sidewalk").iou());
        // car: TP 2, FN 1, FP 1 (person pixel); the unlabeled pixel predicted car is no FP
        assertEquals(2.0 / (2 + 1 + 1), r.byName("car").iou());
        assertEquals(1.0 / (1 + 0 + 1), r.byName("person").iou());
        assertEquals(2.0 * 2 / (2 * 2 + 1 + 1), r.byName("car").dice());
        assertEquals(2.0 / (2 + 1), r.byName("car").accuracy());
        // classes without ground truth and without predictions are NaN and left out of the mean
        assertTrue(Double.isNaN(r.byName("sky").iou()));
        assertEquals(((((3.0 / 5) + 1.0 / 2) + 1.0 / 2) + 2.0 / 4) / 4, r.miou());
        // ten pixels with evaluated ground truth, seven right
        assertEquals(7.0 / 10, r.pixelAccuracy());
        assertEquals(10, r.evaluatedPixels());
    }

    @Test
    void instanceIouWeighsEachInstanceByTheAverageSize() {
        SemanticResult r = SemanticMetrics.compute(scene().counts());
        // car 26000: 2 px, 1 TP 1 FN, weight avg/2; car 26001: 1 px, 1 TP, weight avg/1; FP 1 unweighted
        double tpW = 1 * (AVG_CAR / 2) + 1 * (AVG_CAR / 1);
        double fnW = 1 * (AVG_CAR / 2);
        double car = tpW / (tpW + 1 + fnW);
        assertEquals(car, r.byName("car").iiou());
        // person 24000: 2 px, 1 TP 1 FN, weight avg/2, no FP
        double person = (AVG_PERSON / 2) / (AVG_PERSON / 2 + 0 + AVG_PERSON / 2);
        assertEquals(person, r.byName("person").iiou());
        assertTrue(Double.isNaN(r.byName("road").iiou()), "stuff has no iIoU");
        assertEquals((person + car) / 2, r.iiou());
    }

    @Test
    void categoriesFollowTheOfficialDefinitions() {
        SemanticResult r = SemanticMetrics.compute(scene().counts());
        // flat = road + sidewalk: TP 3+1+0+1, FN 0, FP 1 (car predicted road)
        assertEquals(5.0 / (5 + 1), r.category("flat").iou());
        // human: TP 1, FN 1, FP 0
        assertEquals(1.0 / 2, r.category("human").iou());
        // vehicle: TP 2, FN 1 (car predicted road), FP 1 (person predicted car)
        assertEquals(2.0 / 4, r.category("vehicle").iou());
        assertTrue(Double.isNaN(r.category("void").iou()));
        assertTrue(Double.isNaN(r.category("sky").iou()));
        assertEquals(((5.0 / 6) + 1.0 / 2 + 2.0 / 4) / 3, r.miouCategories());
        // instance-level categories: same instances as their classes here
        assertEquals(r.byName("person").iiou(), r.category("human").iiou());
        assertEquals(r.byName("car").iiou(), r.category("vehicle").iiou());
        assertTrue(Double.isNaN(r.category("flat").iiou()));
    }

    @Test
    void aClassWithoutGroundTruthButWithFalsePositivesScoresZero() {
        // 2x1: road, road predicted as road, sky. sky has no ground truth: TP 0, FP 1 -> IoU 0 (kept in the mean)
        ClassMask gt = Scene.labelMask(2, 1, 7, 7);
        ClassMask pred = Scene.labelMask(2, 1, 7, 23);
        SemanticResult r = SemanticMetrics.compute(SemanticEvaluator.count(gt, null, pred).counts());
        assertEquals(0.0, r.byName("sky").iou());
        assertEquals(1.0 / 2, r.byName("road").iou());
        assertEquals((1.0 / 2 + 0.0) / 2, r.miou());
        assertTrue(Double.isNaN(r.byName("sky").accuracy()), "no ground truth: accuracy undefined");
        assertEquals(1.0 / 2, r.meanClassAccuracy());
        assertTrue(Double.isNaN(r.iiou()), "no instance classes at all");
    }

    @Test
    void unknownPredictedIdsCountAsUnlabeledAndAreReported() {
        ClassMask gt = Scene.labelMask(3, 1, 7, 7, 7);
        ClassMask pred = Scene.labelMask(3, 1, 7, 200, 200);
        SemanticEvaluator.ImageCounts c = SemanticEvaluator.count(gt, null, pred);
        assertArrayEquals(new int[] {200}, c.unknownPredictedIds());
        assertEquals(2, c.unknownPredictedPx());
        assertEquals(2, c.counts().cell(7, 0));
        assertEquals(1.0 / 3, SemanticMetrics.compute(c.counts()).byName("road").iou());
    }

    @Test
    void badInputIsRefusedWithAReason() {
        ClassMask gt = Scene.labelMask(2, 1, 7, 40);
        var e = assertThrows(IllegalArgumentException.class, () -> SemanticEvaluator.count(gt, null, Scene.labelMask(2, 1, 7, 7)));
        assertTrue(e.getMessage().contains("[40]"), e.getMessage());
        var size = assertThrows(IllegalArgumentException.class,
                () -> SemanticEvaluator.count(Scene.labelMask(2, 1, 7, 7), null, Scene.labelMask(1, 2, 7, 7)));
        assertTrue(size.getMessage().contains("prediction is 1x2 but the ground truth is 2x1"), size.getMessage());
        ClassMask train = new ClassMask(2, 1, new byte[] {0, 0}, ClassEncoding.TRAIN_IDS);
        assertThrows(IllegalArgumentException.class, () -> SemanticEvaluator.count(Scene.labelMask(2, 1, 7, 7), null, train));
    }

    /** Random images: merging per-image counts in any order and grouping gives identical totals and scores. */
    @Test
    void mergeLawsHold() {
        for (long seed : new long[] {1, 2, 3}) {
            SplittableRandom rnd = new SplittableRandom(seed);
            List<SemanticCounts> images = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                images.add(randomImage(rnd, 16, 8));
            }
            SemanticCounts sequential = SemanticCounts.zero();
            for (SemanticCounts c : images) {
                sequential = SemanticCounts.merge(sequential, c);
            }
            List<SemanticCounts> shuffled = new ArrayList<>(images);
            Collections.shuffle(shuffled, new java.util.Random(seed));
            SemanticCounts tree = tree(shuffled, 0, shuffled.size());
            assertTrue(sequential.sameAs(tree), "seed " + seed);
            assertTrue(SemanticCounts.merge(SemanticCounts.zero(), images.get(0)).sameAs(images.get(0)), "zero is identity");
            assertEquals(SemanticMetrics.compute(sequential), SemanticMetrics.compute(tree), "seed " + seed);
        }
    }

    private static SemanticCounts tree(List<SemanticCounts> xs, int from, int to) {
        if (to - from == 1) {
            return xs.get(from);
        }
        int mid = (from + to) / 2;
        return SemanticCounts.merge(tree(xs, from, mid), tree(xs, mid, to));
    }

    private static SemanticCounts randomImage(SplittableRandom rnd, int w, int h) {
        int[] ids = {0, 7, 8, 11, 21, 23, 24, 26, 33};
        byte[] g = new byte[w * h];
        byte[] p = new byte[w * h];
        short[] inst = new short[w * h];
        for (int i = 0; i < g.length; i++) {
            int gid = ids[rnd.nextInt(ids.length)];
            g[i] = (byte) gid;
            boolean thing = gid == 24 || gid == 26 || gid == 33;
            inst[i] = (short) (thing ? gid * 1000 + rnd.nextInt(3) : gid);
            p[i] = (byte) (rnd.nextInt(4) == 0 ? ids[rnd.nextInt(ids.length)] : gid);
        }
        return SemanticEvaluator.count(new ClassMask(w, h, g, ClassEncoding.LABEL_IDS), new InstanceMask(w, h, inst),
                new ClassMask(w, h, p, ClassEncoding.LABEL_IDS)).counts();
    }
}
