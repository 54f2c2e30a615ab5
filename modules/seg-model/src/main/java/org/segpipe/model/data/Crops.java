package org.segpipe.model.data;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.image.RgbImage;

/**
 * Training crops. The window of a sample depends only on (seed, key, epoch), so any partitioning,
 * executor count or retry - and a resumed run - crops the same pixels.
 */
public final class Crops {

    /** A window {@code width x height} at {@code (x, y)}. */
    public record Window(int x, int y, int width, int height) {
    }

    private Crops() {
    }

    public static Window random(long seed, String key, int epoch, int imageWidth, int imageHeight, int cropWidth, int cropHeight) {
        if (imageWidth < cropWidth || imageHeight < cropHeight) {
            throw new IllegalArgumentException(key + ": image of " + imageWidth + "x" + imageHeight
                    + " is smaller than the training crop " + cropWidth + "x" + cropHeight);
        }
        SplittableRandom r = new SplittableRandom(mix(seed, key, epoch));
        int x = r.nextInt(imageWidth - cropWidth + 1);
        int y = r.nextInt(imageHeight - cropHeight + 1);
        return new Window(x, y, cropWidth, cropHeight);
    }

    /** A stable 64-bit mix of seed, key and epoch (FNV-1a over the key, then SplitMix-style finalisation). */
    public static long mix(long seed, String key, long salt) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        long z = h ^ (seed * 0x9E3779B97F4A7C15L) ^ (salt * 0xC2B2AE3D27D4EB4FL);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The sample cut to the window: image, label ids and (when present) instance ids. */
    public static DecodedSample apply(DecodedSample s, Window w) {
        if (w.x() == 0 && w.y() == 0 && w.width() == s.width() && w.height() == s.height()) {
            return s;
        }
        byte[] rgb = new byte[w.width() * w.height() * 3];
        byte[] labels = new byte[w.width() * w.height()];
        short[] inst = s.instanceIds() == null ? null : new short[w.width() * w.height()];
        for (int y = 0; y < w.height(); y++) {
            int src = (w.y() + y) * s.width() + w.x();
            int dst = y * w.width();
            System.arraycopy(s.image().rgb(), src * 3, rgb, dst * 3, w.width() * 3);
            System.arraycopy(s.labelIds().values(), src, labels, dst, w.width());
            if (inst != null) {
                System.arraycopy(s.instanceIds().values(), src, inst, dst, w.width());
            }
        }
        return new DecodedSample(s.key(), s.split(), new RgbImage(w.width(), w.height(), rgb),
                new ClassMask(w.width(), w.height(), labels, s.labelIds().encoding()),
                inst == null ? null : new InstanceMask(w.width(), w.height(), inst));
    }
}
