package org.segpipe.core.png;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PngRowReaderTest {

    /** Every filter, 8-bit gray and RGB, several heights around the block size: rows equal the full decoder's. */
    @Test
    void rowsEqualTheFullDecode() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int[] size : new int[][] {{5, 3}, {300, 219}, {1000, 140}}) {
            for (int colorType : new int[] {0, 2}) {
                int channels = colorType == 0 ? 1 : 3;
                int w = size[0];
                int h = size[1];
                byte[] samples = new byte[w * h * channels];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(256) : 0);
                }
                byte[] png = TestPngs.build(w, h, 8, colorType, samples, new int[] {0, 1, 2, 3, 4}, false, null);
                byte[] expected = PngDecoder.decode(png, "t.png").samples8();
                byte[] got = new byte[expected.length];
                PngHeader header = PngRowReader.read(png, "t.png", PngLimits.DEFAULT,
                        (y, row, n) -> System.arraycopy(row, 0, got, y * n, n));
                assertEquals(h, header.height());
                assertArrayEquals(expected, got, w + "x" + h + " colour type " + colorType);
            }
        }
    }

    @Test
    void damageIsRefusedLikeTheFullDecoder() {
        byte[] samples = new byte[64 * 64];
        Arrays.fill(samples, (byte) 3);
        byte[] png = TestPngs.build(64, 64, 8, 0, samples, new int[] {2}, false, null);
        byte[] truncated = Arrays.copyOf(png, png.length - 20);
        PngException e = assertThrows(PngException.class, () -> PngRowReader.read(truncated, "cut.png", PngLimits.DEFAULT,
                (y, row, n) -> { }));
        assertTrue(e.getMessage().startsWith("cut.png"), e.getMessage());
    }
}
