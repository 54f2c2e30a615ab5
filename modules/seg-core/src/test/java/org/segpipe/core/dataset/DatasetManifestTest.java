package org.segpipe.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetManifestTest {

    /** Label ids: 0 unlabeled (train 255), 7 road (0), 8 sidewalk (1), 9 parking (255), 24 person (11), 26 car (13). */
    static DatasetManifest sample() {
        long[] trainPx = new long[34];
        trainPx[0] = 5;
        trainPx[7] = 100;
        trainPx[8] = 20;
        trainPx[9] = 3;
        trainPx[26] = 40;
        long[] trainInst = new long[34];
        trainInst[26] = 2;
        long[] valPx = new long[34];
        valPx[7] = 10;
        valPx[24] = 2;
        long[] valInst = new long[34];
        valInst[24] = 1;
        var train = new DatasetManifest.SplitStats("train", 2, 300, "a".repeat(64), trainPx, trainInst,
                List.of(new DatasetManifest.CityStats("aachen", 2, 300, trainPx, trainInst)));
        var val = new DatasetManifest.SplitStats("val", 1, 100, "b".repeat(64), valPx, valInst,
                List.of(new DatasetManifest.CityStats("lindau", 1, 100, valPx, valInst)));
        return new DatasetManifest(DatasetManifest.FORMAT, "v1", "c".repeat(64), "gtFine", 3, 400, 900,
                new DatasetManifest.Balance(5, 3, 2, 4), List.of(train, val),
                List.of(new DatasetManifest.ShardFile("shards/split=train/part-00000.parquet", "train", 2, 600, 300)),
                List.of("rejects/part-00000.parquet"), "20260101-000000-abcd", "2026-01-01T00:00:00Z", "0.1.0+abc",
                "file:/data/cs", Map.of("ingest.splits", "train,val"), "d".repeat(64));
    }

    @Test
    void trainIdPixelsFoldLabelIdsAndLeaveOutIgnored() {
        DatasetManifest m = sample();
        long[] train = new long[19];
        train[0] = 100; // road
        train[1] = 20; // sidewalk
        train[13] = 40; // car; unlabeled (5) and parking (3) map to 255 and are left out
        assertArrayEquals(train, m.trainIdPixels("train"));
        long[] all = train.clone();
        all[0] = 100 + 10;
        all[11] = 2; // person, from val
        assertArrayEquals(all, m.trainIdPixels(null));
        assertEquals(2 + 1, m.labelIdInstances(null)[26] + m.labelIdInstances(null)[24]);
    }

    @Test
    void jsonRoundTripsAndIsReadableByOthers(@TempDir Path dir) throws Exception {
        DatasetManifest m = sample();
        String json = m.toJson();
        assertTrue(json.contains("\"label_names\" : [ \"unlabeled\", \"ego vehicle\""), json);
        assertTrue(json.contains("\"train_id_pixels\" : [ 100, 20, 0"), json);
        assertTrue(json.contains("\"holds\" : true"), json);
        Files.writeString(dir.resolve("manifest.json"), json);
        DatasetManifest back = DatasetManifest.read(dir);
        assertEquals(json, back.toJson());
        assertArrayEquals(m.trainIdPixels("val"), back.trainIdPixels("val"));
        assertEquals(List.of("train", "val"), back.splitNames());
        assertTrue(back.balance().holds());
        assertFalse(new DatasetManifest.Balance(5, 3, 1, 4).holds());
    }

    /**
     * An augmented dataset: 5 input samples, 2 copies each; one rejected. 5 x 2 = 8 rows + 1 x 2.
     * A manifest written before copies_per_image existed reads it as 1.
     */
    @Test
    void balanceCountsCopiesPerImage() throws Exception {
        var augmented = new DatasetManifest.Balance(5, 8, 1, 1, 2);
        assertTrue(augmented.holds());
        assertFalse(new DatasetManifest.Balance(5, 9, 1, 1, 2).holds());
        assertEquals("5 samples in x 2 copies = 8 shard rows + 1 rejected samples x 2 (1 reject rows)", augmented.toString());
        assertEquals("5 images in = 3 shard rows + 2 rejected images (4 reject rows)",
                new DatasetManifest.Balance(5, 3, 2, 4).toString());
        assertEquals(1, new DatasetManifest.Balance(5, 3, 2, 4).copiesPerImage());
        String json = sample().toJson();
        assertTrue(json.contains("\"copies_per_image\" : 1"), json);
        DatasetManifest old = DatasetManifest.fromJson(json.replace("\"copies_per_image\" : 1,", "")
                .getBytes(StandardCharsets.UTF_8), "old.json");
        assertEquals(new DatasetManifest.Balance(5, 3, 2, 4), old.balance());
        assertThrows(IllegalArgumentException.class, () -> new DatasetManifest.Balance(5, 3, 2, 4, -1));
    }

    /** Extra top-level fields (augment's provenance) are written after the manifest's own and ignored on read. */
    @Test
    void extraFieldsRoundTrip() throws Exception {
        DatasetManifest m = sample();
        Map<String, Object> extra = Map.of("augment", Map.of("seed", 17, "pipeline", "hflip"));
        String json = m.toJson(extra);
        assertTrue(json.endsWith("\"augment\" : {\n    \"seed\" : 17,\n    \"pipeline\" : \"hflip\"\n  }\n}\n")
                || json.endsWith("\"augment\" : {\n    \"pipeline\" : \"hflip\",\n    \"seed\" : 17\n  }\n}\n"), json);
        DatasetManifest back = DatasetManifest.fromJson(json.getBytes(StandardCharsets.UTF_8), "m.json");
        assertEquals(m.toJson(), back.toJson());
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertEquals(json, back.toJson(Map.of("augment", node.get("augment"))));
        var clash = assertThrows(IllegalArgumentException.class, () -> m.toJson(Map.of("balance", 1)));
        assertEquals("extra manifest field 'balance' is a field of the manifest itself; choose another name", clash.getMessage());
    }

    @Test
    void badManifestsAreRefusedWithTheSource(@TempDir Path dir) {
        var missing = assertThrows(IllegalArgumentException.class, () -> DatasetManifest.read(dir));
        assertTrue(missing.getMessage().contains("manifest.json does not exist"), missing.getMessage());
        var format = assertThrows(IllegalArgumentException.class, () -> DatasetManifest.fromJson(
                "{\"format\": \"other/2\"}".getBytes(StandardCharsets.UTF_8), "x.json"));
        assertEquals("x.json: expected a manifest of format segpipe-dataset/1, found format 'other/2'", format.getMessage());
        var notJson = assertThrows(IllegalArgumentException.class, () -> DatasetManifest.fromJson(
                "{".getBytes(StandardCharsets.UTF_8), "x.json"));
        assertTrue(notJson.getMessage().startsWith("x.json: expected a segpipe dataset manifest (JSON)"), notJson.getMessage());
        var split = assertThrows(IllegalArgumentException.class, () -> sample().split("test"));
        assertEquals("dataset v1 has no split 'test'; it holds [train, val]", split.getMessage());
    }
}
