package org.segpipe.spark.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.augment.SampleAugmenter;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.config.Settings;
import org.segpipe.core.config.SettingsResolver;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.png.PngDecoder;
import org.segpipe.core.png.PngImages;
import org.segpipe.spark.train.TrainStep;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.LocalSpark;

/**
 * Prediction writes the official Cityscapes result formats, read back here file by file: the
 * semantic label-id PNGs, the instance txt files with their masks, and the panoptic PNGs with
 * their JSON; the Parquet rows carry the same content. Bad model files are refused.
 */
class PredictStepTest {

    private static final SparkSession SPARK = LocalSpark.get();
    private static Path data;
    private static Path model;

    @BeforeAll
    static void trainATinyModel(@TempDir Path dir) {
        data = FixtureDatasets.cityscapes(dir.resolve("cs"), 6, 64, 32, 5);
        Settings s = SettingsResolver.resolve(null, List.of("train.data=" + data.toUri(), "train.out=" + dir.resolve("train").toUri(),
                "model.depth=2", "model.base-filters=4", "model.input-height=32", "model.input-width=64", "train.epochs=3",
                "train.batch-size=3", "train.progress=off", "train.learning-rate=0.01", "train.validation-split="));
        model = Path.of(java.net.URI.create(TrainStep.run(SPARK, s, SampleAugmenter.NONE, new PrintStream(new ByteArrayOutputStream()))
                .modelUri()));
    }

    private static Settings settings(Path out, String... extra) {
        List<String> kv = new ArrayList<>(List.of("predict.model=" + model.toUri(), "predict.data=" + data.toUri(),
                "predict.out=" + out.toUri(), "predict.split=val", "predict.batch-size=2", "predict.min-instance-px=2"));
        kv.addAll(List.of(extra));
        return SettingsResolver.resolve(null, kv);
    }

    @Test
    void writesBothFormatsThatReadBackConsistently(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pred");
        PredictStep.Result r = PredictStep.run(SPARK, settings(out), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(3, r.images());
        assertEquals(0, r.rejected());
        Path cs = out.resolve("cityscapes");

        Set<Integer> evaluatedIds = new HashSet<>();
        CityscapesLabels.trainClasses().forEach(l -> evaluatedIds.add(l.id()));
        JsonNode panoptic = new ObjectMapper().readTree(cs.resolve("cityscapes_panoptic_val.json").toFile());
        assertEquals(3, panoptic.get("annotations").size());
        assertEquals(19, panoptic.get("categories").size());
        long instanceLines = 0;
        for (JsonNode ann : panoptic.get("annotations")) {
            String key = ann.get("image_id").asText();
            // semantic: 8-bit grayscale label ids of evaluated classes
            ClassMask semantic = PngImages.decodeLabelIds(Files.readAllBytes(cs.resolve("semantic/" + key + "_pred_labelIds.png")), key);
            assertEquals(64, semantic.width());
            assertEquals(32, semantic.height());
            for (int i = 0; i < semantic.pixels(); i++) {
                assertTrue(evaluatedIds.contains(semantic.at(i)), "label id " + semantic.at(i));
            }
            // instances: "relative/mask.png labelId confidence", masks of 0/255 inside the results folder
            List<String> lines = Files.readAllLines(cs.resolve("instance/" + key + "_pred.txt"));
            for (String line : lines) {
                String[] f = line.split(" ");
                assertEquals(3, f.length, line);
                assertTrue(!f[0].startsWith("/"), "relative path: " + line);
                int labelId = Integer.parseInt(f[1]);
                assertTrue(CityscapesLabels.byId(labelId).hasInstances(), line);
                double conf = Double.parseDouble(f[2]);
                assertTrue(conf > 0 && conf <= 1, line);
                byte[] png = Files.readAllBytes(cs.resolve("instance").resolve(f[0]));
                assertEquals("8-bit grayscale", PngDecoder.readHeader(png, f[0], org.segpipe.core.png.PngLimits.DEFAULT).format());
                ClassMask mask = PngImages.decodeClassMask(png, f[0], org.segpipe.core.image.ClassEncoding.LABEL_IDS, false);
                int area = 0;
                for (int i = 0; i < mask.pixels(); i++) {
                    if (mask.at(i) != 0) {
                        assertEquals(255, mask.at(i));
                        assertEquals(labelId, semantic.at(i), "mask pixels carry the instance's class in the semantic image");
                        area++;
                    }
                }
                assertTrue(area >= 2, line);
            }
            instanceLines += lines.size();
            // panoptic: ids in the PNG are exactly the segments of the JSON, areas match, categories are evaluated ids
            assertEquals(key + "_panoptic.png", ann.get("file_name").asText());
            byte[] rgb = org.segpipe.core.png.PngDecoder.decode(Files.readAllBytes(cs.resolve("cityscapes_panoptic_val/" + key + "_panoptic.png")),
                    key).samples8();
            Map<Integer, Integer> areas = new HashMap<>();
            for (int i = 0; i < rgb.length; i += 3) {
                int id = (rgb[i] & 0xFF) + 256 * (rgb[i + 1] & 0xFF) + 65536 * (rgb[i + 2] & 0xFF);
                if (id != 0) {
                    areas.merge(id, 1, Integer::sum);
                }
            }
            Map<Integer, Integer> declared = new HashMap<>();
            for (JsonNode seg : ann.get("segments_info")) {
                declared.put(seg.get("id").asInt(), seg.get("area").asInt());
                assertTrue(evaluatedIds.contains(seg.get("category_id").asInt()), seg.toString());
                int id = seg.get("id").asInt();
                assertEquals(id >= 1000 ? id / 1000 : id, seg.get("category_id").asInt(), seg.toString());
            }
            assertEquals(declared, areas, key);
        }
        assertEquals(r.instances(), instanceLines);

        List<Row> rows = SPARK.read().parquet(out.resolve("predictions").toString()).orderBy("key").collectAsList();
        assertEquals(3, rows.size());
        Row first = rows.get(0);
        assertEquals(r.runId(), first.getAs("run_id"));
        assertEquals(r.modelSha256(), first.getAs("model_sha256"));
        ClassMask fromRow = PngImages.decodeLabelIds(first.getAs("label_ids_png"), "row");
        ClassMask fromFile = PngImages.decodeLabelIds(Files.readAllBytes(cs.resolve("semantic/" + first.getAs("key") + "_pred_labelIds.png")), "file");
        assertEquals(java.util.Arrays.toString(fromFile.values()), java.util.Arrays.toString(fromRow.values()));
    }

    @Test
    void refusesDamagedOrMismatchedModels(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("model.zip");
        Files.copy(model, copy);
        Files.writeString(dir.resolve("model.zip.sha256"), "0".repeat(64) + "  model.zip\n");
        var mismatch = assertThrows(IllegalArgumentException.class, () -> PredictStep.run(SPARK,
                settings(dir.resolve("o1"), "predict.model=" + copy.toUri()), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(mismatch.getMessage().contains("says " + "0".repeat(64)), mismatch.getMessage());

        Path broken = dir.resolve("broken.zip");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(broken, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        var corrupt = assertThrows(IllegalArgumentException.class, () -> PredictStep.run(SPARK,
                settings(dir.resolve("o2"), "predict.model=" + broken.toUri()), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(corrupt.getMessage().startsWith(broken.toUri() + " "), corrupt.getMessage());

        var tiles = assertThrows(org.segpipe.core.config.ConfigException.class, () -> PredictStep.run(SPARK,
                settings(dir.resolve("o3"), "predict.tile-height=30", "predict.tile-width=32"), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(tiles.getMessage().contains("multiples of 2^model.depth = 4"), tiles.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("o")), "nothing written before the checks");
        }
    }

    @Test
    void tiledPredictionCoversWholeImages(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("tiled");
        PredictStep.Result r = PredictStep.run(SPARK, settings(out, "predict.tile-height=16", "predict.tile-width=32",
                "predict.tile-overlap=8", "predict.format=cityscapes"), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(3, r.images());
        try (Stream<Path> s = Files.list(out.resolve("cityscapes/semantic"))) {
            for (Path p : s.toList()) {
                ClassMask m = PngImages.decodeLabelIds(Files.readAllBytes(p), p.toString());
                assertEquals(64 * 32, m.pixels());
            }
        }
        assertTrue(!Files.exists(out.resolve("predictions")), "cityscapes format only");
    }
}
