package org.segpipe.core.augment;

import java.util.Arrays;
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
 * <p>Source positions are quantised once to 1/2048 px (32.32 fixed point, rounded); the image
 * interpolates at that position and the masks take the pixel nearest to the same position (ties
 * up), so image and masks agree to the pixel: on a linear ramp the interpolated value equals the
 * index the masks took. Bilinear sampling at the border of the source clamps to the edge pixel (a
 * covered pixel is at most half a pixel outside).
 *
 * <p>Three paths, same results: whole-pixel moves (crops, flips, shifts) copy pixels; maps without
 * rotation compute per-column positions once and interpolate separably (each source row is
 * interpolated horizontally once and reused by the output rows that need it); rotations step the
 * fixed-point position along each row.
 */
final class Resampler {

    static final int BITS = 11;
    static final int ONE = 1 << BITS;
    private static final int FRAC = 32;
    private static final long ROUND = 1L << (FRAC - BITS - 1);

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
        Job job = new Job(srcW, srcH, image, labels, instances, toSource, windows, w, h, fillRgb, labelFill);
        job.run();
        return new Planes(
                job.outRgb == null ? null : new RgbImage(w, h, job.outRgb),
                job.outLab == null ? null : new ClassMask(w, h, job.outLab, labels.encoding()),
                job.outInst == null ? null : new InstanceMask(w, h, job.outInst));
    }

    /** A position in 1/2048 px, rounded from 32.32 fixed point. */
    private static long quantise(long fixed) {
        return (fixed + ROUND) >> (FRAC - BITS);
    }

    private static long fixed(double v) {
        return Math.round(v * (double) (1L << FRAC));
    }

    private static boolean isInteger(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1 << 24;
    }

    /** Clamps an index into 0..size-1 (the border rule, and a guard against rounding at the edge). */
    private static int clamp(int i, int size) {
        return i < 0 ? 0 : i >= size ? size - 1 : i;
    }

    /** The pixel nearest to a quantised position, ties up, clamped into the source. */
    private static int nearest(long q, int size) {
        return clamp((int) ((q + ONE / 2) >> BITS), size);
    }

    /** One resampling: inputs, outputs and per-row state. */
    private static final class Job {
        final int srcW;
        final int srcH;
        final byte[] rgb;
        final byte[] lab;
        final short[] inst;
        final Affine m;
        final Window source;
        final List<Window> windows;
        final int w;
        final int h;
        final byte[] outRgb;
        final byte[] outLab;
        final short[] outInst;
        final byte fr;
        final byte fg;
        final byte fb;
        final byte fl;
        final int[] span = new int[2];

        Job(int srcW, int srcH, RgbImage image, ClassMask labels, InstanceMask instances, Affine m, List<Window> windows,
            int w, int h, int fillRgb, int labelFill) {
            this.srcW = srcW;
            this.srcH = srcH;
            this.rgb = image == null ? null : image.rgb();
            this.lab = labels == null ? null : labels.values();
            this.inst = instances == null ? null : instances.values();
            this.m = m;
            this.source = new Window(m, srcW, srcH);
            this.windows = windows;
            this.w = w;
            this.h = h;
            this.outRgb = rgb == null ? null : new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
            this.outLab = lab == null ? null : new byte[Math.multiplyExact(w, h)];
            this.outInst = inst == null ? null : new short[Math.multiplyExact(w, h)];
            this.fr = (byte) (fillRgb >> 16);
            this.fg = (byte) (fillRgb >> 8);
            this.fb = (byte) fillRgb;
            this.fl = (byte) labelFill;
        }

        void run() {
            if (m.axisAligned() && Math.abs(m.a()) == 1 && Math.abs(m.e()) == 1 && isInteger(m.c()) && isInteger(m.f())) {
                copyRows();
            } else if (m.axisAligned()) {
                separable();
            } else {
                stepped();
            }
        }

        /**
         * Narrows the row to its covered columns and fills the rest; returns false when nothing of
         * the row is covered. Afterwards {@code span} holds {@code [from, to)}.
         */
        boolean coverRow(int y) {
            span[0] = 0;
            span[1] = w;
            source.clip(y, span);
            for (Window win : windows) {
                win.clip(y, span);
            }
            // Spans only narrow from [0, w); an empty one may sit anywhere: normalise it into the row.
            int from = Math.min(span[0], w);
            int to = Math.max(from, Math.min(span[1], w));
            span[0] = from;
            span[1] = to;
            int row = y * w;
            if (outRgb != null) {
                fillRgb(row, from);
                fillRgb(row + to, w - to);
            }
            if (outLab != null) {
                Arrays.fill(outLab, row, row + from, fl);
                Arrays.fill(outLab, row + to, row + w, fl);
            }
            // outInst starts zeroed: 0 is the instance fill.
            return from < to;
        }

        private void fillRgb(int pixel, int count) {
            for (int i = 0, o = pixel * 3; i < count; i++, o += 3) {
                outRgb[o] = fr;
                outRgb[o + 1] = fg;
                outRgb[o + 2] = fb;
            }
        }

        /** Whole-pixel moves: source column {@code a*x + c}, row {@code e*y + f}; pure copies. */
        void copyRows() {
            int a = (int) m.a();
            int c = (int) m.c();
            for (int y = 0; y < h; y++) {
                if (!coverRow(y)) {
                    continue;
                }
                int from = span[0];
                int to = span[1];
                int srow = clamp((int) (m.e() * y + m.f()), srcH) * srcW;
                int row = y * w;
                if (a == 1) {
                    int s = srow + clamp(from + c, srcW);
                    int n = to - from;
                    if (outLab != null) {
                        System.arraycopy(lab, s, outLab, row + from, n);
                    }
                    if (outInst != null) {
                        System.arraycopy(inst, s, outInst, row + from, n);
                    }
                    if (outRgb != null) {
                        System.arraycopy(rgb, s * 3, outRgb, (row + from) * 3, n * 3);
                    }
                } else {
                    // Mirrored: source column c - x, walking backwards; one plane at a time.
                    int s0 = srow + clamp(c - from, srcW);
                    int n = to - from;
                    if (outLab != null) {
                        for (int i = 0; i < n; i++) {
                            outLab[row + from + i] = lab[s0 - i];
                        }
                    }
                    if (outInst != null) {
                        for (int i = 0; i < n; i++) {
                            outInst[row + from + i] = inst[s0 - i];
                        }
                    }
                    if (outRgb != null) {
                        for (int i = 0, o = (row + from) * 3, s = s0 * 3; i < n; i++, o += 3, s -= 3) {
                            outRgb[o] = rgb[s];
                            outRgb[o + 1] = rgb[s + 1];
                            outRgb[o + 2] = rgb[s + 2];
                        }
                    }
                }
            }
        }

        /**
         * Maps without rotation: column positions once, then per output row a vertical blend of two
         * horizontally interpolated source rows, cached while consecutive output rows share them.
         */
        void separable() {
            int[] nx = new int[w];
            int[] bx0 = new int[w];
            int[] bx1 = new int[w];
            int[] bwx = new int[w];
            long ua = fixed(m.a());
            long uc = fixed(m.c());
            for (int x = 0; x < w; x++) {
                long q = quantise(ua * x + uc);
                nx[x] = nearest(q, srcW);
                int x0 = (int) (q >> BITS);
                bx0[x] = clamp(x0, srcW) * 3;
                bx1[x] = clamp(x0 + 1, srcW) * 3;
                bwx[x] = (int) (q & (ONE - 1));
            }
            long ve = fixed(m.e());
            long vf = fixed(m.f());
            int[] rowA = outRgb == null ? null : new int[w * 3];
            int[] rowB = outRgb == null ? null : new int[w * 3];
            int cachedA = -1;
            int cachedB = -1;
            for (int y = 0; y < h; y++) {
                if (!coverRow(y)) {
                    continue;
                }
                int from = span[0];
                int to = span[1];
                int row = y * w;
                long q = quantise(ve * y + vf);
                if (outLab != null || outInst != null) {
                    int base = nearest(q, srcH) * srcW;
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
                if (outRgb == null) {
                    continue;
                }
                int y0 = (int) (q >> BITS);
                int r0 = clamp(y0, srcH);
                int r1 = clamp(y0 + 1, srcH);
                int wy = (int) (q & (ONE - 1));
                // Keep the two interpolated rows in rowA (r0) and rowB (r1), reusing what is cached.
                if (cachedA != r0) {
                    if (cachedB == r0) {
                        int[] t = rowA;
                        rowA = rowB;
                        rowB = t;
                        cachedB = cachedA;
                    } else {
                        horizontal(r0, rowA, bx0, bx1, bwx);
                    }
                    cachedA = r0;
                }
                if (cachedB != r1) {
                    horizontal(r1, rowB, bx0, bx1, bwx);
                    cachedB = r1;
                }
                int wa = ONE - wy;
                for (int i = from * 3, o = (row + from) * 3, end = to * 3; i < end; i++, o++) {
                    outRgb[o] = (byte) ((rowA[i] * wa + rowB[i] * wy + (1 << (2 * BITS - 1))) >>> (2 * BITS));
                }
            }
        }

        /** Source row r interpolated at every output column, scaled by 2048. */
        private void horizontal(int r, int[] out, int[] bx0, int[] bx1, int[] bwx) {
            int base = r * srcW * 3;
            for (int x = 0, o = 0; x < w; x++, o += 3) {
                int wx = bwx[x];
                int wa = ONE - wx;
                int p0 = base + bx0[x];
                int p1 = base + bx1[x];
                out[o] = (rgb[p0] & 0xFF) * wa + (rgb[p1] & 0xFF) * wx;
                out[o + 1] = (rgb[p0 + 1] & 0xFF) * wa + (rgb[p1 + 1] & 0xFF) * wx;
                out[o + 2] = (rgb[p0 + 2] & 0xFF) * wa + (rgb[p1 + 2] & 0xFF) * wx;
            }
        }

        /** Rotations: the fixed-point position steps along each row. */
        void stepped() {
            long ua = fixed(m.a());
            long ub = fixed(m.b());
            long uc = fixed(m.c());
            long vd = fixed(m.d());
            long ve = fixed(m.e());
            long vf = fixed(m.f());
            for (int y = 0; y < h; y++) {
                if (!coverRow(y)) {
                    continue;
                }
                int from = span[0];
                int to = span[1];
                int row = y * w;
                long u = ua * from + ub * y + uc;
                long v = vd * from + ve * y + vf;
                for (int x = from, o = (row + from) * 3; x < to; x++, o += 3, u += ua, v += vd) {
                    long qu = quantise(u);
                    long qv = quantise(v);
                    if (outLab != null || outInst != null) {
                        int s = nearest(qv, srcH) * srcW + nearest(qu, srcW);
                        if (outLab != null) {
                            outLab[row + x] = lab[s];
                        }
                        if (outInst != null) {
                            outInst[row + x] = inst[s];
                        }
                    }
                    if (outRgb != null) {
                        int x0 = (int) (qu >> BITS);
                        int y0 = (int) (qv >> BITS);
                        int wx = (int) (qu & (ONE - 1));
                        int wy = (int) (qv & (ONE - 1));
                        int c0 = clamp(x0, srcW) * 3;
                        int c1 = clamp(x0 + 1, srcW) * 3;
                        int r0 = clamp(y0, srcH) * srcW * 3;
                        int r1 = clamp(y0 + 1, srcH) * srcW * 3;
                        int w00 = (ONE - wx) * (ONE - wy);
                        int w01 = wx * (ONE - wy);
                        int w10 = (ONE - wx) * wy;
                        int w11 = wx * wy;
                        for (int ch = 0; ch < 3; ch++) {
                            outRgb[o + ch] = (byte) (((rgb[r0 + c0 + ch] & 0xFF) * w00 + (rgb[r0 + c1 + ch] & 0xFF) * w01
                                    + (rgb[r1 + c0 + ch] & 0xFF) * w10 + (rgb[r1 + c1 + ch] & 0xFF) * w11
                                    + (1 << (2 * BITS - 1))) >>> (2 * BITS));
                        }
                    }
                }
            }
        }
    }
}
