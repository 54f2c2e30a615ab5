package org.segpipe.core.metrics.saliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SaliencyMeasuresTest {

    private static final double TOL = 1e-12;

    /** The enhanced-alignment value of one part: ((2ab / (a^2 + b^2)) + 1)^2 / 4. */
    private static double q(double a, double b) {
        double align = 2 * a * b / (a * a + b * b);
        return (align + 1) * (align + 1) / 4;
    }

    private static double fBeta(double p, double r) {
        return 1.3 * p * r / (0.3 * p + r);
    }

    /*
     * 4x4, gt (X = 255, . = 0)     pred (values 255 / 0)
     *   X X . .                      X X . .
     *   X X . .                      X . . .
     *   . . . .                      . . . .
     *   . . . .                      . . . .
     * one missed object pixel, no false positive.
     */
    private static final GreyMap GT_2X2 = GreyMap.of(4, 4, 255, 255, 0, 0, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    private static final GreyMap PRED_MISS_ONE = GreyMap.of(4, 4, 255, 255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0);

    @Test
    void maeCountsTheMissedPixel() {
        SaliencyImageScores s = SaliencyMeasures.score(PRED_MISS_ONE, GT_2X2);
        assertEquals(1.0 / 16, s.mae(), TOL);
    }

    @Test
    void precisionRecallAndFPerThreshold() {
        SaliencyImageScores s = SaliencyMeasures.score(PRED_MISS_ONE, GT_2X2);
        // t = 0: every pixel positive, TP = 4 of 16
        assertEquals(4.0 / 16, s.precision()[0], TOL);
        assertEquals(1.0, s.recall()[0], TOL);
        assertEquals(fBeta(4.0 / 16, 1.0), s.f()[0], TOL);
        // t = 1..255: the three 255 pixels, all on the object
        for (int t = 1; t < 256; t++) {
            assertEquals(1.0, s.precision()[t], TOL, "t=" + t);
            assertEquals(3.0 / 4, s.recall()[t], TOL, "t=" + t);
            assertEquals(fBeta(1.0, 3.0 / 4), s.f()[t], TOL, "t=" + t);
        }
        assertEquals(fBeta(1.0, 3.0 / 4), s.maxF(), TOL);
        assertEquals((fBeta(4.0 / 16, 1.0) + 255 * fBeta(1.0, 3.0 / 4)) / 256, s.meanF(), TOL);
        // adaptive threshold 2 * 3/16 = 0.375: the same three pixels
        assertEquals(fBeta(1.0, 3.0 / 4), s.adaptiveF(), TOL);
    }

    @Test
    void eMeasurePerThresholdAndAdaptive() {
        SaliencyImageScores s = SaliencyMeasures.score(PRED_MISS_ONE, GT_2X2);
        // t >= 1: 3 predicted (all on gt), gt 4 of 16; parts fg/fg 3, fg/bg 0, bg/fg 1, bg/bg 12
        double mp = 3.0 / 16;
        double mg = 4.0 / 16;
        double e1 = (3 * q(1 - mp, 1 - mg) + 1 * q(-mp, 1 - mg) + 12 * q(-mp, -mg)) / 15;
        // t = 0: all predicted, the prediction's demeaned value is 0 everywhere: each part 1/4
        double e0 = 16 * (1.0 / 4) / 15;
        assertEquals(e0, s.e()[0], TOL);
        for (int t = 1; t < 256; t++) {
            assertEquals(e1, s.e()[t], TOL, "t=" + t);
        }
        assertEquals(e1, s.adaptiveE(), TOL);
        assertEquals(Math.max(e0, e1), s.maxE(), TOL);
        assertEquals((e0 + 255 * e1) / 256, s.meanE(), TOL);
    }

    /*
     * 4x4, gt: 3x3 object top-left        pred: the object minus its corner
     *   X X X .                              . X X .
     *   X X X .                              X X X .
     *   X X X .                              X X X .
     *   . . . .                              . . . .
     * centroid (1, 1) -> split at (2, 2): four 2x2 quadrants.
     */
    private static final GreyMap GT_3X3 = GreyMap.of(4, 4, 255, 255, 255, 0, 255, 255, 255, 0, 255, 255, 255, 0, 0, 0,
            0, 0);
    private static final GreyMap PRED_NO_CORNER = GreyMap.of(4, 4, 0, 255, 255, 0, 255, 255, 255, 0, 255, 255, 255, 0,
            0, 0, 0, 0);

    @Test
    void sMeasureObjectAndRegionParts() {
        SaliencyImageScores s = SaliencyMeasures.score(PRED_NO_CORNER, GT_3X3);
        // object: fg values eight 1s and one 0: mean 8/9, sample std sqrt((8/81 + 64/81) / 8) = 1/3;
        // bg values (1 - pred) all 1: mean 1, std 0
        double sFg = 2 * (8.0 / 9) / ((8.0 / 9) * (8.0 / 9) + 1 + 1.0 / 3);
        double sBg = 2 * 1.0 / (1 + 1 + 0);
        double object = sFg * 9 / 16 + sBg * 7 / 16;
        // region: top-left quadrant pred {0,1,1,1} on constant gt -> sigma_xy = 0, beta > 0 -> 0;
        // the other three quadrants equal the gt (mixed) -> 1; each weight 4/16
        double region = 0 * 4.0 / 16 + 1 * 4.0 / 16 + 1 * 4.0 / 16 + 1 * 4.0 / 16;
        assertEquals(0.5 * object + 0.5 * region, s.s(), TOL);
    }

    @Test
    void perfectPredictionScoresOne() {
        SaliencyImageScores s = SaliencyMeasures.score(GT_3X3, GT_3X3);
        assertEquals(0.0, s.mae(), 0.0);
        assertEquals(1.0, s.s(), TOL);
        assertEquals(1.0, s.weightedF(), TOL);
        assertEquals(1.0, s.maxF(), TOL);
        assertEquals(1.0, s.adaptiveF(), TOL);
        // every part aligned: 9 fg/fg and 7 bg/bg values of 1, over 16 - 1
        assertEquals(16.0 / 15, s.adaptiveE(), TOL);
    }

    @Test
    void sMeasureIsZeroWhereTheReferenceMakesNan() {
        // GT_2X2: centroid (0.5, 0.5) rounds half to even to (0, 0) -> split at (1, 1): the top-left
        // quadrant has one pixel, its sample variance is 0/0 = NaN, and max(0, NaN) = 0
        SaliencyImageScores s = SaliencyMeasures.score(PRED_MISS_ONE, GT_2X2);
        assertEquals(0.0, s.s(), 0.0);
    }

    @Test
    void weightedFWeighsABackgroundErrorByItsDistance() {
        // GT_2X2 and a false positive at (3, 3); its nearest object pixel is (1, 1), distance sqrt(8).
        // Errors carried to the background from the object are 0, so the smoothed error is 0.
        GreyMap pred = GreyMap.of(4, 4, 255, 255, 0, 0, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255);
        double fpw = 1 * (2 - Math.exp(Math.log(0.5) / 5 * Math.sqrt(8)));
        double tpw = 4;
        double r = 1;
        double p = tpw / (tpw + fpw);
        assertEquals(2 * r * p / (r + p), SaliencyMeasures.score(pred, GT_2X2).weightedF(), TOL);
    }

    @Test
    void weightedFKeepsTheSmoothedErrorInsideTheObject() {
        // full gt, the prediction misses pixel (0, 0): E = 1 there and 0 elsewhere; the Gaussian
        // (7x7, sigma 5, zero padding) gives EA(0,0) = K(centre) < 1, and EA > E = 0 elsewhere
        GreyMap gt = GreyMap.of(4, 4, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255);
        GreyMap pred = GreyMap.of(4, 4, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255);
        double sum = 0;
        for (int y = -3; y <= 3; y++) {
            for (int x = -3; x <= 3; x++) {
                sum += Math.exp(-(x * x + y * y) / 50.0);
            }
        }
        double kCentre = 1 / sum;
        double r = 1 - kCentre / 16;
        double p = 1; // no background, TPw / (TPw + 0)
        assertEquals(2 * r * p / (r + p), SaliencyMeasures.score(pred, gt).weightedF(), TOL);
    }

    @Test
    void emptyGroundTruth() {
        // gt all 0; pred: four 255 pixels, twelve 0
        GreyMap gt = GreyMap.of(4, 4, new int[16]);
        SaliencyImageScores s = SaliencyMeasures.score(GT_2X2, gt);
        assertEquals(4.0 / 16, s.mae(), TOL);
        assertEquals(0.0, s.weightedF(), 0.0);
        assertEquals(0.0, s.adaptiveF(), 0.0);
        assertEquals(0.0, s.maxF(), 0.0); // recall 0 at every threshold
        assertEquals(1 - 4.0 / 16, s.s(), TOL);
        // E = predicted negatives / (16 - 1): 0 at t = 0, 12 above
        assertEquals(0.0, s.e()[0], TOL);
        assertEquals(12.0 / 15, s.e()[1], TOL);
        assertEquals(12.0 / 15, s.adaptiveE(), TOL);
    }

    @Test
    void fullGroundTruth() {
        GreyMap gt = GreyMap.of(4, 4, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255);
        SaliencyImageScores s = SaliencyMeasures.score(GT_2X2, gt);
        assertEquals(12.0 / 16, s.mae(), TOL);
        assertEquals(4.0 / 16, s.s(), TOL); // mean(pred)
        // E = predicted positives / 15: 16 at t = 0, 4 above
        assertEquals(16.0 / 15, s.e()[0], TOL);
        assertEquals(4.0 / 15, s.e()[255], TOL);
        assertEquals(1.0, s.precision()[255], TOL);
        assertEquals(4.0 / 16, s.recall()[255], TOL);
    }

    @Test
    void constantPredictionIsNotRescaled() {
        // pred all 0 (constant: no min-max), gt the 3x3 object
        GreyMap pred = GreyMap.of(4, 4, new int[16]);
        SaliencyImageScores s = SaliencyMeasures.score(pred, GT_3X3);
        assertEquals(9.0 / 16, s.mae(), TOL);
        // t = 0 takes everything, higher thresholds nothing (precision 0 by convention)
        assertEquals(fBeta(9.0 / 16, 1), s.f()[0], TOL);
        assertEquals(0.0, s.precision()[1], 0.0);
        assertEquals(0.0, s.f()[1], 0.0);
        // adaptive threshold min(2 * 0, 1) = 0: every pixel positive
        assertEquals(fBeta(9.0 / 16, 1), s.adaptiveF(), TOL);
        // S: object = 0 * 9/16 + 1 * 7/16; region: the all-object quadrant scores 1 (alpha = beta
        // = 0), the three mixed ones 0
        assertEquals(0.5 * (7.0 / 16) + 0.5 * (1 * 4.0 / 16), s.s(), TOL);
        // E: the prediction's demeaned value is 0 at every threshold: 16 parts of 1/4
        for (int t = 0; t < 256; t++) {
            assertEquals(4.0 / 15, s.e()[t], TOL, "t=" + t);
        }
        assertEquals(4.0 / 15, s.adaptiveE(), TOL);
    }

    @Test
    void constantWhitePredictionKeepsItsValue() {
        // pred all 255: p = 1 everywhere (constant, so no min-max); gt the 3x3 object
        GreyMap pred = GreyMap.of(4, 4, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255);
        SaliencyImageScores s = SaliencyMeasures.score(pred, GT_3X3);
        assertEquals(7.0 / 16, s.mae(), TOL);
        for (int t = 0; t < 256; t++) {
            assertEquals(9.0 / 16, s.precision()[t], TOL, "t=" + t);
            assertEquals(1.0, s.recall()[t], TOL, "t=" + t);
            assertEquals(4.0 / 15, s.e()[t], TOL, "t=" + t);
        }
        // adaptive threshold min(2 * 1, 1) = 1: every pixel positive
        assertEquals(fBeta(9.0 / 16, 1), s.adaptiveF(), TOL);
        // S: object = 1 * 9/16 + 0 * 7/16 (the background sees 1 - 1 = 0); region: the all-object
        // quadrant 1 (alpha = beta = 0), the mixed ones 0 (alpha = 0, beta > 0)
        assertEquals(0.5 * (9.0 / 16) + 0.5 * (4.0 / 16), s.s(), TOL);
    }

    @Test
    void constantMidGreyIsNotRescaled() {
        GreyMap pred = GreyMap.of(4, 4, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128);
        SaliencyImageScores s = SaliencyMeasures.score(pred, GT_2X2);
        assertEquals((4 * (1 - 128 / 255.0) + 12 * (128 / 255.0)) / 16, s.mae(), TOL);
    }

    @Test
    void totalsMergeInAnyOrderAndAverage() {
        SplittableRandom rnd = new SplittableRandom(7);
        SaliencyImageScores[] scores = new SaliencyImageScores[6];
        for (int k = 0; k < scores.length; k++) {
            int[] p = new int[64];
            int[] g = new int[64];
            for (int i = 0; i < 64; i++) {
                p[i] = rnd.nextInt(256);
                g[i] = rnd.nextInt(3) == 0 ? 255 : 0;
            }
            scores[k] = SaliencyMeasures.score(GreyMap.of(8, 8, p), GreyMap.of(8, 8, g));
        }
        SaliencyTotals forward = SaliencyTotals.zero();
        for (SaliencyImageScores s : scores) {
            forward = SaliencyTotals.merge(forward, SaliencyTotals.of(s));
        }
        SaliencyTotals grouped = SaliencyTotals.merge(
                SaliencyTotals.merge(SaliencyTotals.of(scores[5]), SaliencyTotals.of(scores[2])),
                SaliencyTotals.merge(SaliencyTotals.merge(SaliencyTotals.of(scores[0]), SaliencyTotals.of(scores[4])),
                        SaliencyTotals.merge(SaliencyTotals.of(scores[3]), SaliencyTotals.of(scores[1]))));
        assertTrue(forward.sameAs(grouped), "seed 7");
        assertTrue(SaliencyTotals.merge(forward, SaliencyTotals.zero()).sameAs(forward));
        SaliencyResult r = SaliencyResult.of(forward);
        double mae = 0;
        double[] fCurve = new double[256];
        for (SaliencyImageScores s : scores) {
            mae += s.mae() / scores.length;
            for (int t = 0; t < 256; t++) {
                fCurve[t] += s.f()[t] / scores.length;
            }
        }
        assertEquals(mae, r.mae(), 1e-12);
        assertEquals(SaliencyImageScores.max(fCurve), r.maxF(), 1e-12);
        assertEquals(6, r.images());
        assertTrue(r.summaryJson().startsWith("{\"images\": 6, \"MAE\": "), r.summaryJson());
    }
}
