package org.segpipe.core.generate;

import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.InstanceIds;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.image.RgbImage;

/**
 * Paints the camera image of a synthetic scene from its instance map. Each class has its own base
 * colour and texture (sky gradient, building windows, foliage blotches, sidewalk tiles, fence
 * slats, fine asphalt grain), each instance a small tint of its class colour, and every pixel
 * deterministic noise; so the image-to-label mapping is learnable by a small network yet not a
 * lookup table. Pure function of (instance map, seed).
 */
public final class SceneRenderer {

    private enum Texture { FLAT, SKY, WINDOWS, FOLIAGE, TILES, SLATS, GRAIN }

    private record Look(int rgb, int noise, Texture texture) {
    }

    private static final Look[] LOOKS = new Look[CityscapesLabels.MAX_LABEL_ID + 1];

    static {
        look(0, 0x141414, 6, Texture.FLAT);       // unlabeled
        look(1, 0x1E1E23, 4, Texture.FLAT);       // ego vehicle
        look(2, 0x000000, 2, Texture.FLAT);       // rectification border
        look(3, 0x0A0A0A, 2, Texture.FLAT);       // out of roi
        look(4, 0x6E645A, 12, Texture.GRAIN);     // static
        look(5, 0x785A28, 12, Texture.GRAIN);     // dynamic
        look(6, 0x645064, 10, Texture.GRAIN);     // ground
        look(7, 0x5A555F, 10, Texture.GRAIN);     // road
        look(8, 0xAA96A5, 8, Texture.TILES);      // sidewalk
        look(9, 0xDCB4AA, 8, Texture.GRAIN);      // parking
        look(10, 0x96786E, 10, Texture.GRAIN);    // rail track
        look(11, 0x8C7864, 10, Texture.WINDOWS);  // building
        look(12, 0x8282A0, 8, Texture.GRAIN);     // wall
        look(13, 0xB49678, 8, Texture.SLATS);     // fence
        look(14, 0xAAAAB4, 6, Texture.FLAT);      // guard rail
        look(15, 0x8C6464, 8, Texture.GRAIN);     // bridge
        look(16, 0x786450, 8, Texture.GRAIN);     // tunnel
        look(17, 0x78787D, 6, Texture.FLAT);      // pole
        look(18, 0x78787D, 6, Texture.FLAT);      // polegroup
        look(19, 0x28281E, 6, Texture.FLAT);      // traffic light
        look(20, 0xE6D228, 8, Texture.FLAT);      // traffic sign
        look(21, 0x3C7828, 14, Texture.FOLIAGE);  // vegetation
        look(22, 0x96C86E, 10, Texture.GRAIN);    // terrain
        look(23, 0x87B9EB, 4, Texture.SKY);       // sky
        look(24, 0xC83C50, 10, Texture.FLAT);     // person
        look(25, 0xF05A1E, 10, Texture.FLAT);     // rider
        look(26, 0x283CAA, 8, Texture.FLAT);      // car
        look(27, 0x1E285A, 8, Texture.FLAT);      // truck
        look(28, 0x146E82, 8, Texture.FLAT);      // bus
        look(29, 0xC8C8D2, 8, Texture.FLAT);      // caravan
        look(30, 0x9696AA, 8, Texture.FLAT);      // trailer
        look(31, 0x288C78, 8, Texture.FLAT);      // train
        look(32, 0x3C28DC, 8, Texture.FLAT);      // motorcycle
        look(33, 0x961E3C, 8, Texture.FLAT);      // bicycle
    }

    private SceneRenderer() {
    }

    private static void look(int id, int rgb, int noise, Texture texture) {
        LOOKS[id] = new Look(rgb, noise, texture);
    }

    public static RgbImage render(InstanceMask instances, long seed) {
        int w = instances.width();
        int h = instances.height();
        byte[] rgb = new byte[w * h * 3];
        int cell = Math.max(2, w / 96);        // texture period, scales with the image
        double brightness = 0.85 + 0.3 * unit(mix(seed, -1));
        int lastValue = -1;
        int baseR = 0;
        int baseG = 0;
        int baseB = 0;
        Look look = LOOKS[0];
        for (int y = 0, i = 0; y < h; y++) {
            for (int x = 0; x < w; x++, i++) {
                int v = instances.at(i);
                if (v != lastValue) {
                    lastValue = v;
                    int labelId = InstanceIds.labelId(v);
                    look = CityscapesLabels.isKnownId(labelId) ? LOOKS[labelId] : LOOKS[0];
                    int c = look.rgb();
                    baseR = (c >> 16) & 0xFF;
                    baseG = (c >> 8) & 0xFF;
                    baseB = c & 0xFF;
                    if (InstanceIds.isInstance(v)) {
                        long t = mix(seed, 1_000_003L * v);
                        int tint = (int) (t & 0x1F) - 16;
                        baseR += tint + (int) ((t >> 8) & 0xF) - 8;
                        baseG += tint + (int) ((t >> 12) & 0xF) - 8;
                        baseB += tint + (int) ((t >> 16) & 0xF) - 8;
                    }
                }
                int shade = switch (look.texture()) {
                    case FLAT, GRAIN -> 0;
                    case SKY -> (int) (30.0 * y / h) - 15;
                    case WINDOWS -> ((x / cell) % 3 != 0 && (y / cell) % 3 != 0) ? -55 : 0;
                    case FOLIAGE -> (int) (mix(seed, ((long) (x / cell) << 32) ^ (y / cell)) & 0x3F) - 32;
                    case TILES -> (x % (4 * cell) == 0 || y % (2 * cell) == 0) ? -30 : 0;
                    case SLATS -> (x / cell) % 2 == 0 ? -35 : 10;
                };
                long n = mix(seed, ((long) y << 32) ^ x);
                int amp = look.noise() * (look.texture() == Texture.GRAIN ? 2 : 1);
                int nr = (int) ((n & 0xFF) * (2 * amp + 1) >> 8) - amp;
                int ng = (int) (((n >> 8) & 0xFF) * (2 * amp + 1) >> 8) - amp;
                int nb = (int) (((n >> 16) & 0xFF) * (2 * amp + 1) >> 8) - amp;
                int j = 3 * i;
                rgb[j] = clamp((baseR + shade + nr) * brightness);
                rgb[j + 1] = clamp((baseG + shade + ng) * brightness);
                rgb[j + 2] = clamp((baseB + shade + nb) * brightness);
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private static byte clamp(double v) {
        int i = (int) v;
        return (byte) (i < 0 ? 0 : Math.min(i, 255));
    }

    /** SplitMix64 finaliser over (seed, value): a fast, well-mixed, stateless hash. */
    static long mix(long seed, long value) {
        long z = seed + 0x9E3779B97F4A7C15L * (value + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double unit(long v) {
        return (v >>> 11) * 0x1.0p-53;
    }
}
