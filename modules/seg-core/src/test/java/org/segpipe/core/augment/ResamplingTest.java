package org.segpipe.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.image.RgbImage;

/** Geometric steps on tiny samples, worked out by hand. */
class ResamplingTest {

    /** A 1-row sample: red values, label ids and instance values per column. */
    private static DecodedSample row(int[] red, int[] labels, int[] instances, ClassEncoding encoding) {
        int w = red.length;
        RgbImage img = RgbImage.blank(w, 1);
        byte[] lab = new byte[w];
        short[] inst = new short[w];
        for (int x = 0; x < w; x++) {
            img.set(x, 0, red[x] << 16 | 9);
            lab[x] = (byte) labels[x];
            inst[x] = (short) instances[x];
        }
        return new DecodedSample("row", Split.TRAIN, img, new ClassMask(w, 1, lab, encoding), new InstanceMask(w, 1, inst));
    }

    private static int[] red(RgbImage img, int y) {
        int[] out = new int[img.width()];
        for (int x = 0; x < out.length; x++) {
            out[x] = img.rgbAt(x, y) >> 16;
        }
        return out;
    }

    private static int[] labels(ClassMask m, int y) {
        int[] out = new int[m.width()];
        for (int x = 0; x < out.length; x++) {
            out[x] = m.at(x, y);
        }
        return out;
    }

    /**
     * Scaling [0, 200] by exactly 2: output x maps to (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75,
     * 1.25 (OpenCV's convention). Bilinear, clamped at the edges: 0, 0.75*0 + 0.25*200 = 50, 150,
     * 200. Nearest: pixels 0, 0, 1, 1.
     */
    @Test
    void upscalingByTwoMatchesOpenCv() {
        DecodedSample in = row(new int[] {0, 200}, new int[] {7, 8}, new int[] {26000, 26001}, ClassEncoding.LABEL_IDS);
        DecodedSample out = TestSamples.augmenter("scale(min=2, max=2)", 1).augment(in, 0);
        assertEquals(4, out.width());
        assertEquals(2, out.height());
        for (int y = 0; y < 2; y++) {
            assertArrayEquals(new int[] {0, 50, 150, 200}, red(out.image(), y));
            assertArrayEquals(new int[] {7, 7, 8, 8}, labels(out.labelIds(), y));
        }
        assertEquals(26001, out.instanceIds().at(3, 1));
        assertEquals(9, out.image().rgbAt(2, 1) & 0xFF, "blue 9 everywhere: a constant stays constant");
    }

    /**
     * Halving [10, 20, 30, 50]: output x maps to 2x + 0.5: 0.5 and 2.5, exactly between two
     * pixels: bilinear 15 and 40; nearest takes the upper neighbour (ties up): pixels 1 and 3.
     */
    @Test
    void downscalingTiesGoUpInBothPlanes() {
        DecodedSample in = row(new int[] {10, 20, 30, 50}, new int[] {7, 8, 11, 21}, new int[] {7, 8, 11, 21},
                ClassEncoding.LABEL_IDS);
        DecodedSample out = TestSamples.augmenter("scale(min=0.5, max=0.5)", 1).augment(in, 0);
        assertArrayEquals(new int[] {15, 40}, red(out.image(), 0));
        assertArrayEquals(new int[] {8, 21}, labels(out.labelIds(), 0));
    }

    @Test
    void flipMirrorsEveryPlane() {
        DecodedSample in = row(new int[] {1, 2, 3}, new int[] {7, 8, 11}, new int[] {24000, 0, 24001}, ClassEncoding.LABEL_IDS);
        DecodedSample out = TestSamples.augmenter("hflip(p=1)", 1).augment(in, 0);
        assertArrayEquals(new int[] {3, 2, 1}, red(out.image(), 0));
        assertArrayEquals(new int[] {11, 8, 7}, labels(out.labelIds(), 0));
        assertEquals(24000, out.instanceIds().at(2, 0));
    }

    /**
     * Cropping 3x2 out of 2x1 pads right and bottom: image fill, label 0 in label ids (255 in
     * train ids), instance 0.
     */
    @Test
    void paddingGetsTheFillAndTheIgnoreLabel() {
        DecodedSample in = row(new int[] {1, 2}, new int[] {7, 8}, new int[] {7, 26000}, ClassEncoding.LABEL_IDS);
        PipelineAugmenter aug = new PipelineAugmenter(Pipeline.parse("crop(height=2, width=3)", "k"), 1, 0x102030);
        AugmentResult r = aug.augmentWithParams(in, 0);
        DecodedSample out = r.sample();
        assertEquals(3, out.width());
        assertEquals(2, out.height());
        assertEquals(1 << 16 | 9, out.image().rgbAt(0, 0));
        assertEquals(0x102030, out.image().rgbAt(2, 0));
        assertEquals(0x102030, out.image().rgbAt(0, 1));
        assertArrayEquals(new int[] {7, 8, 0}, labels(out.labelIds(), 0));
        assertArrayEquals(new int[] {0, 0, 0}, labels(out.labelIds(), 1));
        assertEquals(26000, out.instanceIds().at(1, 0));
        assertEquals(0, out.instanceIds().at(2, 0));
        assertTrue(r.paramsJson().contains("\"x\":0,\"y\":0,\"attempts\":1,\"padded\":true"), r.paramsJson());

        DecodedSample trainIds = row(new int[] {1, 2}, new int[] {0, 13}, new int[] {0, 0}, ClassEncoding.TRAIN_IDS);
        DecodedSample padded = aug.augment(trainIds, 0);
        assertArrayEquals(new int[] {0, 13, 255}, labels(padded.labelIds(), 0), "train ids pad with 255");
        assertEquals(ClassEncoding.TRAIN_IDS, padded.labelIds().encoding());
    }

    @Test
    void cropLargerThanTheSampleCanBeRefused() {
        DecodedSample in = TestSamples.coordinates("aachen_000000_000019", 64, 32);
        PipelineAugmenter aug = TestSamples.augmenter("scale(min=0.5, max=0.5); crop(height=20, width=40, if-smaller=fail)", 1);
        AugmentException e = assertThrows(AugmentException.class, () -> aug.augment(in, 0));
        assertEquals("sample aachen_000000_000019: step 2 crop(height=20, width=40, cat-max-ratio=1, retries=10, "
                + "if-smaller=fail, p=1) is 20x40 (height x width) but the sample is 16x32 at that point; use "
                + "if-smaller=pad to pad with the ignore label, or make the crop smaller", e.getMessage());
    }

    @Test
    void imagesAndMasksOfDifferentSizesAreRefused() {
        DecodedSample ok = TestSamples.coordinates("k", 8, 4);
        DecodedSample bad = new DecodedSample("k", Split.TRAIN, ok.image(), ClassMask.filled(8, 5, 7, ClassEncoding.LABEL_IDS),
                ok.instanceIds());
        PipelineAugmenter aug = TestSamples.augmenter("hflip", 1);
        assertEquals("sample k: labelIds are 8x5 but the image is 8x4 (width x height); image and masks must have the same size",
                assertThrows(IllegalArgumentException.class, () -> aug.augment(bad, 0)).getMessage());
        DecodedSample badInst = new DecodedSample("k", Split.TRAIN, ok.image(), ok.labelIds(), new InstanceMask(4, 4, new short[16]));
        assertEquals("sample k: instanceIds are 4x4 but the image is 8x4 (width x height); image and masks must have the same "
                + "size", assertThrows(IllegalArgumentException.class, () -> aug.augment(badInst, 0)).getMessage());
    }

    @Test
    void oversizedResultsAreRefusedButCroppedOnesAreFine() {
        DecodedSample in = TestSamples.coordinates("big", 64, 32);
        var e = assertThrows(AugmentException.class, () -> TestSamples.augmenter("scale(min=8, max=8); scale(min=8, max=8); scale(min=8, max=8)", 1)
                .augment(in, 0));
        assertTrue(e.getMessage().startsWith("sample big: the pipeline makes it 32768x16384"), e.getMessage());
        // The same scale followed by a crop never builds the large intermediate.
        DecodedSample cropped = TestSamples.augmenter("scale(min=8, max=8); scale(min=8, max=8); scale(min=8, max=8); "
                + "crop(height=16, width=16)", 1)
                .augment(in, 0);
        assertEquals(16, cropped.width());
    }

    /** No instances: the output has none either. */
    @Test
    void samplesWithoutInstances() {
        DecodedSample in = TestSamples.coordinates("k", 16, 8);
        DecodedSample noInst = new DecodedSample("k", Split.TRAIN, in.image(), in.labelIds(), null);
        DecodedSample out = TestSamples.augmenter("cityscapes-standard", 1).augment(noInst, 0);
        assertEquals(null, out.instanceIds());
        assertEquals(1024, out.width());
        assertEquals(512, out.height());
    }
}
