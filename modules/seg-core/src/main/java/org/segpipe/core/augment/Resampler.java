package org.segpipe.core.augment;

import java.util.List;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.image.RgbImage;

/**
 * Resamples image and masks through one affine map in one pass: the image bilinearly with
 * fixed-point weights (11 bits per axis, as OpenCV's resize), the masks by nearest neighbour only,
 * so no label or instance value is ever made up. Both use the same coverage rule
 * ({@link Window}): a pixel whose nearest source pixel does not exist, or that falls outside the
 * frame of an earlier step, gets the fill value in every plane at once.
 *
 * <p>Positions are quantised once to 1/2048 px; the image interpolates at that position and the
 * masks take the pixel nearest to the same position (ties up), so image and masks agree to the
 * pixel: on a linear ramp the interpolated value equals the index the masks took. Bilinear
 * sampling at the border of the source clamps to the edge pixel (a covered pixel is at most half
 * a pixel outside). When the map has no rotation the per-column source positions and
 * weights are computed once into index tables and each row costs only table lookups.
 */
final class Resampler {

    static final int BITS = 11;
    static final int ONE = 1 << BITS;
    private static final int SHIFT = 2 * BITS;
    private static final int HALF = 1 << (SHIFT - 1);

    /** The planes after resampling; a plane is null where its input was null. */
    record Planes(RgbImage image, ClassMask labels, InstanceMask instances) {
    }

    private Resampler() {
    }

    /**
     * @param image     source image, or null
     * @param labels    source labels, or null
     * @param instances source instances, or null
     * @param toSource  output pixel -> source pixel
     * @param windows   frames every covered pixel must also fall in (besides the source's own)
     * @param w         output width
     * @param h         output height
     * @param fillRgb   packed RGB of uncovered image pixels
     * @param labelFill label value of uncovered pixels (instances get 0)
     */
    static Planes resample(int srcW, int srcH, RgbImage image, ClassMask labels, InstanceMask instances, Affine toSource,
                           List<Window> windows, int w, int h, int fillRgb, int labelFill) {
        byte[] rgb = image == null ? null : image.rgb();
        byte[] lab = labels == null ? null : labels.values();
        short[] inst = instances == null ? null : instances.values();
        byte[] outRgb = rgb == null ? null : new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        byte[] outLab = lab == null ? null : new byte[Math.multiplyExact(w, h)];
        short[] outInst = inst == null ? null : new short[Math.multiplyExact(w, h)];
        byte fr = (byte) (fillRgb >> 16);
        byte fg = (byte) (fillRgb >> 8);
        byte fb = (byte) fillRgb;
        byte fl = (byte) labelFill;
        Window source = new Window(toSource, srcW, srcH);
        boolean masks = lab != null || inst != null;
        boolean aligned = toSource.axisAligned();

        // Column tables for maps without rotation: nearest column, bilinear columns and weight.
        int[] nx = null;
        int[] bx0 = null;
        int[] bx1 = null;
        int[] bwx = null;
        if (aligned) {
            nx = new int[w];
            bx0 = new int[w];
            bx1 = new int[w];
            bwx = new int[w];
            for (int x = 0; x < w; x++) {
                double u = toSource.a() * x + toSource.c();
                double fu = Math.floor(u);
                bwx[x] = weight(u - fu);
                nx[x] = nearest((int) fu, bwx[x], srcW);
                bx0[x] = clamp((int) fu, srcW) * 3;
                bx1[x] = clamp((int) fu + 1, srcW) * 3;
            }
        }
        int[] span = new int[2];
        for (int y = 0; y < h; y++) {
            span[0] = 0;
            span[1] = w;
            source.clip(y, span);
            for (Window win : windows) {
                win.clip(y, span);
            }
            // Spans only narrow from [0, w); an empty one may sit anywhere: normalise it into the row.
            int from = Math.min(span[0], w);
            int to = Math.max(from, Math.min(span[1], w));
            int row = y * w;
            if (outRgb != null) {
                fillRgb(outRgb, row * 3, from, fr, fg, fb);
                fillRgb(outRgb, (row + to) * 3, w - to, fr, fg, fb);
            }
            if (outLab != null) {
                java.util.Arrays.fill(outLab, row, row + from, fl);
                java.util.Arrays.fill(outLab, row + to, row + w, fl);
            }
            // outInst is zero-filled already: 0 is the instance fill.
            if (from >= to) {
                continue;
            }
            if (aligned) {
                double v = toSource.e() * y + toSource.f();
                double fv = Math.floor(v);
                int wy = weight(v - fv);
                if (masks) {
                    int base = nearest((int) fv, wy, srcH) * srcW;
                    for (int x = from; x < to; x++) {
                        int s = base + nx[x];
                        if (outLab != null) {
                            outLab[row + x] = lab[s];
                        }
                        if (outInst != null) {
                            outInst[row + x] = inst[s];
                        }
                    }
                }
                if (outRgb != null) {
                    int r0 = clamp((int) fv, srcH) * srcW * 3;
                    int r1 = clamp((int) fv + 1, srcH) * srcW * 3;
                    for (int x = from, o = (row + from) * 3; x < to; x++, o += 3) {
                        int wx = bwx[x];
                        int w00 = (ONE - wx) * (ONE - wy);
                        int w01 = wx * (ONE - wy);
                        int w10 = (ONE - wx) * wy;
                        int w11 = wx * wy;
                        int p00 = r0 + bx0[x];
                        int p01 = r0 + bx1[x];
                        int p10 = r1 + bx0[x];
                        int p11 = r1 + bx1[x];
                        for (int ch = 0; ch < 3; ch++) {
                            outRgb[o + ch] = (byte) (((rgb[p00 + ch] & 0xFF) * w00 + (rgb[p01 + ch] & 0xFF) * w01
                                    + (rgb[p10 + ch] & 0xFF) * w10 + (rgb[p11 + ch] & 0xFF) * w11 + HALF) >>> SHIFT);
                        }
                    }
                }
            } else {
                double u0 = toSource.b() * y + toSource.c();
                double v0 = toSource.e() * y + toSource.f();
                for (int x = from, o = (row + from) * 3; x < to; x++, o += 3) {
                    double u = toSource.a() * x + u0;
                    double v = toSource.d() * x + v0;
                    double fu = Math.floor(u);
                    double fv = Math.floor(v);
                    int wx = weight(u - fu);
                    int wy = weight(v - fv);
                    if (masks) {
                        int s = nearest((int) fv, wy, srcH) * srcW + nearest((int) fu, wx, srcW);
                        if (outLab != null) {
                            outLab[row + x] = lab[s];
                        }
                        if (outInst != null) {
                            outInst[row + x] = inst[s];
                        }
                    }
                    if (outRgb != null) {
                        int c0 = clamp((int) fu, srcW) * 3;
                        int c1 = clamp((int) fu + 1, srcW) * 3;
                        int r0 = clamp((int) fv, srcH) * srcW * 3;
                        int r1 = clamp((int) fv + 1, srcH) * srcW * 3;
                        int w00 = (ONE - wx) * (ONE - wy);
                        int w01 = wx * (ONE - wy);
                        int w10 = (ONE - wx) * wy;
                        int w11 = wx * wy;
                        for (int ch = 0; ch < 3; ch++) {
                            outRgb[o + ch] = (byte) (((rgb[r0 + c0 + ch] & 0xFF) * w00 + (rgb[r0 + c1 + ch] & 0xFF) * w01
                                    + (rgb[r1 + c0 + ch] & 0xFF) * w10 + (rgb[r1 + c1 + ch] & 0xFF) * w11 + HALF) >>> SHIFT);
                        }
                    }
                }
            }
        }
        return new Planes(
                outRgb == null ? null : new RgbImage(w, h, outRgb),
                outLab == null ? null : new ClassMask(w, h, outLab, labels.encoding()),
                outInst == null ? null : new InstanceMask(w, h, outInst));
    }

    private static void fillRgb(byte[] out, int start, int pixels, byte r, byte g, byte b) {
        for (int i = 0, o = start; i < pixels; i++, o += 3) {
            out[o] = r;
            out[o + 1] = g;
            out[o + 2] = b;
        }
    }

    /** The fraction of a position in 1/2048 px, 0..2048. */
    private static int weight(double fraction) {
        return (int) Math.round(fraction * ONE);
    }

    /** The pixel nearest to {@code floor + weight/2048}, ties up, clamped into the source. */
    private static int nearest(int floor, int weight, int size) {
        return clamp(weight >= ONE / 2 ? floor + 1 : floor, size);
    }

    /** Clamps an index into 0..size-1 (a guard against rounding at the exact border). */
    private static int clamp(int i, int size) {
        return i < 0 ? 0 : i >= size ? size - 1 : i;
    }
}
