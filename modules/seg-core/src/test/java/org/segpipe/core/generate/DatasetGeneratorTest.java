package org.segpipe.core.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.Settings;

class DatasetGeneratorTest {

    private static GenerateConfig config(Path out, long seed, int threads) {
        return new GenerateConfig(out, GenerateConfig.spread(4, List.of(Split.TRAIN, Split.VAL)), 64, 128, seed,
                GenerateConfig.DEFAULT_CITIES, threads);
    }

    private static Map<String, byte[]> tree(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    @Test
    void writesTheExactCityscapesLayout(@TempDir Path dir) throws IOException {
        var result = DatasetGenerator.run(config(dir, 7, 2));
        assertEquals(4, result.images());
        assertEquals(20, result.files());
        assertEquals(List.of(
                "gtFine/train/aachen/aachen_000000_000019_gtFine_color.png",
                "gtFine/train/aachen/aachen_000000_000019_gtFine_instanceIds.png",
                "gtFine/train/aachen/aachen_000000_000019_gtFine_labelIds.png",
                "gtFine/train/aachen/aachen_000000_000019_gtFine_polygons.json",
                "gtFine/train/bochum/bochum_000000_000019_gtFine_color.png",
                "gtFine/train/bochum/bochum_000000_000019_gtFine_instanceIds.png",
                "gtFine/train/bochum/bochum_000000_000019_gtFine_labelIds.png",
                "gtFine/train/bochum/bochum_000000_000019_gtFine_polygons.json",
                "gtFine/val/frankfurt/frankfurt_000000_000019_gtFine_color.png",
                "gtFine/val/frankfurt/frankfurt_000000_000019_gtFine_instanceIds.png",
                "gtFine/val/frankfurt/frankfurt_000000_000019_gtFine_labelIds.png",
                "gtFine/val/frankfurt/frankfurt_000000_000019_gtFine_polygons.json",
                "gtFine/val/lindau/lindau_000000_000019_gtFine_color.png",
                "gtFine/val/lindau/lindau_000000_000019_gtFine_instanceIds.png",
                "gtFine/val/lindau/lindau_000000_000019_gtFine_labelIds.png",
                "gtFine/val/lindau/lindau_000000_000019_gtFine_polygons.json",
                "leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png",
                "leftImg8bit/train/bochum/bochum_000000_000019_leftImg8bit.png",
                "leftImg8bit/val/frankfurt/frankfurt_000000_000019_leftImg8bit.png",
                "leftImg8bit/val/lindau/lindau_000000_000019_leftImg8bit.png"), List.copyOf(tree(dir).keySet()));
    }

    @Test
    void sameSeedSameBytesWhateverTheThreadCount(@TempDir Path a, @TempDir Path b, @TempDir Path c) throws IOException {
        DatasetGenerator.run(config(a, 7, 1));
        DatasetGenerator.run(config(b, 7, 3));
        DatasetGenerator.run(config(c, 8, 2));
        Map<String, byte[]> ta = tree(a);
        Map<String, byte[]> tb = tree(b);
        assertEquals(ta.keySet(), tb.keySet());
        for (String k : ta.keySet()) {
            assertArrayEquals(ta.get(k), tb.get(k), k);
        }
        Map<String, byte[]> tc = tree(c);
        assertFalse(java.util.Arrays.equals(ta.get("leftImg8bit/val/lindau/lindau_000000_000019_leftImg8bit.png"),
                tc.get("leftImg8bit/val/lindau/lindau_000000_000019_leftImg8bit.png")), "another seed, another scene");
    }

    @Test
    void trainExtraGetsCoarseAnnotations(@TempDir Path dir) throws IOException {
        DatasetGenerator.run(new GenerateConfig(dir, Map.of(Split.TRAIN_EXTRA, 1), 32, 64, 1,
                GenerateConfig.DEFAULT_CITIES, 1));
        assertTrue(Files.exists(dir.resolve(
                "gtCoarse/train_extra/augsburg/augsburg_000000_000019_gtCoarse_labelIds.png")));
    }

    @Test
    void configFromSettingsValidatesWithKeyNames() {
        var base = new java.util.HashMap<>(org.segpipe.core.config.ConfigKeys.defaults());
        base.put("generate.out", "/tmp/x");
        base.put("generate.images", "train=3,val=1");
        GenerateConfig c = GenerateConfig.from(Settings.of(base));
        assertEquals(Map.of(Split.TRAIN, 3, Split.VAL, 1), c.imagesPerSplit());
        assertEquals(1024, c.height());

        base.put("generate.images", "5");
        base.put("generate.splits", "train,val,test");
        assertEquals(Map.of(Split.TRAIN, 2, Split.VAL, 2, Split.TEST, 1), GenerateConfig.from(Settings.of(base)).imagesPerSplit());

        base.put("generate.splits", "train,dev");
        assertMessage(base, "'generate.splits' has 'dev'");
        base.put("generate.splits", "train");
        base.put("generate.images", "many");
        assertMessage(base, "'generate.images' is 'many' but must be a count");
        base.put("generate.images", "4");
        base.put("generate.height", "8");
        assertMessage(base, "'generate.height' x 'generate.width' is 8x2048 but must be at least 16x16");
        base.put("generate.height", "64");
        base.put("generate.cities", "Aachen");
        assertMessage(base, "'generate.cities' has 'Aachen'");
    }

    private static void assertMessage(Map<String, String> values, String fragment) {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GenerateConfig.from(Settings.of(values)));
        assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' in: " + e.getMessage());
    }
}
