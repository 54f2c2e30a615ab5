package org.segpipe.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.segpipe.core.cityscapes.InstanceIds;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.image.RgbImage;

/** Properties of the geometric steps over fixed seeds; every failure names its seed. */
class GeometryPropertyTest {

    private static final String[] GEOMETRIC = {
        "hflip(p=1)",
        "scale(min=0.5, max=2.0)",
        "scale(min=0.7, max=1.4, keep-size=true)",
        "crop(height=40, width=100)",          // larger than some samples on one axis: pads
        "crop(height=24, width=48, cat-max-ratio=0.5)",
        "rotate(max-degrees=30)",
        "translate(max-x=0.2, max-y=0.2)",
    };
    private static final String[] PHOTOMETRIC = {
        "photometric", "brightness", "contrast", "saturation", "hue", "gamma", "noise(max-sigma=20)", "blur(max-sigma=1.5)",
    };

    /** A random pipeline of 1..4 steps drawn from {@code pool} (and photometric ones where allowed). */
    private static String randomPipeline(SplittableRandom r, boolean photometric) {
        List<String> steps = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (photometric && r.nextInt(3) == 0) {
                steps.add(PHOTOMETRIC[r.nextInt(PHOTOMETRIC.length)]);
            } else {
                steps.add(GEOMETRIC[r.nextInt(GEOMETRIC.length)]);
            }
        }
        return String.join("; ", steps);
    }

    /**
     * On a sample whose pixels encode their own coordinates, any chain of geometric steps moves
     * image, labels and instances identically: the instance value names the source pixel the
     * masks took (nearest), the image holds the bilinear coordinate there. Bilinear interpolation
     * reproduces a linear ramp exactly, and masks take the pixel nearest to the very position the
     * image interpolates at, so the image value equals the source index exactly. The label is the
     * source label at that pixel, and image and masks are uncovered (fill) at exactly the same
     * pixels.
     */
    @Test
    void imageAndMasksMoveIdentically() {
        for (long seed = 1; seed <= 60; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            String pipeline = randomPipeline(r, false);
            int width = 64 + r.nextInt(65);
            int height = 32 + r.nextInt(33);
            DecodedSample in = TestSamples.coordinates("k" + seed, width, height);
            PipelineAugmenter aug = TestSamples.augmenter(pipeline, seed);
            for (int epoch = 0; epoch < 3; epoch++) {
                AugmentResult res = aug.augmentWithParams(in, epoch);
                String where = "seed " + seed + ", epoch " + epoch + ", " + width + "x" + height + ", pipeline '" + pipeline
                        + "', drawn " + res.paramsJson();
                checkCoordinates(res.sample(), width, where);
            }
        }
    }

    private static void checkCoordinates(DecodedSample out, int srcWidth, String where) {
        RgbImage img = out.image();
        ClassMask lab = out.labelIds();
        InstanceMask inst = out.instanceIds();
        assertEquals(img.width(), lab.width(), where);
        assertEquals(img.height(), inst.height(), where);
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int rgb = img.rgbAt(x, y);
                int v = inst.at(x, y);
                boolean imageCovered = (rgb & 0xFF) == TestSamples.CONTENT_BLUE;
                if (v == 0) {
                    if (rgb != 0 || lab.at(x, y) != 0) {
                        fail("pixel (" + x + "," + y + ") is fill in the instances but image " + Integer.toHexString(rgb)
                                + ", label " + lab.at(x, y) + "; " + where);
                    }
                    continue;
                }
                int sx = (v - 1) % srcWidth;
                int sy = (v - 1) / srcWidth;
                if (!imageCovered || (rgb >> 16) != sx || ((rgb >> 8) & 0xFF) != sy) {
                    fail("pixel (" + x + "," + y + "): masks took source (" + sx + "," + sy + ") but the image holds ("
                            + (rgb >> 16) + "," + ((rgb >> 8) & 0xFF) + ", blue " + (rgb & 0xFF) + "); " + where);
                }
                if (lab.at(x, y) != TestSamples.labelAt(sx, sy)) {
                    fail("pixel (" + x + "," + y + "): label " + lab.at(x, y) + " but source (" + sx + "," + sy + ") has "
                            + TestSamples.labelAt(sx, sy) + "; " + where);
                }
            }
        }
    }

    /**
     * Masks only ever hold values the input had, or the fill (label 0, instance 0), whatever the
     * pipeline (photometric steps included); instances stay consistent with labels.
     */
    @Test
    void masksHoldOnlyInputValuesOrFill() {
        DecodedSample[] inputs = {TestSamples.synthetic(3, 19, 128, 64), TestSamples.synthetic(4, 20, 96, 48)};
        for (long seed = 100; seed < 140; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            String pipeline = randomPipeline(r, true);
            PipelineAugmenter aug = TestSamples.augmenter(pipeline, seed);
            for (DecodedSample in : inputs) {
                Set<Integer> labels = TestSamples.values(in.labelIds());
                labels.add(0);
                Set<Integer> instances = TestSamples.values(in.instanceIds());
                instances.add(0);
                for (int epoch = 0; epoch < 2; epoch++) {
                    DecodedSample out = aug.augment(in, epoch);
                    String where = "seed " + seed + ", epoch " + epoch + ", pipeline '" + pipeline + "'";
                    Set<Integer> outLabels = TestSamples.values(out.labelIds());
                    assertTrue(labels.containsAll(outLabels), "labels " + outLabels + " not within " + labels + "; " + where);
                    Set<Integer> outInst = TestSamples.values(out.instanceIds());
                    assertTrue(instances.containsAll(outInst), "instances not within the input's; " + where);
                    for (int i = 0; i < out.labelIds().pixels(); i++) {
                        if (InstanceIds.labelId(out.instanceIds().at(i)) != out.labelIds().at(i)) {
                            fail("pixel " + i + ": instance " + out.instanceIds().at(i) + " but label "
                                    + out.labelIds().at(i) + "; " + where);
                        }
                    }
                }
            }
        }
    }

    @Test
    void flipTwiceIsTheIdentity() {
        for (long seed = 1; seed <= 5; seed++) {
            DecodedSample in = TestSamples.synthetic(seed, 19, 96, 48);
            // Once per call: the second call flips the realised output of the first.
            PipelineAugmenter once = TestSamples.augmenter("hflip(p=1)", seed);
            DecodedSample back = once.augment(once.augment(in, 0), 1);
            assertSame(in, back, "flip of flip, seed " + seed);
            DecodedSample flipped = once.augment(in, 0);
            assertTrue(!java.util.Arrays.equals(in.image().rgb(), flipped.image().rgb()), "a flip changes the image");
            // Twice in one pipeline, resampled after each step and composed into one map.
            PipelineAugmenter twice = TestSamples.augmenter("hflip(p=1); hflip(p=1)", seed);
            assertSame(in, twice.unfused().augment(in, 0), "unfused flip;flip, seed " + seed);
            assertSame(in, twice.augment(in, 0), "fused flip;flip, seed " + seed);
        }
    }

    /** Integer moves give the same bytes whether resampled once or after every step. */
    @Test
    void fusedEqualsUnfusedForIntegerMoves() {
        String pipeline = "translate(max-x=0.3, max-y=0.3); hflip(p=0.5); crop(height=40, width=90); hflip(p=0.5); "
                + "crop(height=30, width=100)";
        for (long seed = 1; seed <= 20; seed++) {
            DecodedSample in = TestSamples.synthetic(seed, 21, 96, 48);
            PipelineAugmenter aug = TestSamples.augmenter(pipeline, seed);
            AugmentResult fused = aug.augmentWithParams(in, 0);
            AugmentResult unfused = aug.unfused().augmentWithParams(in, 0);
            assertEquals(fused.paramsJson(), unfused.paramsJson(), "same draws, seed " + seed);
            assertSame(fused.sample(), unfused.sample(), "seed " + seed + ", drawn " + fused.paramsJson());
        }
    }

    /** Scale then crop: one interpolation or two (of a linear ramp) differ by rounding only. */
    @Test
    void fusedScaleIsCloseToUnfused() {
        DecodedSample in = TestSamples.coordinates("ramp", 128, 64);
        PipelineAugmenter aug = TestSamples.augmenter("scale(min=0.6, max=1.8); crop(height=30, width=60); hflip", 5);
        for (int epoch = 0; epoch < 10; epoch++) {
            byte[] a = aug.augment(in, epoch).image().rgb();
            byte[] b = aug.unfused().augment(in, epoch).image().rgb();
            assertEquals(a.length, b.length);
            for (int i = 0; i < a.length; i++) {
                assertTrue(Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)) <= 1, "epoch " + epoch + " byte " + i);
            }
        }
    }

    /** An instance cropped away disappears; the others keep their values. */
    @Test
    void instancesKeepTheirValuesOrDisappear() {
        DecodedSample in = TestSamples.synthetic(8, 19, 128, 64);
        Set<Integer> before = TestSamples.values(in.instanceIds());
        PipelineAugmenter aug = TestSamples.augmenter("crop(height=16, width=16)", 8);
        boolean someDisappeared = false;
        for (int epoch = 0; epoch < 20; epoch++) {
            Set<Integer> after = TestSamples.values(aug.augment(in, epoch).instanceIds());
            assertTrue(before.containsAll(after), "epoch " + epoch);
            someDisappeared |= after.size() < before.size();
        }
        assertTrue(someDisappeared, "a 16x16 crop of a 128x64 scene drops some instances");
    }

    static void assertSame(DecodedSample expected, DecodedSample actual, String where) {
        assertEquals(expected.width(), actual.width(), where);
        assertEquals(expected.height(), actual.height(), where);
        assertArrayEquals(expected.image().rgb(), actual.image().rgb(), "image, " + where);
        assertArrayEquals(expected.labelIds().values(), actual.labelIds().values(), "labels, " + where);
        assertArrayEquals(expected.instanceIds().values(), actual.instanceIds().values(), "instances, " + where);
    }
}
