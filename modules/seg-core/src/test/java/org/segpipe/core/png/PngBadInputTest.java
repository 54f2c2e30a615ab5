package org.segpipe.core.png;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.segpipe.core.png.PngException.Problem;

class PngBadInputTest {

    private static final String NAME = "x_gtFine_labelIds.png";

    private static byte[] gray8() {
        byte[] v = new byte[32 * 16];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (i * 7);
        }
        return PngEncoder.encodeGray8(32, 16, v);
    }

    private static PngException refused(Problem problem, String fragment, Executable call) {
        PngException e = assertThrows(PngException.class, call);
        assertEquals(problem, e.problem(), e.getMessage());
        assertTrue(e.getMessage().startsWith(NAME + ": "), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' in: " + e.getMessage());
        return e;
    }

    @Test
    void emptyFile() {
        refused(Problem.NOT_PNG, "the file is empty (0 bytes)", () -> PngImages.decodeLabelIds(new byte[0], NAME));
    }

    @Test
    void notAPng() {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
        refused(Problem.NOT_PNG, "expected signature 89 50 4E 47 0D 0A 1A 0A, found FF D8 FF E0",
                () -> PngImages.decodeLabelIds(jpeg, NAME));
    }

    @Test
    void truncatedAnywhere() {
        byte[] png = gray8();
        for (int cut : new int[] {10, 30, 40, png.length / 2, png.length - 13, png.length - 1}) {
            byte[] part = Arrays.copyOf(png, cut);
            PngException e = assertThrows(PngException.class, () -> PngImages.decodeLabelIds(part, NAME), "cut at " + cut);
            assertTrue(e.problem() == Problem.TRUNCATED, "cut at " + cut + ": " + e.getMessage());
        }
    }

    @Test
    void flippedByteFailsTheCrc() {
        byte[] png = gray8();
        png[png.length - 20] ^= 0x55;
        refused(Problem.CORRUPT, "CRC mismatch in chunk 'IDAT'", () -> PngImages.decodeLabelIds(png, NAME));
    }

    @Test
    void invalidCompressedDataWithAValidCrc() {
        byte[] png = gray8();
        int idat = 8 + 25; // first chunk after IHDR
        assertEquals("IDAT", new String(png, idat + 4, 4));
        png[idat + 8] = (byte) 0xFF; // zlib header byte
        TestPngs.fixCrc(png, idat);
        refused(Problem.CORRUPT, "invalid compressed data", () -> PngImages.decodeLabelIds(png, NAME));
    }

    @Test
    void headerClaimingAHugeImageIsRefusedBeforeDecoding() {
        byte[] png = gray8();
        TestPngs.putInt(png, 16, 100_000);
        TestPngs.putInt(png, 20, 100_000);
        TestPngs.fixCrc(png, 8);
        refused(Problem.TOO_LARGE, "header claims 100000x100000 pixels", () -> PngImages.decodeLabelIds(png, NAME));
    }

    @Test
    void moreDataThanTheHeaderNeedsIsRefused() {
        byte[] v = new byte[4 * 4];
        byte[] png = TestPngs.build(4, 4, 8, 0, v, new int[] {0}, false, null);
        // Claim 4x2 instead of 4x4: the stream then holds two extra rows.
        TestPngs.putInt(png, 20, 2);
        TestPngs.fixCrc(png, 8);
        refused(Problem.CORRUPT, "more image data than 4x2", () -> PngImages.decodeLabelIds(png, NAME));
    }

    @Test
    void sixteenBitWhereEightIsExpectedAndViceVersa() {
        byte[] sixteen = PngEncoder.encodeGray16(4, 4, new short[16]);
        refused(Problem.WRONG_FORMAT, "expected 8-bit grayscale, found 16-bit grayscale",
                () -> PngImages.decodeLabelIds(sixteen, NAME));
        refused(Problem.WRONG_FORMAT, "expected 16-bit grayscale, found 8-bit grayscale",
                () -> PngImages.decodeInstanceIds(gray8(), NAME));
        byte[] rgb = PngEncoder.encodeRgb(2, 2, new byte[12]);
        refused(Problem.WRONG_FORMAT, "expected 8-bit grayscale, found 8-bit RGB", () -> PngImages.decodeLabelIds(rgb, NAME));
        refused(Problem.WRONG_FORMAT, "expected 8-bit RGB, found 8-bit grayscale", () -> PngImages.decodeRgb(gray8(), NAME));
    }

    @Test
    void interlacedIsRefusedClearly() {
        byte[] png = TestPngs.build(4, 4, 8, 0, new byte[16], new int[] {0}, true, null);
        refused(Problem.UNSUPPORTED, "Adam7 interlacing", () -> PngImages.decodeLabelIds(png, NAME));
    }

    @Test
    void badFilterTypeNamesTheRow() {
        byte[] raw = new byte[3 * (1 + 3)];
        raw[4] = 9; // row 1 has filter type 9
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PngDecoder.SIGNATURE);
        byte[] ihdr = new byte[13];
        TestPngs.putInt(ihdr, 0, 3);
        TestPngs.putInt(ihdr, 4, 3);
        ihdr[8] = 8;
        TestPngs.chunk(out, "IHDR", ihdr);
        TestPngs.chunk(out, "IDAT", TestPngs.deflate(raw));
        TestPngs.chunk(out, "IEND", new byte[0]);
        refused(Problem.CORRUPT, "expected a filter type 0..4 in row 1, found 9",
                () -> PngImages.decodeLabelIds(out.toByteArray(), NAME));
    }

    @Test
    void missingIendIsTruncation() {
        byte[] png = gray8();
        byte[] noEnd = Arrays.copyOf(png, png.length - 12);
        refused(Problem.TRUNCATED, "expected an IEND chunk", () -> PngImages.decodeLabelIds(noEnd, NAME));
    }
}
