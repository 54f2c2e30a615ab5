package org.segpipe.core.png;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.segpipe.core.png.PngException.Problem;

/** {@link PngDecoder#verify}: structure and CRCs without inflating, and what that cannot see. */
class PngVerifyTest {

    private static final String NAME = "x_leftImg8bit.png";

    private static byte[] rgb() {
        byte[] v = new byte[16 * 8 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (i * 13);
        }
        return PngEncoder.encodeRgb(16, 8, v);
    }

    private static void refused(Problem problem, String fragment, byte[] png) {
        PngException e = assertThrows(PngException.class, () -> PngImages.verifyRgb(png, NAME));
        assertEquals(problem, e.problem(), e.getMessage());
        assertTrue(e.getMessage().startsWith(NAME + ": ") && e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void aGoodImageGivesItsHeader() {
        PngHeader h = PngImages.verifyRgb(rgb(), NAME);
        assertEquals(16, h.width());
        assertEquals(8, h.height());
    }

    @Test
    void truncationAndDamagedBytesAreFound() {
        byte[] png = rgb();
        for (int cut = 34; cut < png.length; cut += 7) {
            byte[] part = Arrays.copyOf(png, cut);
            PngException e = assertThrows(PngException.class, () -> PngImages.verifyRgb(part, NAME), "cut at " + cut);
            assertEquals(Problem.TRUNCATED, e.problem(), "cut at " + cut + ": " + e.getMessage());
        }
        byte[] flipped = rgb();
        flipped[flipped.length - 20] ^= 0x55;
        refused(Problem.CORRUPT, "CRC mismatch in chunk 'IDAT'", flipped);
        refused(Problem.WRONG_FORMAT, "expected 8-bit RGB, found 8-bit grayscale", PngEncoder.encodeGray8(4, 4, new byte[16]));
    }

    @Test
    void compressedDataDamagedUnderAValidCrcNeedsADecode() {
        byte[] png = rgb();
        int idat = 8 + 25;
        assertEquals("IDAT", new String(png, idat + 4, 4));
        png[idat + 8] = (byte) 0xFF; // the zlib header byte, with the chunk's CRC made to match
        TestPngs.fixCrc(png, idat);
        assertEquals(16, PngImages.verifyRgb(png, NAME).width());
        PngException e = assertThrows(PngException.class, () -> PngImages.decodeRgb(png, NAME));
        assertTrue(e.getMessage().contains("invalid compressed data"), e.getMessage());
    }
}
