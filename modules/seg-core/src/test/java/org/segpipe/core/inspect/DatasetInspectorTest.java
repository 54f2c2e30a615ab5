package org.segpipe.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DataProblem;
import org.segpipe.core.generate.DatasetGenerator;
import org.segpipe.core.generate.GenerateConfig;
import org.segpipe.core.png.PngEncoder;

class DatasetInspectorTest {

    private static void generate(Path root, int images) {
        DatasetGenerator.run(new GenerateConfig(root, GenerateConfig.spread(images, List.of(Split.TRAIN, Split.VAL)),
                32, 64, 3, GenerateConfig.DEFAULT_CITIES, 2));
    }

    @Test
    void aGeneratedTreeIsClean(@TempDir Path root) {
        generate(root, 6);
        InspectionReport r = DatasetInspector.inspect(root, 2);
        assertEquals(List.of(), r.problems());
        assertEquals(6, r.pairs());
        assertEquals(30, r.filesSeen());
        assertEquals(3, r.imagesPerCity().get(Split.TRAIN).values().stream().mapToInt(Integer::intValue).sum());
        long pixels = 0;
        for (long p : r.classPixels()) {
            pixels += p;
        }
        assertEquals(6L * 32 * 64, pixels, "every pixel of every valid sample counted once");
        assertTrue(r.instanceCounts()[26] + r.instanceCounts()[24] > 0, "cars or persons were counted");
        String printed = print(r);
        assertTrue(printed.contains("valid samples: 6"), printed);
        assertTrue(printed.contains("road"), printed);
    }

    @Test
    void everyBadInputIsReportedAndNothingCrashes(@TempDir Path root) throws IOException {
        generate(root, 8);
        Path train = root.resolve("gtFine/train");
        Path img = root.resolve("leftImg8bit/train");
        // 1. corrupt PNG (garbage) as an image
        Files.write(img.resolve("aachen/aachen_000000_000019_leftImg8bit.png"), "garbage".getBytes(StandardCharsets.UTF_8));
        // 2. zero-byte labelIds
        Files.write(train.resolve("bochum/bochum_000000_000019_gtFine_labelIds.png"), new byte[0]);
        // 3. 16-bit labelIds where 8-bit is expected
        Files.write(train.resolve("bremen/bremen_000000_000019_gtFine_labelIds.png"),
                PngEncoder.encodeGray16(64, 32, new short[64 * 32]));
        // 4. unknown label id (200) and an instance id of a class without instances (road, 7001)
        byte[] labels = new byte[64 * 32];
        labels[5] = (byte) 200;
        Files.write(train.resolve("aachen/aachen_000001_000019_gtFine_labelIds.png"), PngEncoder.encodeGray8(64, 32, labels));
        short[] inst = new short[64 * 32];
        inst[0] = 7001;
        Files.write(train.resolve("aachen/aachen_000001_000019_gtFine_instanceIds.png"), PngEncoder.encodeGray16(64, 32, inst));
        // 5. unpaired image (no gtFine files at all) and an annotation without image
        Files.createDirectories(img.resolve("ulm"));
        Files.copy(root.resolve("leftImg8bit/val/frankfurt/frankfurt_000000_000019_leftImg8bit.png"),
                img.resolve("ulm/ulm_000000_000019_leftImg8bit.png"));
        Files.copy(train.resolve("bochum/bochum_000000_000019_gtFine_instanceIds.png"),
                train.resolve("bochum/bochum_000099_000019_gtFine_instanceIds.png"));
        // 6. a malformed name, a wrong size and a directory named like a file
        Files.write(train.resolve("aachen/aachen_12_000019_gtFine_labelIds.png"), new byte[] {1});
        Files.write(root.resolve("gtFine/val/frankfurt/frankfurt_000000_000019_gtFine_labelIds.png"),
                PngEncoder.encodeGray8(10, 10, new byte[100]));
        Files.createDirectories(root.resolve("gtFine/val/lindau/lindau_000005_000019_gtFine_labelIds.png"));
        // 7. a dangling link
        Files.createSymbolicLink(train.resolve("bochum/bochum_000001_000019_gtFine_color.png"), root.resolve("nowhere.png"));

        InspectionReport r = DatasetInspector.inspect(root, 2);
        List<String> reasons = r.problems().stream().map(DataProblem::reason).toList();
        String all = String.join("\n", reasons);
        assertContains(all, "aachen_000000_000019_leftImg8bit.png: not a PNG file");
        assertContains(all, "bochum_000000_000019_gtFine_labelIds.png: not a PNG file: the file is empty (0 bytes)");
        assertContains(all, "bremen_000000_000019_gtFine_labelIds.png: expected 8-bit grayscale, found 16-bit grayscale");
        assertContains(all, "found unknown ids 200 (1 px)");
        assertContains(all, "instance value 7001 names an instance of 'road', a class without instances");
        assertContains(all, "ulm_000000_000019_leftImg8bit.png: unpaired image: expected gtFine/train/ulm/ulm_000000_000019_gtFine_labelIds.png");
        assertContains(all, "bochum_000099_000019_gtFine_instanceIds.png: no image");
        assertContains(all, "aachen_12_000019_gtFine_labelIds.png: expected {city}");
        assertContains(all, "frankfurt_000000_000019_gtFine_labelIds.png: expected 64x32 like the image, found 10x10");
        assertContains(all, "lindau_000005_000019_gtFine_labelIds.png: expected a file, found a directory");
        assertContains(all, "bochum_000001_000019_gtFine_color.png: expected a regular file, found a broken link");
        assertEquals(1, r.unpairedImages());
        // 8 generated: aachen0, bochum0, bremen0, aachen1 and frankfurt0 are broken; 3 stay valid.
        assertEquals(3, r.pairs(), all);
        assertTrue(!r.ok());
        String printed = print(r);
        assertTrue(printed.contains("problems (" + r.problems().size() + ")"), printed);
    }

    @Test
    void aMissingFolderIsOneProblem(@TempDir Path dir) {
        InspectionReport r = DatasetInspector.inspect(dir.resolve("nope"), 1);
        assertEquals(1, r.problems().size());
        assertContains(r.problems().get(0).reason(), "expected a folder holding leftImg8bit/ and gtFine/, found nothing");
    }

    private static void assertContains(String text, String fragment) {
        assertTrue(text.contains(fragment), "'" + fragment + "' in:\n" + text);
    }

    private static String print(InspectionReport r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InspectionPrinter.print(r, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
