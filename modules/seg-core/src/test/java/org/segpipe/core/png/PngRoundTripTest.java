package org.segpipe.core.png;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.image.RgbImage;

class PngRoundTripTest {

    private static final long SEED = 20261124L;
    private static final int[][] SIZES = {{1, 1}, {1, 7}, {7, 1}, {13, 5}, {64, 32}, {257, 3}};

    @Test
    void gray8RoundTrips() {
        Random r = new Random(SEED);
        for (int[] s : SIZES) {
            byte[] v = new byte[s[0] * s[1]];
            r.nextBytes(v);
            ClassMask m = new ClassMask(s[0], s[1], v, ClassEncoding.LABEL_IDS);
            ClassMask back = PngImages.decodeLabelIds(PngImages.encode(m), "t.png");
            assertArrayEquals(v, back.values(), "seed " + SEED + " size " + s[0] + "x" + s[1]);
        }
    }

    @Test
    void gray16RoundTripsEveryBit() {
        Random r = new Random(SEED);
        for (int[] s : SIZES) {
            short[] v = new short[s[0] * s[1]];
            for (int i = 0; i < v.length; i++) {
                v[i] = (short) r.nextInt(65536);
            }
            v[0] = (short) 65535;
            InstanceMask m = new InstanceMask(s[0], s[1], v);
            InstanceMask back = PngImages.decodeInstanceIds(PngImages.encode(m), "t.png");
            assertArrayEquals(v, back.values(), "seed " + SEED + " size " + s[0] + "x" + s[1]);
            assertEquals(65535, back.at(0));
        }
    }

    @Test
    void rgbRoundTripsWithSmoothAndNoisyContent() {
        Random r = new Random(SEED);
        for (int[] s : SIZES) {
            byte[] v = new byte[s[0] * s[1] * 3];
            for (int i = 0; i < v.length; i++) {
                // half smooth gradient (favours Sub/Up/Paeth), half noise (favours None)
                v[i] = (byte) (i % 2 == 0 ? i / 3 : r.nextInt(256));
            }
            RgbImage img = new RgbImage(s[0], s[1], v);
            RgbImage back = PngImages.decodeRgb(PngImages.encode(img), "t.png");
            assertArrayEquals(v, back.rgb(), "seed " + SEED + " size " + s[0] + "x" + s[1]);
        }
    }

    @Test
    void rgbaDropsAlphaForColorImages() {
        byte[] rgba = {1, 2, 3, (byte) 255, 4, 5, 6, 0};
        RgbImage back = PngImages.decodeRgbOrRgba(PngEncoder.encodeRgba(2, 1, rgba), "c.png");
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, back.rgb());
    }

    /** Every filter type, for 8-bit gray, 8-bit RGB and 16-bit gray, decoded as written by hand. */
    @Test
    void decoderReversesEachFilterType() {
        Random r = new Random(SEED);
        int w = 9;
        int h = 6;
        for (int filter = 0; filter <= 4; filter++) {
            int[] filters = {filter};
            byte[] g = new byte[w * h];
            r.nextBytes(g);
            assertArrayEquals(g, PngDecoder.decode(TestPngs.build(w, h, 8, 0, g, filters, false, null), "g").samples8(),
                    "gray8 filter " + filter);
            byte[] rgb = new byte[w * h * 3];
            r.nextBytes(rgb);
            assertArrayEquals(rgb, PngDecoder.decode(TestPngs.build(w, h, 8, 2, rgb, filters, false, null), "c").samples8(),
                    "rgb filter " + filter);
            byte[] g16 = new byte[w * h * 2];
            r.nextBytes(g16);
            short[] expected = new short[w * h];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (short) (((g16[2 * i] & 0xFF) << 8) | (g16[2 * i + 1] & 0xFF));
            }
            assertArrayEquals(expected, PngDecoder.decode(TestPngs.build(w, h, 16, 0, g16, filters, false, null), "s")
                    .samples16(), "gray16 filter " + filter);
        }
        // rows with mixed filters
        byte[] g = new byte[w * h];
        r.nextBytes(g);
        assertArrayEquals(g, PngDecoder.decode(TestPngs.build(w, h, 8, 0, g, new int[] {4, 3, 2, 1, 0}, false, null),
                "m").samples8());
    }

    @Test
    void paletteLabelMapsAreReadAsIndicesWhenAllowed() {
        byte[] idx = {7, 8, 26, 0};
        byte[] palette = new byte[3 * 27];
        byte[] png = TestPngs.build(2, 2, 8, 3, idx, new int[] {0}, false, palette);
        ClassMask m = PngImages.decodeClassMask(png, "p.png", ClassEncoding.LABEL_IDS, true);
        assertArrayEquals(idx, m.values());
    }

    @Test
    void encodingIsDeterministic() {
        byte[] v = new byte[64 * 32 * 3];
        new Random(SEED).nextBytes(v);
        assertArrayEquals(PngEncoder.encodeRgb(64, 32, v), PngEncoder.encodeRgb(64, 32, v.clone()));
    }
}
