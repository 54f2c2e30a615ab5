package org.segpipe.core.generate.saliency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.generate.GenerateConfig;
import org.segpipe.core.metrics.saliency.GreyMap;
import org.segpipe.core.png.PngImages;

class SaliencyDatasetGeneratorTest {

    private static GenerateConfig config(Path out, int threads, long seed) {
        return new GenerateConfig(out, Map.of(Split.TRAIN, 4, Split.VAL, 2), 48, 64, seed, GenerateConfig.DEFAULT_CITIES,
                threads);
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    @Test
    void sameSeedSameBytesWhateverTheThreads(@TempDir Path dir) throws IOException {
        SaliencyDatasetGenerator.Result one = SaliencyDatasetGenerator.run(config(dir.resolve("a"), 1, 5));
        SaliencyDatasetGenerator.run(config(dir.resolve("b"), 3, 5));
        SaliencyDatasetGenerator.run(config(dir.resolve("c"), 1, 6));
        assertEquals(6, one.images());
        assertEquals(files(dir.resolve("a")), files(dir.resolve("b")));
        assertEquals(12, files(dir.resolve("a")).size());
        for (Path f : files(dir.resolve("a"))) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)),
                    f.toString());
        }
        Path f = Path.of("train", "images", "sal_train_00000.png");
        assertTrue(!java.util.Arrays.equals(Files.readAllBytes(dir.resolve("a").resolve(f)),
                Files.readAllBytes(dir.resolve("c").resolve(f))), "another seed draws another scene");
    }

    @Test
    void imagesAndBinaryMasksShareStemsAndSize(@TempDir Path dir) throws IOException {
        SaliencyDatasetGenerator.run(config(dir, 2, 9));
        for (int i = 0; i < 4; i++) {
            String name = SaliencyDatasetGenerator.stem(Split.TRAIN, i) + ".png";
            var image = PngImages.decodeRgb(Files.readAllBytes(dir.resolve("train/images").resolve(name)), name);
            GreyMap mask = GreyMap.decodePng(Files.readAllBytes(dir.resolve("train/masks").resolve(name)), name);
            assertEquals(64, image.width());
            assertEquals(48, mask.height());
            int fg = 0;
            for (int p = 0; p < mask.values().length; p++) {
                int v = mask.at(p);
                assertTrue(v == 0 || v == 255, name + " has mask value " + v);
                fg += v == 255 ? 1 : 0;
            }
            // one to three objects: a clear but partial share of the frame
            assertTrue(fg > 64 * 48 / 50 && fg < 64 * 48 / 2, name + " foreground " + fg);
        }
    }
}
