package org.segpipe.core.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.RgbImage;

/**
 * The cat-max-ratio rule on a scene drawn by hand (64 x 16, label ids):
 * <pre>
 *   x:  0 ............ 47 | 48 49 50 ... 63
 *       0 (unlabeled)     | 26 23 26 ... 23   car and sky in alternating columns
 * </pre>
 * A 16 x 16 crop at offset x (0..48) holds max(0, x - 32) columns of car/sky and the rest
 * unlabeled, which is ignored (train id 255). With cat-max-ratio 0.75 a window is kept when it
 * has two classes, i.e. at least two car/sky columns: x >= 34; each class then has at most
 * ceil(n/2) of n columns, below 0.75 of the counted pixels. Were unlabeled counted, x = 34..36
 * (12..14 unlabeled columns of 16, share >= 0.75) would be refused.
 */
class CropBalanceTest {

    private static DecodedSample scene() {
        byte[] labels = new byte[64 * 16];
        for (int y = 0; y < 16; y++) {
            for (int x = 48; x < 64; x++) {
                labels[y * 64 + x] = (byte) (x % 2 == 0 ? 26 : 23);
            }
        }
        return new DecodedSample("scene", Split.TRAIN, RgbImage.blank(64, 16),
                new ClassMask(64, 16, labels, ClassEncoding.LABEL_IDS), null);
    }

    @Test
    void redrawsUntilTwoClassesShareTheWindow() {
        PipelineAugmenter aug = TestSamples.augmenter("crop(height=16, width=16, cat-max-ratio=0.75)", 7);
        int fallbacks = 0;
        int nearIgnoredEdge = 0;
        for (int epoch = 0; epoch < 300; epoch++) {
            AugmentResult r = aug.augmentWithParams(scene(), epoch);
            int x = (Integer) r.steps().get(0).drawn().get("x");
            int attempts = (Integer) r.steps().get(0).drawn().get("attempts");
            assertTrue(attempts >= 1 && attempts <= 11, "attempts " + attempts + ", seed 7 epoch " + epoch);
            if (attempts < 11) {
                assertTrue(x >= 34, "kept window at x=" + x + " after " + attempts + " draws, seed 7 epoch " + epoch);
                nearIgnoredEdge += x <= 36 ? 1 : 0;
            } else {
                fallbacks++;
            }
        }
        // All 11 draws refused: (34/49)^11 = 1.8% of 300 = 5.4 expected.
        assertTrue(fallbacks < 20, fallbacks + " fallbacks");
        assertTrue(nearIgnoredEdge > 0, "windows at x = 34..36 are kept: unlabeled pixels are not counted");
    }

    @Test
    void withoutTheRuleOneDrawIsKept() {
        PipelineAugmenter aug = TestSamples.augmenter("crop(height=16, width=16)", 7);
        int balanced = 0;
        for (int epoch = 0; epoch < 300; epoch++) {
            AugmentResult r = aug.augmentWithParams(scene(), epoch);
            assertEquals(1, r.steps().get(0).drawn().get("attempts"));
            balanced += (Integer) r.steps().get(0).drawn().get("x") >= 34 ? 1 : 0;
        }
        // 15 of 49 offsets: about 92 of 300.
        assertTrue(balanced > 50 && balanced < 140, balanced + " balanced windows");
    }
}
