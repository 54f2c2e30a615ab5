package org.segpipe.core.generate.saliency;

import java.util.SplittableRandom;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.metrics.saliency.GreyMap;

/**
 * Draws one saliency scene from a seed: a cluttered background (a smooth colour gradient, many
 * small desaturated blobs and thin stripes) and one to three foreground objects (ellipses and
 * rounded rectangles) in saturated colours with a darker rim and shading. The object is what draws
 * the eye — it is larger, more saturated and has a clear boundary — so a small network can learn
 * it, while clutter of similar hue keeps colour alone from solving the task. Same seed, same
 * pixels.
 */
public final class SaliencyScenes {

    /** A generated pair. */
    public record Scene(RgbImage image, GreyMap mask) {
    }

    private SaliencyScenes() {
    }

    public static Scene draw(int width, int height, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] r = new float[width * height];
        float[] g = new float[width * height];
        float[] b = new float[width * height];
        // background gradient in muted tones
        float[] c0 = muted(rnd);
        float[] c1 = muted(rnd);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float t = (x + y) / (float) (width + height);
                int i = y * width + x;
                r[i] = c0[0] * (1 - t) + c1[0] * t;
                g[i] = c0[1] * (1 - t) + c1[1] * t;
                b[i] = c0[2] * (1 - t) + c1[2] * t;
            }
        }
        // clutter: small muted blobs and stripes
        int blobs = 6 + rnd.nextInt(10);
        double small = Math.min(width, height) / 12.0 + 1;
        for (int k = 0; k < blobs; k++) {
            float[] c = muted(rnd);
            double cx = rnd.nextDouble() * width;
            double cy = rnd.nextDouble() * height;
            double rad = small * (0.5 + rnd.nextDouble());
            fillEllipse(r, g, b, null, width, height, cx, cy, rad, rad * (0.5 + rnd.nextDouble()), c, 0.7f);
        }
        int stripes = 2 + rnd.nextInt(4);
        for (int k = 0; k < stripes; k++) {
            float[] c = muted(rnd);
            boolean vertical = rnd.nextBoolean();
            int pos = rnd.nextInt(vertical ? width : height);
            int thick = 1 + rnd.nextInt(2);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int d = (vertical ? x : y) - pos;
                    if (d >= 0 && d < thick) {
                        blend(r, g, b, y * width + x, c, 0.6f);
                    }
                }
            }
        }
        // foreground objects
        boolean[] fg = new boolean[width * height];
        int objects = 1 + (rnd.nextInt(10) < 7 ? 0 : 1 + rnd.nextInt(2));
        for (int k = 0; k < objects; k++) {
            float[] c = saturated(rnd);
            double scale = Math.min(width, height) * (objects == 1 ? 0.22 : 0.14);
            double rx = scale * (0.7 + 0.6 * rnd.nextDouble());
            double ry = scale * (0.7 + 0.6 * rnd.nextDouble());
            double cx = rx + rnd.nextDouble() * Math.max(1, width - 2 * rx);
            double cy = ry + rnd.nextDouble() * Math.max(1, height - 2 * ry);
            if (rnd.nextBoolean()) {
                fillEllipse(r, g, b, fg, width, height, cx, cy, rx, ry, c, 1f);
            } else {
                fillRoundedRect(r, g, b, fg, width, height, cx, cy, rx, ry, c);
            }
        }
        byte[] rgb = new byte[width * height * 3];
        byte[] mask = new byte[width * height];
        for (int i = 0; i < width * height; i++) {
            float noise = (float) rnd.nextGaussian() * 6f;
            rgb[3 * i] = clamp(r[i] + noise);
            rgb[3 * i + 1] = clamp(g[i] + noise);
            rgb[3 * i + 2] = clamp(b[i] + noise);
            mask[i] = fg[i] ? (byte) 255 : 0;
        }
        return new Scene(new RgbImage(width, height, rgb), new GreyMap(width, height, mask));
    }

    private static float[] muted(SplittableRandom rnd) {
        float base = 70 + rnd.nextInt(90);
        return new float[] {base + rnd.nextInt(-25, 26), base + rnd.nextInt(-25, 26), base + rnd.nextInt(-25, 26)};
    }

    private static float[] saturated(SplittableRandom rnd) {
        float[] c = {40 + rnd.nextInt(40), 40 + rnd.nextInt(40), 40 + rnd.nextInt(40)};
        int hi = rnd.nextInt(3);
        c[hi] = 210 + rnd.nextInt(45);
        if (rnd.nextBoolean()) {
            c[(hi + 1 + rnd.nextInt(2)) % 3] = 170 + rnd.nextInt(80);
        }
        return c;
    }

    private static void fillEllipse(float[] r, float[] g, float[] b, boolean[] fg, int w, int h, double cx, double cy,
                                    double rx, double ry, float[] c, float alpha) {
        for (int y = Math.max(0, (int) (cy - ry)); y < Math.min(h, (int) (cy + ry) + 1); y++) {
            for (int x = Math.max(0, (int) (cx - rx)); x < Math.min(w, (int) (cx + rx) + 1); x++) {
                double dx = (x + 0.5 - cx) / rx;
                double dy = (y + 0.5 - cy) / ry;
                double d = dx * dx + dy * dy;
                if (d <= 1) {
                    float shade = fg == null ? 1f : (float) (1.1 - 0.3 * d - (d > 0.8 ? 0.25 : 0));
                    paint(r, g, b, fg, y * w + x, c, shade, alpha);
                }
            }
        }
    }

    private static void fillRoundedRect(float[] r, float[] g, float[] b, boolean[] fg, int w, int h, double cx, double cy,
                                        double rx, double ry, float[] c) {
        double corner = Math.min(rx, ry) * 0.4;
        for (int y = Math.max(0, (int) (cy - ry)); y < Math.min(h, (int) (cy + ry) + 1); y++) {
            for (int x = Math.max(0, (int) (cx - rx)); x < Math.min(w, (int) (cx + rx) + 1); x++) {
                double ax = Math.abs(x + 0.5 - cx) - (rx - corner);
                double ay = Math.abs(y + 0.5 - cy) - (ry - corner);
                double ox = Math.max(ax, 0);
                double oy = Math.max(ay, 0);
                double outside = Math.sqrt(ox * ox + oy * oy) - corner;
                if (outside <= 0) {
                    float shade = outside > -1.5 ? 0.8f : 1f;
                    paint(r, g, b, fg, y * w + x, c, shade, 1f);
                }
            }
        }
    }

    private static void paint(float[] r, float[] g, float[] b, boolean[] fg, int i, float[] c, float shade, float alpha) {
        float[] s = {c[0] * shade, c[1] * shade, c[2] * shade};
        blend(r, g, b, i, s, alpha);
        if (fg != null) {
            fg[i] = true;
        }
    }

    private static void blend(float[] r, float[] g, float[] b, int i, float[] c, float alpha) {
        r[i] = r[i] * (1 - alpha) + c[0] * alpha;
        g[i] = g[i] * (1 - alpha) + c[1] * alpha;
        b[i] = b[i] * (1 - alpha) + c[2] * alpha;
    }

    private static byte clamp(float v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v)));
    }
}
