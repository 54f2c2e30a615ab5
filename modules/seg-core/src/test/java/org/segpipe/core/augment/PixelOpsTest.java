package org.segpipe.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Photometric arithmetic against values worked out by hand. */
class PixelOpsTest {

    private static int at(byte[] lut, int v) {
        return lut[v] & 0xFF;
    }

    private static int[] apply(int r, int g, int b, java.util.function.Consumer<byte[]> op) {
        byte[] px = {(byte) r, (byte) g, (byte) b};
        op.accept(px);
        return new int[] {px[0] & 0xFF, px[1] & 0xFF, px[2] & 0xFF};
    }

    @Test
    void brightnessAndContrastClipAndTruncateLikeMmseg() {
        byte[] up = PixelOps.linearLut(1, 10);
        assertEquals(3 + 10, at(up, 3));
        assertEquals(255, at(up, 250), "250 + 10 clips to 255");
        byte[] down = PixelOps.linearLut(1, -10.7);
        assertEquals(0, at(down, 3), "3 - 10.7 clips to 0");
        assertEquals(89, at(down, 100), "100 - 10.7 = 89.3 truncates to 89");
        byte[] contrast = PixelOps.linearLut(1.5, 0);
        assertEquals(150, at(contrast, 100));
        assertEquals(4, at(contrast, 3), "4.5 truncates to 4");
        assertEquals(255, at(contrast, 200));
    }

    @Test
    void gammaBelowOneBrightens() {
        // 255 * (128/255)^2 = 64.25 -> 64; 255 * (64/255)^0.5 = 127.75 -> 128
        assertEquals(64, at(PixelOps.gammaLut(2), 128));
        assertEquals(128, at(PixelOps.gammaLut(0.5), 64));
        assertEquals(0, at(PixelOps.gammaLut(0.5), 0));
        assertEquals(255, at(PixelOps.gammaLut(3), 255));
    }

    /**
     * (200, 100, 50): V = 200, S = (200 - 50) / 200 = 0.75, hue 20 degrees.
     * Saturation x0.5: S' = 0.375, every channel moves halfway to V: (200, 150, 125).
     * Saturation x2: S' = min(1.5, 1) = 1, k = 1 / 0.75: (200, 200 - 100*4/3, 200 - 150*4/3) = (200, 67, 0).
     */
    @Test
    void saturationKeepsHueAndValue() {
        assertArrayEquals(new int[] {200, 150, 125}, apply(200, 100, 50, px -> PixelOps.saturation(px, 0.5)));
        assertArrayEquals(new int[] {200, 67, 0}, apply(200, 100, 50, px -> PixelOps.saturation(px, 2)));
        assertArrayEquals(new int[] {90, 90, 90}, apply(90, 90, 90, px -> PixelOps.saturation(px, 0)), "gray stays");
        assertArrayEquals(new int[] {200, 200, 200}, apply(200, 120, 40, px -> PixelOps.saturation(px, 0)), "alpha 0: gray at V");
    }

    /**
     * Red rotated by 120 degrees is green, by 240 blue. (200, 100, 50) is at 20 degrees; +60
     * puts it at 80 degrees, sector 1 (green max, blue min, red falling):
     * red = 200 - 150 * (80 - 60) / 60 = 150, so (150, 200, 50).
     */
    @Test
    void hueRotatesAroundTheColourWheel() {
        assertArrayEquals(new int[] {0, 255, 0}, apply(255, 0, 0, px -> PixelOps.hue(px, 120)));
        assertArrayEquals(new int[] {0, 0, 255}, apply(255, 0, 0, px -> PixelOps.hue(px, 240)));
        assertArrayEquals(new int[] {0, 0, 255}, apply(255, 0, 0, px -> PixelOps.hue(px, -120)));
        assertArrayEquals(new int[] {200, 100, 50}, apply(200, 100, 50, px -> PixelOps.hue(px, 0)));
        assertArrayEquals(new int[] {200, 100, 50}, apply(200, 100, 50, px -> PixelOps.hue(px, 360)));
        assertArrayEquals(new int[] {150, 200, 50}, apply(200, 100, 50, px -> PixelOps.hue(px, 60)));
        assertArrayEquals(new int[] {77, 77, 77}, apply(77, 77, 77, px -> PixelOps.hue(px, 90)), "gray has no hue");
    }

    @Test
    void blurKeepsConstantsAndSpreadsByTheKernel() {
        int[] k = PixelOps.kernel(1.0, 3);
        assertEquals(1 << 14, Arrays.stream(k).sum());
        assertEquals(k[0], k[6]);
        byte[] flat = new byte[9 * 7 * 3];
        Arrays.fill(flat, (byte) 93);
        byte[] copy = flat.clone();
        PixelOps.blur(copy, 9, 7, 1.3);
        assertArrayEquals(flat, copy, "a constant image is unchanged");
        // One white pixel in black: the centre keeps k0 * k0 of it (k0 = the centre weight / 2^14).
        byte[] dot = new byte[9 * 9 * 3];
        int c = (4 * 9 + 4) * 3;
        dot[c] = (byte) 255;
        PixelOps.blur(dot, 9, 9, 1.0);
        double k0 = k[3] / 16384.0;
        assertEquals(255 * k0 * k0, dot[c] & 0xFF, 1.0);
        assertEquals(dot[c - 3] & 0xFF, dot[c + 3] & 0xFF, "symmetric");
        assertEquals(0, dot[c + 1], "channels stay apart");
    }

    @Test
    void normalQuantiles() {
        assertEquals(0, PixelOps.inverseNormal(0.5), 1e-12);
        assertEquals(1.959963985, PixelOps.inverseNormal(0.975), 1e-8);
        assertEquals(-2.326347874, PixelOps.inverseNormal(0.01), 1e-8);
        assertEquals(-3.090232306, PixelOps.inverseNormal(0.001), 1e-8);
    }
}
