package org.segpipe.core.augment;

import java.util.SplittableRandom;

/**
 * Photometric changes on interleaved 8-bit RGB, in place. Per-value changes (brightness,
 * contrast, gamma) go through a 256-entry table; the others work per pixel with integer or
 * single-pass float arithmetic. No per-pixel objects.
 */
final class PixelOps {

    /** Standard normal quantiles at (i + 0.5) / 65536: a 16-bit random index gives a normal draw. */
    private static final float[] NORMAL = normalTable();

    private PixelOps() {
    }

    static void applyLut(byte[] rgb, byte[] lut) {
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = lut[rgb[i] & 0xFF];
        }
    }

    /**
     * {@code v * alpha + beta}, clipped to [0, 255] and truncated to an integer, as MMSeg's
     * {@code PhotoMetricDistortion.convert} (float32 arithmetic, {@code np.clip}, {@code astype(uint8)}).
     */
    static byte[] linearLut(double alpha, double beta) {
        byte[] lut = new byte[256];
        for (int v = 0; v < 256; v++) {
            float x = (float) v * (float) alpha + (float) beta;
            lut[v] = (byte) (int) Math.min(255f, Math.max(0f, x));
        }
        return lut;
    }

    /** {@code 255 * (v / 255)^gamma}, rounded: gamma below 1 brightens, above 1 darkens. */
    static byte[] gammaLut(double gamma) {
        byte[] lut = new byte[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = (byte) Math.min(255, Math.round(255.0 * Math.pow(v / 255.0, gamma)));
        }
        return lut;
    }

    /**
     * Scales HSV saturation by {@code alpha}, clipped at full saturation, keeping hue and value.
     * Exact in float: with V = max and S = (max - min) / max fixed in hue, every channel moves
     * toward (or away from) V by the same factor {@code k = S' / S}.
     */
    static void saturation(byte[] rgb, double alpha) {
        float a = (float) alpha;
        for (int i = 0; i < rgb.length; i += 3) {
            int r = rgb[i] & 0xFF;
            int g = rgb[i + 1] & 0xFF;
            int b = rgb[i + 2] & 0xFF;
            int max = Math.max(r, Math.max(g, b));
            int d = max - Math.min(r, Math.min(g, b));
            if (d == 0) {
                continue;
            }
            // S' = min(S * alpha, 1)  =>  k = S'/S = min(alpha, max / (max - min)); results stay in [0, max].
            float k = a * d <= max ? a : max / (float) d;
            rgb[i] = (byte) (int) (max - (max - r) * k + 0.5f);
            rgb[i + 1] = (byte) (int) (max - (max - g) * k + 0.5f);
            rgb[i + 2] = (byte) (int) (max - (max - b) * k + 0.5f);
        }
    }

    /**
     * Rotates the HSV hue by {@code degrees}, keeping saturation and value. In integers: with
     * chroma c = max - min, the hue position h * c (h in sixths of the circle, [0, 6c)) moves by
     * round(shift * c); its sector and remainder give the channels directly (max, min, and
     * min + rem rising or max - rem falling).
     */
    static void hue(byte[] rgb, double degrees) {
        double sixths = ((degrees % 360) + 360) % 360 / 60.0;
        long shift16 = Math.round(sixths * 65536);
        for (int i = 0; i < rgb.length; i += 3) {
            int r = rgb[i] & 0xFF;
            int g = rgb[i + 1] & 0xFF;
            int b = rgb[i + 2] & 0xFF;
            int max = Math.max(r, Math.max(g, b));
            int min = Math.min(r, Math.min(g, b));
            int c = max - min;
            if (c == 0) {
                continue;
            }
            int pos;
            if (max == r) {
                pos = g - b;
                if (pos < 0) {
                    pos += 6 * c;
                }
            } else if (max == g) {
                pos = b - r + 2 * c;
            } else {
                pos = r - g + 4 * c;
            }
            pos += (int) ((shift16 * c + 32768) >> 16);
            if (pos >= 6 * c) {
                pos -= 6 * c;
            }
            int sector = pos / c;
            int rem = pos - sector * c;
            int up = min + rem;
            int down = max - rem;
            int nr;
            int ng;
            int nb;
            switch (sector) {
                case 0 -> { nr = max; ng = up; nb = min; }
                case 1 -> { nr = down; ng = max; nb = min; }
                case 2 -> { nr = min; ng = max; nb = up; }
                case 3 -> { nr = min; ng = down; nb = max; }
                case 4 -> { nr = up; ng = min; nb = max; }
                default -> { nr = max; ng = min; nb = down; }
            }
            rgb[i] = (byte) nr;
            rgb[i + 1] = (byte) ng;
            rgb[i + 2] = (byte) nb;
        }
    }

    /** Adds independent normal noise of standard deviation {@code sigma} (gray levels) to every value. */
    static void noise(byte[] rgb, double sigma, SplittableRandom rng) {
        float s = (float) sigma;
        int i = 0;
        while (i < rgb.length) {
            long bits = rng.nextLong();
            for (int k = 0; k < 4 && i < rgb.length; k++, i++, bits >>>= 16) {
                // Truncating x + 0.5 rounds every x >= -0.5 correctly; anything below clips to 0 either way.
                int v = (int) ((rgb[i] & 0xFF) + s * NORMAL[(int) (bits & 0xFFFF)] + 0.5f);
                rgb[i] = (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
            }
        }
    }

    /**
     * Gaussian blur of standard deviation {@code sigma} px, separable, radius {@code ceil(3 sigma)},
     * edges replicated, 14-bit fixed-point weights.
     */
    static void blur(byte[] rgb, int width, int height, double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        int[] kernel = kernel(sigma, radius);
        int[] tmp = new int[rgb.length];
        // Horizontal pass: 8 extra bits of precision kept in tmp (14-bit weights, shifted by 6).
        // Edge columns replicate the border pixel; interior columns need no clamping.
        for (int y = 0; y < height; y++) {
            int row = y * width * 3;
            for (int x = 0; x < width; x++) {
                int acc0 = 0;
                int acc1 = 0;
                int acc2 = 0;
                if (x >= radius && x < width - radius) {
                    for (int k = -radius, p = row + (x - radius) * 3; k <= radius; k++, p += 3) {
                        int wgt = kernel[k + radius];
                        acc0 += (rgb[p] & 0xFF) * wgt;
                        acc1 += (rgb[p + 1] & 0xFF) * wgt;
                        acc2 += (rgb[p + 2] & 0xFF) * wgt;
                    }
                } else {
                    for (int k = -radius; k <= radius; k++) {
                        int xx = x + k;
                        xx = xx < 0 ? 0 : xx >= width ? width - 1 : xx;
                        int p = row + xx * 3;
                        int wgt = kernel[k + radius];
                        acc0 += (rgb[p] & 0xFF) * wgt;
                        acc1 += (rgb[p + 1] & 0xFF) * wgt;
                        acc2 += (rgb[p + 2] & 0xFF) * wgt;
                    }
                }
                int o = row + x * 3;
                tmp[o] = (acc0 + 32) >> 6;
                tmp[o + 1] = (acc1 + 32) >> 6;
                tmp[o + 2] = (acc2 + 32) >> 6;
            }
        }
        // Vertical pass, row by row into an accumulator (sequential memory access).
        int stride = width * 3;
        int[] acc = new int[stride];
        for (int y = 0; y < height; y++) {
            java.util.Arrays.fill(acc, 0);
            for (int k = -radius; k <= radius; k++) {
                int yy = y + k;
                yy = yy < 0 ? 0 : yy >= height ? height - 1 : yy;
                int base = yy * stride;
                int wgt = kernel[k + radius];
                for (int i = 0; i < stride; i++) {
                    acc[i] += tmp[base + i] * wgt;
                }
            }
            int out = y * stride;
            for (int i = 0; i < stride; i++) {
                int v = (acc[i] + (1 << 21)) >> 22;
                rgb[out + i] = (byte) (v > 255 ? 255 : v);
            }
        }
    }

    /** Normalised Gaussian weights summing to exactly 2^14. */
    static int[] kernel(double sigma, int radius) {
        double[] w = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            w[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
            sum += w[k + radius];
        }
        int[] out = new int[w.length];
        int total = 0;
        for (int i = 0; i < w.length; i++) {
            out[i] = (int) Math.round(w[i] / sum * (1 << 14));
            total += out[i];
        }
        out[radius] += (1 << 14) - total;
        return out;
    }

    private static float[] normalTable() {
        float[] t = new float[65536];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) inverseNormal((i + 0.5) / t.length);
        }
        return t;
    }

    /** The standard normal quantile function (Acklam's rational approximation, relative error below 1.2e-9). */
    static double inverseNormal(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
