package org.segpipe.core.augment;

import java.util.Map;
import java.util.SplittableRandom;
import org.segpipe.core.image.RgbImage;

/** Steps that change image values only; masks are never touched. */
final class PhotometricTransforms {

    private PhotometricTransforms() {
    }

    /** Adds a value drawn uniformly from [-delta, delta] to every channel (clipped, truncated). */
    record Brightness(double delta) implements Transform {
        @Override
        public void apply(AugmentState s, SplittableRandom rng, Map<String, Object> drawn) {
            double beta = Transform.uniform(rng, -delta, delta);
            drawn.put("delta", beta);
            PixelOps.applyLut(s.mutableImage().rgb(), PixelOps.linearLut(1, beta));
        }
    }

    /**
     * Multiplies every channel by a factor drawn uniformly from [min, max] (clipped, truncated):
     * MMSeg's and albumentations' definition, not PIL's blend towards the mean gray.
     */
    record Contrast(double min, double max) implements Transform {
        @Override
        public void apply(AugmentState s, SplittableRandom rng, Map<String, Object> drawn) {
            double alpha = Transform.uniform(rng, min, max);
            drawn.put("factor", alpha);
            PixelOps.applyLut(s.mutableImage().rgb(), PixelOps.linearLut(alpha, 0));
        }
    }

    /** Scales HSV saturation by a factor drawn uniformly from [min, max]. */
    record Saturation(double min, double max) implements Transform {
        @Override
        public void apply(AugmentState s, SplittableRandom rng, Map<String, Object> drawn) {
            double alpha = Transform.uniform(rng, min, max);
            drawn.put("factor", alpha);
            PixelOps.saturation(s.mutableImage().rgb(), alpha);
        }
    }

    /** Rotates the HSV hue by degrees drawn uniformly from [-maxDegrees, maxDegrees]. */
    record Hue(double maxDegrees) implements Transform {
        @Override
        public void apply(AugmentState s, SplittableRandom rng, Map<String, Object> drawn) {
            double degrees = Transform.uniform(rng, -maxDegrees, maxDegrees);
            drawn.put("degrees", degrees);
            PixelOps.hue(s.mutableImage().rgb(), degrees);
        }
    }

    /** {@code 255 * (v/255)^gamma} with gamma drawn uniformly from [min, max]. */
    record Gamma(double min, double max) implements Transform {
        @Override
        public void apply(AugmentState s, SplittableRandom rng, Map<String, Object> drawn) {
            double gamma = Transform.uniform(rng, min, max);
            drawn.put("gamma", gamma);
            PixelOps.applyLut(s.mutableImage().rgb(), PixelOps.gammaLut(gamma));
        }
    }

    /** Independent normal noise per value, standard deviation drawn uniformly from [minSigma, maxSigma] gray levels. */
    record Noise(double minSigma, double maxSigma) implements Transform {
        @Override
        public void apply(AugmentState s, SplittableRandom rng, Map<String, Object> drawn) {
            double sigma = Transform.uniform(rng, minSigma, maxSigma);
            drawn.put("sigma", sigma);
            PixelOps.noise(s.mutableImage().rgb(), sigma, rng);
        }
    }

    /** Gaussian blur, standard deviation drawn uniformly from [minSigma, maxSigma] px. */
    record Blur(double minSigma, double maxSigma) implements Transform {
        @Override
        public void apply(AugmentState s, SplittableRandom rng, Map<String, Object> drawn) {
            double sigma = Transform.uniform(rng, minSigma, maxSigma);
            drawn.put("sigma", sigma);
            RgbImage image = s.mutableImage();
            PixelOps.blur(image.rgb(), image.width(), image.height(), sigma);
        }
    }

    /**
     * MMSeg's {@code PhotoMetricDistortion}: brightness, then contrast either first or last (a
     * fair coin), saturation and hue in between; each of the four happens with probability 0.5.
     * Differences, all documented: the hue shift is continuous in degrees (36 degrees = MMSeg's
     * {@code hue_delta=18} in OpenCV's half-degree units) and saturation and hue are computed in
     * float rather than through OpenCV's 8-bit HSV.
     */
    record Photometric(double brightnessDelta, double contrastMin, double contrastMax, double saturationMin,
                       double saturationMax, double hueDegrees) implements Transform {
        @Override
        public void apply(AugmentState s, SplittableRandom rng, Map<String, Object> drawn) {
            byte[] rgb = s.mutableImage().rgb();
            if (rng.nextBoolean()) {
                double beta = Transform.uniform(rng, -brightnessDelta, brightnessDelta);
                drawn.put("brightness", beta);
                PixelOps.applyLut(rgb, PixelOps.linearLut(1, beta));
            }
            boolean contrastFirst = rng.nextBoolean();
            drawn.put("contrast_first", contrastFirst);
            if (contrastFirst) {
                contrast(rgb, rng, drawn);
            }
            if (rng.nextBoolean()) {
                double alpha = Transform.uniform(rng, saturationMin, saturationMax);
                drawn.put("saturation", alpha);
                PixelOps.saturation(rgb, alpha);
            }
            if (rng.nextBoolean()) {
                double degrees = Transform.uniform(rng, -hueDegrees, hueDegrees);
                drawn.put("hue", degrees);
                PixelOps.hue(rgb, degrees);
            }
            if (!contrastFirst) {
                contrast(rgb, rng, drawn);
            }
        }

        private void contrast(byte[] rgb, SplittableRandom rng, Map<String, Object> drawn) {
            if (rng.nextBoolean()) {
                double alpha = Transform.uniform(rng, contrastMin, contrastMax);
                drawn.put("contrast", alpha);
                PixelOps.applyLut(rgb, PixelOps.linearLut(alpha, 0));
            }
        }
    }
}
