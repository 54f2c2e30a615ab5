package org.segpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.png.PngImages;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.LocalSpark;

class AugmentCommandTest {

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SegCli.standard().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Two synthetic samples, two copies each: 6 tiles of 384x192 plus gaps and captions per row. */
    @Test
    void previewWritesASheet(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("sheet.png");
        Outcome o = run("augment", "--preview", "2", "--out", png.toString(), "--pipeline", "light", "--copies", "2",
                "--height", "64", "--width", "128");
        assertEquals(ExitCodes.OK, o.code(), o.err());
        RgbImage sheet = PngImages.decodeRgb(Files.readAllBytes(png), png.toString());
        assertEquals(6 + 6 * (384 + 6), sheet.width());
        assertEquals(6 + 2 * (16 + 192 + 6), sheet.height());
        assertTrue(o.out().startsWith("wrote " + png + ": 2 samples x 2 copies"), o.out());
    }

    @Test
    void jobWritesCopiesAndReportsCounts(@TempDir Path dir) {
        LocalSpark.get(); // the command's session builder then returns the shared test session
        Path in = FixtureDatasets.cityscapes(dir.resolve("cs"), 2, 64, 32, 1);
        Outcome o = run("augment", "--input", in.toString(), "--output", dir.resolve("out").toString(), "--copies", "2",
                "--pipeline", "crop(height=16, width=32); hflip", "--splits", "train,val");
        assertEquals(ExitCodes.OK, o.code(), o.err());
        assertTrue(o.out().startsWith("augmented 2 samples into 4 rows ({train=2, val=2}), 0 rejected"), o.out());
        assertTrue(Files.exists(dir.resolve("out/manifest.json")));
    }

    @Test
    void badSettingsExitTwoNamingTheKey(@TempDir Path dir) {
        Outcome pipeline = run("augment", "--input", "x", "--output", "y", "--pipeline", "hflip(p=2)");
        assertEquals(ExitCodes.USAGE, pipeline.code());
        assertTrue(pipeline.err().contains("'augment.pipeline' step 1 'hflip(p=2)': p is 2 but must be in [0, 1]"), pipeline.err());
        Outcome output = run("augment", "--input", "x");
        assertEquals(ExitCodes.USAGE, output.code());
        assertTrue(output.err().contains("'augment.output' is not set: give --output URI"), output.err());
        Outcome copies = run("augment", "--input", "x", "--output", "y", "--copies", "0");
        assertTrue(copies.err().contains("'augment.copies' is 0 but must be at least 1"), copies.err());
        Outcome noOut = run("augment", "--preview", "2");
        assertEquals(ExitCodes.USAGE, noOut.code());
        assertTrue(noOut.err().contains("--preview needs --out FILE.png"), noOut.err());
        Outcome fill = run("augment", "--preview", "1", "--out", dir.resolve("p.png").toString(), "--set",
                "augment.image-fill=300");
        assertTrue(fill.err().contains("'augment.image-fill' is '300' but must be a gray level"), fill.err());
    }

    @Test
    void benchAugmentPrintsFiguresAgainstItsBaselines() {
        Outcome o = run("bench", "augment", "--height", "64", "--width", "128", "--seconds", "0.05", "--threads", "1",
                "--pipeline", "crop(height=32, width=64); hflip");
        assertEquals(ExitCodes.OK, o.code(), o.err());
        assertTrue(o.out().contains("decode 3 PNGs (baseline)") && o.out().contains("augment + encode 3 PNGs"), o.out());
    }
}
