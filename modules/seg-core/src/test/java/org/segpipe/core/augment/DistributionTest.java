package org.segpipe.core.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.RgbImage;

/**
 * Drawn parameters follow their configured distributions. Each check compares counts with their
 * expectation under the configured distribution, allowing 4.5 standard deviations of the count
 * (binomial: sqrt(n p (1-p))). A correct sampler leaves that band with probability about 7e-6
 * per count (about 1e-3 over all counts of this class), so with the fixed seeds here a failure
 * means a wrong distribution, not bad luck; yet the band is narrow enough to catch real mistakes:
 * a log-uniform scale ratio over [0.5, 2] puts 757 instead of 400 of 4000 draws into the first
 * of ten bins, where the band is 400 +- 85; a flip with p=0.6 instead of 0.5 is off by 400 where
 * the band is +- 142.
 */
class DistributionTest {

    private static final int N = 4000;

    private static List<AugmentResult> draws(String pipeline, long seed, DecodedSample sample) {
        PipelineAugmenter aug = TestSamples.augmenter(pipeline, seed);
        List<AugmentResult> out = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            // Half the draws vary the key, half the epoch: both must spread the same way.
            DecodedSample s = i % 2 == 0 ? sample : new DecodedSample("k" + i, sample.split(), sample.image(),
                    sample.labelIds(), sample.instanceIds());
            out.add(aug.augmentWithParams(s, i % 2 == 0 ? i : 0));
        }
        return out;
    }

    private static double number(AugmentResult r, int step, String name) {
        return ((Number) r.steps().get(step).drawn().get(name)).doubleValue();
    }

    /** Counts per bin of [lo, hi) must match the uniform distribution. */
    private static void assertUniform(double[] values, double lo, double hi, int bins, String what) {
        long[] counts = new long[bins];
        for (double v : values) {
            assertTrue(v >= lo && v <= hi, what + " " + v + " outside [" + lo + ", " + hi + "]");
            counts[Math.min(bins - 1, (int) ((v - lo) / (hi - lo) * bins))]++;
        }
        for (int b = 0; b < bins; b++) {
            assertCount(counts[b], values.length, 1.0 / bins, what + " bin " + b + " of " + bins);
        }
    }

    private static void assertCount(long count, long n, double p, String what) {
        double expected = n * p;
        double band = 4.5 * Math.sqrt(n * p * (1 - p));
        assertTrue(Math.abs(count - expected) <= band, what + ": " + count + " of " + n + ", expected " + expected + " +- "
                + band);
    }

    @Test
    void scaleRatiosAreUniform() {
        DecodedSample s = TestSamples.coordinates("scale", 32, 16);
        List<AugmentResult> rs = draws("scale(min=0.5, max=2.0)", 1, s);
        double[] ratios = rs.stream().mapToDouble(r -> number(r, 0, "ratio")).toArray();
        assertUniform(ratios, 0.5, 2.0, 10, "scale ratio (seed 1)");
        for (AugmentResult r : rs) {
            assertEquals((int) (32 * number(r, 0, "ratio") + 0.5), number(r, 0, "width"));
            assertEquals(r.sample().width(), (int) number(r, 0, "width"));
        }
        // With a base size of 1024x2048 a 16x32 sample is first brought to it: factor = 64 x ratio,
        // up to the truncation of the target size (int)(2048 * ratio).
        // (Checked one at a time: the outputs are up to 4096x2048.)
        PipelineAugmenter base = TestSamples.augmenter("scale(min=0.5, max=2.0, base-height=1024, base-width=2048)", 2);
        for (int epoch = 0; epoch < 10; epoch++) {
            AugmentResult r = base.augmentWithParams(s, epoch);
            double ratio = number(r, 0, "ratio");
            double factor = Math.min((int) (2048 * ratio) / 32.0, (int) (1024 * ratio) / 16.0);
            assertEquals(factor, number(r, 0, "factor"), 1e-12);
            assertEquals((int) (32 * factor + 0.5), r.sample().width());
        }
    }

    @Test
    void probabilitiesAndAnglesFollowTheConfig() {
        DecodedSample s = TestSamples.coordinates("flip", 16, 8);
        List<AugmentResult> rs = draws("hflip(p=0.5); rotate(max-degrees=10, p=0.3); translate(max-x=0.25, max-y=0.5)", 3, s);
        assertCount(rs.stream().filter(r -> r.steps().get(0).applied()).count(), N, 0.5, "hflip p=0.5 (seed 3)");
        List<AugmentResult> rotated = rs.stream().filter(r -> r.steps().get(1).applied()).toList();
        assertCount(rotated.size(), N, 0.3, "rotate p=0.3 (seed 3)");
        assertUniform(rotated.stream().mapToDouble(r -> number(r, 1, "degrees")).toArray(), -10, 10, 8, "rotate degrees (seed 3)");
        // Whole-pixel shifts: round(u * 16) with u uniform in [-0.25, 0.25] gives -4..4, the ends half as likely.
        long[] dx = new long[9];
        for (AugmentResult r : rs) {
            dx[(int) number(r, 2, "dx") + 4]++;
        }
        for (int v = -4; v <= 4; v++) {
            assertCount(dx[v + 4], N, (Math.abs(v) == 4 ? 0.5 : 1.0) / 8, "translate dx=" + v + " (seed 3)");
        }
    }

    @Test
    void cropOffsetsAreUniform() {
        DecodedSample s = TestSamples.coordinates("crop", 32, 16);
        List<AugmentResult> rs = draws("crop(height=8, width=16)", 4, s);
        // Offsets 0..16 in x and 0..8 in y, each value equally likely.
        double[] xs = rs.stream().mapToDouble(r -> number(r, 0, "x") + 0.5).toArray();
        double[] ys = rs.stream().mapToDouble(r -> number(r, 0, "y") + 0.5).toArray();
        assertUniform(xs, 0, 17, 17, "crop x (seed 4)");
        assertUniform(ys, 0, 9, 9, "crop y (seed 4)");
        for (AugmentResult r : rs.subList(0, 20)) {
            int x = (int) number(r, 0, "x");
            int y = (int) number(r, 0, "y");
            // The window is the source at that offset: the coordinate sample says where it came from.
            assertEquals((x << 16) | (y << 8) | TestSamples.CONTENT_BLUE, r.sample().image().rgbAt(0, 0));
        }
    }

    @Test
    void photometricPartsEachHappenHalfTheTime() {
        DecodedSample s = TestSamples.synthetic(5, 19, 32, 16);
        List<AugmentResult> rs = draws("photometric", 5, s);
        for (String part : new String[] {"brightness", "contrast", "saturation", "hue"}) {
            assertCount(rs.stream().filter(r -> r.steps().get(0).drawn().containsKey(part)).count(), N, 0.5,
                    part + " (seed 5)");
        }
        assertCount(rs.stream().filter(r -> (Boolean) r.steps().get(0).drawn().get("contrast_first")).count(), N, 0.5,
                "contrast first (seed 5)");
        double[] brightness = rs.stream().map(r -> r.steps().get(0).drawn().get("brightness"))
                .filter(v -> v != null).mapToDouble(v -> (Double) v).toArray();
        assertUniform(brightness, -32, 32, 8, "brightness (seed 5)");
        double[] hue = rs.stream().map(r -> r.steps().get(0).drawn().get("hue"))
                .filter(v -> v != null).mapToDouble(v -> (Double) v).toArray();
        assertUniform(hue, -36, 36, 8, "hue (seed 5)");
    }

    /**
     * Noise of sigma 10 on mid-gray: over 64*64*3 = 12288 values the sample mean has standard
     * error 10/sqrt(12288) = 0.09 and the sample standard deviation 10/sqrt(2*12288) = 0.064;
     * the bands are 5 of those. Rounding to integers adds 1/12 to the variance (sd 10.004).
     */
    @Test
    void noiseHasTheConfiguredStandardDeviation() {
        byte[] rgb = new byte[64 * 64 * 3];
        java.util.Arrays.fill(rgb, (byte) 128);
        DecodedSample gray = new DecodedSample("gray", Split.TRAIN, new RgbImage(64, 64, rgb),
                ClassMask.filled(64, 64, 7, ClassEncoding.LABEL_IDS), null);
        for (int epoch = 0; epoch < 3; epoch++) {
            AugmentResult r = TestSamples.augmenter("noise(min-sigma=10, max-sigma=10)", 6).augmentWithParams(gray, epoch);
            byte[] out = r.sample().image().rgb();
            double sum = 0;
            double sq = 0;
            for (byte b : out) {
                double d = (b & 0xFF) - 128;
                sum += d;
                sq += d * d;
            }
            double mean = sum / out.length;
            double sd = Math.sqrt(sq / out.length - mean * mean);
            assertEquals(0, mean, 5 * 0.09, "noise mean, seed 6, epoch " + epoch);
            assertEquals(10.004, sd, 5 * 0.064, "noise sd, seed 6, epoch " + epoch);
            assertEquals(Map.of("sigma", 10.0), r.steps().get(0).drawn());
        }
    }
}
