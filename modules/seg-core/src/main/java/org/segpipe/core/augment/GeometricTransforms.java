package org.segpipe.core.augment;

import java.util.Map;
import java.util.SplittableRandom;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;

/**
 * Steps that move pixels: image, label mask and instance mask together, through one map. Each
 * gives the map from its output pixels back to its input pixels; {@link AugmentState} composes
 * them and resamples once.
 */
final class GeometricTransforms {

    private GeometricTransforms() {
    }

    /** Mirrors left and right. */
    record HFlip() implements Transform {
        @Override
        public void apply(AugmentState s, SplittableRandom rng, Map<String, Object> drawn) {
            s.warp(new Affine(-1, 0, s.width() - 1, 0, 1, 0), s.width(), s.height());
        }
    }

    /**
     * Rescales by a ratio drawn uniformly from [min, max]. With a base size the ratio applies to
     * it, as MMSeg's {@code RandomResize(scale, ratio_range, keep_ratio=True)}: the target
     * {@code (int)(base * ratio)} is fitted with the aspect ratio kept (the factor is the smaller
     * of long-edge and short-edge ratios). The new size is {@code (int)(size * factor + 0.5)} and
     * pixel centres map as in OpenCV's resize ({@code src = (dst + 0.5) * src/dst - 0.5}). With
     * {@code keepSize} the sample zooms about its centre and keeps its size instead.
     */
    record Scale(double min, double max, int baseHeight, int baseWidth, boolean keepSize) implements Transform {
        @Override
        public void apply(AugmentState s, SplittableRandom rng, Map<String, Object> drawn) {
            int w = s.width();
            int h = s.height();
            double ratio = Transform.uniform(rng, min, max);
            double factor = ratio;
            if (baseHeight > 0) {
                int targetLong = (int) (Math.max(baseHeight, baseWidth) * ratio);
                int targetShort = (int) (Math.min(baseHeight, baseWidth) * ratio);
                factor = Math.min(targetLong / (double) Math.max(w, h), targetShort / (double) Math.min(w, h));
            }
            drawn.put("ratio", ratio);
            drawn.put("factor", factor);
            if (keepSize) {
                double cx = (w - 1) / 2.0;
                double cy = (h - 1) / 2.0;
                s.warp(new Affine(1 / factor, 0, cx - cx / factor, 0, 1 / factor, cy - cy / factor), w, h);
                return;
            }
            int nw = Math.max(1, (int) (w * factor + 0.5));
            int nh = Math.max(1, (int) (h * factor + 0.5));
            double sx = w / (double) nw;
            double sy = h / (double) nh;
            drawn.put("width", nw);
            drawn.put("height", nh);
            s.warp(new Affine(sx, 0, 0.5 * sx - 0.5, 0, sy, 0.5 * sy - 0.5), nw, nh);
        }
    }

    /**
     * Cuts a window of {@code height x width} at a uniformly drawn offset. With
     * {@code catMaxRatio < 1} the window is drawn again (up to {@code retries} times, the last draw
     * kept) while one class covers {@code catMaxRatio} or more of its non-ignored pixels or fewer
     * than two classes are present, as MMSeg's {@code RandomCrop(cat_max_ratio)}. Classes are
     * counted in train ids; pixels whose train id is 255 (every ignored label id, and fill) are not
     * counted. A sample smaller than the window is padded at the right and bottom with the fill
     * (offset 0 on that axis), or refused when {@code padIfSmaller} is false.
     */
    record Crop(int height, int width, double catMaxRatio, int retries, boolean padIfSmaller) implements Transform {
        @Override
        public void apply(AugmentState s, SplittableRandom rng, Map<String, Object> drawn) {
            int w = s.width();
            int h = s.height();
            boolean smaller = width > w || height > h;
            if (smaller && !padIfSmaller) {
                throw new AugmentException("sample " + s.key + ": step " + s.step + " is " + height + "x" + width
                        + " (height x width) but the sample is " + h + "x" + w + " at that point; use "
                        + "if-smaller=pad to pad with the ignore label, or make the crop smaller");
            }
            int marginX = Math.max(w - width, 0);
            int marginY = Math.max(h - height, 0);
            int oy = rng.nextInt(marginY + 1);
            int ox = rng.nextInt(marginX + 1);
            int attempts = 1;
            if (catMaxRatio < 1) {
                for (int i = 0; i < retries && !balanced(s.labelsIn(ox, oy, width, height)); i++) {
                    oy = rng.nextInt(marginY + 1);
                    ox = rng.nextInt(marginX + 1);
                    attempts++;
                }
            }
            drawn.put("x", ox);
            drawn.put("y", oy);
            drawn.put("attempts", attempts);
            if (smaller) {
                drawn.put("padded", true);
            }
            s.warp(Affine.translate(ox, oy), width, height);
        }

        private boolean balanced(ClassMask window) {
            long[] perTrainId = new long[256];
            boolean labelIds = window.encoding() == ClassEncoding.LABEL_IDS;
            long[] hist = window.histogram();
            for (int v = 0; v < 256; v++) {
                if (hist[v] > 0) {
                    perTrainId[labelIds ? CityscapesLabels.toTrainId(v) : v] += hist[v];
                }
            }
            long max = 0;
            long sum = 0;
            int classes = 0;
            for (int t = 0; t < 255; t++) {
                if (perTrainId[t] > 0) {
                    classes++;
                    sum += perTrainId[t];
                    max = Math.max(max, perTrainId[t]);
                }
            }
            return classes > 1 && max / (double) sum < catMaxRatio;
        }
    }

    /**
     * Rotates about the centre by an angle drawn uniformly from [-maxDegrees, maxDegrees];
     * positive angles turn the picture clockwise as displayed (mmcv's {@code imrotate}). Corners
     * uncovered get the fill; the size stays.
     */
    record Rotate(double maxDegrees) implements Transform {
        @Override
        public void apply(AugmentState s, SplittableRandom rng, Map<String, Object> drawn) {
            double degrees = Transform.uniform(rng, -maxDegrees, maxDegrees);
            drawn.put("degrees", degrees);
            double t = Math.toRadians(degrees);
            double c = Math.cos(t);
            double sn = Math.sin(t);
            double cx = (s.width() - 1) / 2.0;
            double cy = (s.height() - 1) / 2.0;
            // Output -> input is the inverse rotation: [c s; -s c] about the centre (y points down).
            s.warp(new Affine(c, sn, cx - c * cx - sn * cy, -sn, c, cy + sn * cx - c * cy), s.width(), s.height());
        }
    }

    /**
     * Shifts the content by whole pixels: {@code round(u * width)} with u uniform in
     * [-maxX, maxX], likewise for y; positive moves right and down. The size stays.
     */
    record Translate(double maxX, double maxY) implements Transform {
        @Override
        public void apply(AugmentState s, SplittableRandom rng, Map<String, Object> drawn) {
            int dx = (int) Math.round(Transform.uniform(rng, -maxX, maxX) * s.width());
            int dy = (int) Math.round(Transform.uniform(rng, -maxY, maxY) * s.height());
            drawn.put("dx", dx);
            drawn.put("dy", dy);
            s.warp(Affine.translate(-dx, -dy), s.width(), s.height());
        }
    }
}
