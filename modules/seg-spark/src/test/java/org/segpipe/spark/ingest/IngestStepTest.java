package org.segpipe.spark.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.SettingsResolver;
import org.segpipe.core.dataset.DatasetManifest;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.png.PngImages;
import org.segpipe.spark.data.DatasetManifests;
import org.segpipe.spark.data.FaultyFileSystem;
import org.segpipe.spark.data.SampleSources;
import org.segpipe.spark.data.SampleTable;
import org.segpipe.spark.data.ShardTable;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.LocalSpark;

class IngestStepTest {

    private static final List<Split> BOTH = List.of(Split.TRAIN, Split.VAL);
    private final SparkSession spark = LocalSpark.get();

    static IngestResult ingest(SparkSession spark, String input, Path out, String... sets) {
        List<String> overrides = new ArrayList<>(List.of("ingest.input=" + input, "ingest.output=file://" + out.toAbsolutePath()));
        overrides.addAll(List.of(sets));
        return IngestStep.run(spark, SettingsResolver.resolve(null, overrides));
    }

    /** key -> row of every shard row, read through the public API. */
    private Map<String, Row> shardRows(Path dataset) {
        Map<String, Row> out = new TreeMap<>();
        for (Row r : SampleSources.read(spark, dataset.toUri().toString(), BOTH, AnnotationSet.GT_FINE).collectAsList()) {
            out.put(r.getAs(SampleTable.KEY), r);
        }
        return out;
    }

    @Test
    void validSamplesBecomeShardRowsAndEveryBadFileARejectRow(@TempDir Path dir) throws Exception {
        Path root = FixtureDatasets.cityscapes(dir.resolve("cs"), 8, 64, 32, 11);
        Path img = root.resolve("leftImg8bit");
        Path gt = root.resolve("gtFine");
        // Fixture: train aachen_000000, aachen_000001, bochum_000000, bremen_000000;
        //          val frankfurt_000000, frankfurt_000001, lindau_000000, munster_000000.
        // corrupt PNG: a truncated image
        Path corrupt = img.resolve("train/aachen/aachen_000001_000019_leftImg8bit.png");
        Files.write(corrupt, java.util.Arrays.copyOf(Files.readAllBytes(corrupt), 100));
        // unpaired image, and an annotation without an image
        Files.copy(img.resolve("train/aachen/aachen_000000_000019_leftImg8bit.png"),
                img.resolve("train/aachen/aachen_000007_000019_leftImg8bit.png"));
        Files.copy(gt.resolve("train/aachen/aachen_000000_000019_gtFine_labelIds.png"),
                gt.resolve("train/aachen/aachen_000009_000019_gtFine_labelIds.png"));
        // unknown label id 40 in 3 pixels
        Path bochumLabels = gt.resolve("train/bochum/bochum_000000_000019_gtFine_labelIds.png");
        ClassMask labels = PngImages.decodeLabelIds(Files.readAllBytes(bochumLabels), "test");
        byte[] values = labels.values().clone();
        values[0] = values[1] = values[2] = 40;
        Files.write(bochumLabels, PngImages.encode(new ClassMask(64, 32, values, ClassEncoding.LABEL_IDS)));
        // mismatched size: instance ids of 32x16 for a 64x32 image
        Files.write(gt.resolve("train/bremen/bremen_000000_000019_gtFine_instanceIds.png"),
                PngImages.encode(new InstanceMask(32, 16, new short[32 * 16])));
        // duplicate key: frankfurt_000000 also in train (image, labels, instances); the train copy sorts first and wins
        Files.createDirectories(img.resolve("train/frankfurt"));
        Files.createDirectories(gt.resolve("train/frankfurt"));
        Files.copy(img.resolve("val/frankfurt/frankfurt_000000_000019_leftImg8bit.png"),
                img.resolve("train/frankfurt/frankfurt_000000_000019_leftImg8bit.png"));
        for (String suffix : List.of("labelIds.png", "instanceIds.png")) {
            Files.copy(gt.resolve("val/frankfurt/frankfurt_000000_000019_gtFine_" + suffix),
                    gt.resolve("train/frankfurt/frankfurt_000000_000019_gtFine_" + suffix));
        }
        // unreadable: opening munster's image fails (through the faulty:// file system)
        FaultyFileSystem.register(spark, "munster_000000_000019_leftImg8bit.png");

        Path out = dir.resolve("ds");
        IngestResult result = ingest(spark, FaultyFileSystem.uri(root), out);
        DatasetManifest m = result.manifest();

        // 10 images in (8 generated, the unpaired copy, the train copy of frankfurt_000000):
        // valid aachen_000000, frankfurt_000000 (train), frankfurt_000001, lindau_000000;
        // rejected aachen_000001, aachen_000007, bochum, bremen, frankfurt_000000 (val), munster.
        assertEquals(new DatasetManifest.Balance(10, 4, 6, 1 + 1 + 1 + 2 + 1 + 5 + 1), m.balance());
        Map<String, Row> rows = shardRows(out);
        assertEquals(List.of("aachen_000000_000019", "frankfurt_000000_000019", "frankfurt_000001_000019", "lindau_000000_000019"),
                List.copyOf(rows.keySet()));
        assertEquals("train", rows.get("frankfurt_000000_000019").getAs(SampleTable.SPLIT));

        Map<String, List<Row>> rejects = spark.read().parquet(out.resolve("rejects").toString()).collectAsList().stream()
                .collect(Collectors.groupingBy(r -> r.<String>getAs("stage")));
        assertEquals(Map.of("decode", 1, "pair", 7, "read", 1, "validate", 3),
                rejects.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size())));
        assertReject(rejects, "decode", "aachen_000001_000019_leftImg8bit.png", "truncated", "aachen_000001_000019", true);
        assertReject(rejects, "pair", "aachen_000007_000019_leftImg8bit.png", "unpaired image: expected gtFine/train/aachen/"
                + "aachen_000007_000019_gtFine_labelIds.png and", "aachen_000007_000019", true);
        assertReject(rejects, "pair", "aachen_000009_000019_gtFine_labelIds.png", "no image: expected leftImg8bit/train/aachen/"
                + "aachen_000009_000019_leftImg8bit.png", "aachen_000009_000019", false);
        assertReject(rejects, "validate", "bochum_000000_000019_gtFine_labelIds.png", "found unknown ids 40 (3 px)",
                "bochum_000000_000019", true);
        assertReject(rejects, "validate", "bochum_000000_000019_gtFine_instanceIds.png", "found 3 disagreeing pixels",
                "bochum_000000_000019", true);
        assertReject(rejects, "validate", "bremen_000000_000019_gtFine_instanceIds.png", "expected 64x32 like the image, "
                + "found 32x16", "bremen_000000_000019", true);
        assertReject(rejects, "pair", "val/frankfurt/frankfurt_000000_000019_leftImg8bit.png", "duplicate key "
                + "frankfurt_000000_000019: already found in split 'train', found again in split 'val'", "frankfurt_000000_000019", true);
        assertReject(rejects, "read", "munster_000000_000019_leftImg8bit.png", "cannot be read (IOException: injected read failure",
                "munster_000000_000019", true);
        assertEquals(Map.of("decode", 1L, "pair", 7L, "read", 1L, "validate", 3L), result.rejectsByStage());

        // Shard rows hold the original bytes and statistics computed straight from the label PNGs.
        for (Row r : rows.values()) {
            String key = r.getAs(SampleTable.KEY);
            String split = r.getAs(SampleTable.SPLIT);
            String city = key.substring(0, key.indexOf('_'));
            Path labelFile = gt.resolve(split + "/" + city + "/" + key + "_gtFine_labelIds.png");
            Path instanceFile = gt.resolve(split + "/" + city + "/" + key + "_gtFine_instanceIds.png");
            assertArrayEquals(Files.readAllBytes(img.resolve(split + "/" + city + "/" + key + "_leftImg8bit.png")),
                    r.<byte[]>getAs(SampleTable.IMAGE_PNG), key);
            assertArrayEquals(Files.readAllBytes(labelFile), r.<byte[]>getAs(SampleTable.LABEL_IDS_PNG), key);
            assertNull(r.getAs(SampleTable.READ_ERROR));
            assertEquals(64, (int) r.getAs(ShardTable.WIDTH));
            assertEquals(32, (int) r.getAs(ShardTable.HEIGHT));
            assertEquals(m.datasetVersion(), r.getAs(ShardTable.DATASET_VERSION));
            assertEquals(directHistogram(labelFile), r.getList(r.fieldIndex(ShardTable.CLASS_PIXELS)), key);
            assertEquals(directInstanceCounts(instanceFile), r.getList(r.fieldIndex(ShardTable.CLASS_INSTANCES)), key);
        }
        // The manifest's per-split class pixels are the sums of the rows'.
        for (String split : List.of("train", "val")) {
            long[] expected = new long[34];
            rows.values().stream().filter(r -> r.getAs(SampleTable.SPLIT).equals(split)).forEach(r -> {
                List<Long> px = r.getList(r.fieldIndex(ShardTable.CLASS_PIXELS));
                for (int i = 0; i < 34; i++) {
                    expected[i] += px.get(i);
                }
            });
            assertArrayEquals(expected, m.labelIdPixels(split), split);
            assertEquals(64L * 32 * m.split(split).samples(), java.util.Arrays.stream(expected).sum());
        }
        assertEquals(2, m.split("train").samples());
        assertEquals(List.of("aachen", "frankfurt"), m.split("train").cities().stream().map(DatasetManifest.CityStats::city).toList());
        assertEquals("c" + m.contentSha256().substring(0, 12), m.datasetVersion());
        assertTrue(m.config().containsKey("ingest.target-shard-mb") && !m.config().containsKey("ingest.test-fail-after-rows"));
        assertFalse(Files.exists(out.resolve("_staging")), "staging is removed after publishing");
    }

    private static void assertReject(Map<String, List<Row>> byStage, String stage, String pathEnd, String reasonPart,
                                     String key, boolean namesImage) {
        Row r = byStage.getOrDefault(stage, List.of()).stream().filter(x -> x.<String>getAs("path").endsWith(pathEnd))
                .findFirst().orElseThrow(() -> new AssertionError("no " + stage + " reject for " + pathEnd + " in " + byStage));
        assertTrue(r.<String>getAs("reason").contains(reasonPart), r.<String>getAs("reason"));
        assertEquals(key, r.getAs(SampleTable.KEY));
        assertEquals(namesImage, r.getAs(SampleTable.IMAGE_PATH) != null, pathEnd);
    }

    /** Pixels per label id counted straight from the PNG, independent of the validator. */
    private static List<Long> directHistogram(Path labelIds) throws IOException {
        ClassMask mask = PngImages.decodeLabelIds(Files.readAllBytes(labelIds), labelIds.toString());
        Long[] counts = new Long[34];
        java.util.Arrays.fill(counts, 0L);
        for (byte b : mask.values()) {
            counts[b & 0xFF]++;
        }
        return List.of(counts);
    }

    /** Distinct instance ids (values of 1000 and more) per label id, straight from the PNG. */
    private static List<Integer> directInstanceCounts(Path instanceIds) throws IOException {
        InstanceMask mask = PngImages.decodeInstanceIds(Files.readAllBytes(instanceIds), instanceIds.toString());
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (int i = 0; i < mask.width() * mask.height(); i++) {
            if (mask.at(i) >= 1000) {
                ids.add(mask.at(i));
            }
        }
        Integer[] counts = new Integer[34];
        java.util.Arrays.fill(counts, 0);
        ids.forEach(v -> counts[v / 1000]++);
        return List.of(counts);
    }

    @Test
    void rerunIsIdempotentAndAFailedRunLeavesThePreviousVersion(@TempDir Path dir) throws Exception {
        Path root = FixtureDatasets.cityscapes(dir.resolve("cs"), 8, 64, 32, 5);
        String input = root.toUri().toString();
        Path out = dir.resolve("ds");
        // A target of half the train split's bytes gives two train shards.
        long trainBytes;
        try (Stream<Path> files = Files.walk(root)) {
            trainBytes = files.filter(p -> p.toString().contains("/train/") && !p.toString().endsWith("_color.png"))
                    .mapToLong(p -> p.toFile().isFile() ? p.toFile().length() : 0).sum();
        }
        String target = "ingest.target-shard-mb=" + trainBytes / 2.0 / (1024 * 1024);

        DatasetManifest first = ingest(spark, input, out, target, "ingest.dataset-version=v1").manifest();
        Map<String, Row> firstRows = shardRows(out);
        assertEquals(8, firstRows.size());
        assertEquals(new DatasetManifest.Balance(8, 8, 0, 0), first.balance());
        List<DatasetManifest.ShardFile> train = first.shardFiles().stream().filter(f -> f.split().equals("train")).toList();
        assertEquals(2, train.size(), first.shardFiles().toString());
        assertEquals(4, train.stream().mapToLong(DatasetManifest.ShardFile::rows).sum());
        assertEquals(trainBytes, first.split("train").payloadBytes());
        assertEquals(org.segpipe.core.dataset.ShardPlan.shardCount(first.split("val").payloadBytes(), 4, trainBytes / 2),
                first.shardFiles().stream().filter(f -> f.split().equals("val")).count());
        for (DatasetManifest.ShardFile f : first.shardFiles()) {
            assertEquals(Files.size(out.resolve(f.path())), f.bytes(), f.path());
        }

        IngestResult again = ingest(spark, input, out, target, "ingest.dataset-version=v1");
        DatasetManifest second = again.manifest();
        assertEquals(first.contentSha256(), second.contentSha256());
        assertNotEquals(first.runId(), second.runId());
        assertEquals(List.of("same content as the version it replaces (v1)"), again.notes());
        Map<String, Row> secondRows = shardRows(out);
        assertEquals(hashes(firstRows), hashes(secondRows));
        for (String key : firstRows.keySet()) {
            assertArrayEquals(firstRows.get(key).<byte[]>getAs(SampleTable.IMAGE_PNG),
                    secondRows.get(key).<byte[]>getAs(SampleTable.IMAGE_PNG), key);
        }
        assertEquals(second.toJson().replace(second.runId(), "R").replace(second.createdAt(), "T")
                        .replaceAll("part-[^\"]*", "P"),
                first.toJson().replace(first.runId(), "R").replace(first.createdAt(), "T").replaceAll("part-[^\"]*", "P"));

        // A run that fails after writing part of a shard leaves version v1 complete and readable.
        List<String> filesBefore = listFiles(out);
        Exception failure = assertThrows(Exception.class, () -> ingest(spark, input, out, target,
                "ingest.dataset-version=v2", "ingest.test-fail-after-rows=1"));
        assertTrue(rootCause(failure).getMessage().contains("injected failure after 1 rows"), rootCause(failure).toString());
        assertEquals("v1", DatasetManifests.read(spark.sparkContext().hadoopConfiguration(), out.toUri().toString()).datasetVersion());
        assertEquals(hashes(firstRows), hashes(shardRows(out)));
        assertEquals(filesBefore, listFiles(out), "nothing under the dataset changed");

        // A dataset that lost its manifest (a publish that crashed) is refused, not read in part.
        Files.delete(out.resolve("manifest.json"));
        var refused = assertThrows(IllegalArgumentException.class, () -> shardRows(out));
        assertTrue(refused.getMessage().contains("has no manifest.json") && refused.getMessage().contains("re-run seg ingest"),
                refused.getMessage());
    }

    private static Map<String, String> hashes(Map<String, Row> rows) {
        Map<String, String> out = new HashMap<>();
        rows.forEach((k, r) -> out.put(k, r.getAs(ShardTable.CONTENT_SHA256)));
        return out;
    }

    private static List<String> listFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void shardsReadBackLikeTheRawTree(@TempDir Path dir) throws Exception {
        Path root = FixtureDatasets.cityscapes(dir.resolve("cs"), 4, 64, 32, 8);
        Path out = dir.resolve("ds");
        ingest(spark, root.toString(), out, "ingest.splits=val");
        String ds = out.toUri().toString();
        List<Row> raw = SampleSources.read(spark, root.toUri().toString(), List.of(Split.VAL), AnnotationSet.GT_FINE)
                .orderBy(SampleTable.KEY).collectAsList();
        List<Row> shards = SampleSources.read(spark, ds, List.of(Split.VAL), AnnotationSet.GT_FINE)
                .orderBy(SampleTable.KEY).collectAsList();
        assertEquals(2, raw.size());
        assertEquals(raw.size(), shards.size());
        for (int i = 0; i < raw.size(); i++) {
            for (String c : SampleTable.schema().fieldNames()) {
                Object a = raw.get(i).getAs(c);
                Object b = shards.get(i).getAs(c);
                if (a instanceof byte[] ab) {
                    assertArrayEquals(ab, (byte[]) b, c);
                } else if (!c.equals(SampleTable.IMAGE_PATH)) {
                    assertEquals(a, b, c);
                }
            }
        }
        // Decoded samples equal decoding the original files.
        List<String> decoded = SampleSources.readDecoded(spark, ds, List.of(Split.VAL), AnnotationSet.GT_FINE)
                .map(s -> s.key() + ":" + s.width() + "x" + s.height() + ":" + java.util.Arrays.hashCode(s.labelIds().values())
                        + ":" + java.util.Arrays.hashCode(s.image().rgb()))
                .collect();
        List<String> expected = new ArrayList<>();
        for (Row r : raw) {
            var s = SampleSources.decode(r);
            expected.add(s.key() + ":64x32:" + java.util.Arrays.hashCode(s.labelIds().values()) + ":"
                    + java.util.Arrays.hashCode(s.image().rgb()));
        }
        assertEquals(expected.stream().sorted().toList(), decoded.stream().sorted().toList());

        var split = assertThrows(IllegalArgumentException.class, () -> SampleSources.read(spark, ds, List.of(Split.TRAIN),
                AnnotationSet.GT_FINE));
        assertTrue(split.getMessage().contains("has no split 'train'; it holds [val]"), split.getMessage());
        var annotations = assertThrows(IllegalArgumentException.class, () -> SampleSources.read(spark, ds, List.of(Split.VAL),
                AnnotationSet.GT_COARSE));
        assertTrue(annotations.getMessage().contains("holds gtFine annotations, but gtCoarse were asked for"), annotations.getMessage());
    }

    @Test
    void coarseAnnotationsOfTrainExtra(@TempDir Path dir) {
        Path root = dir.resolve("cs");
        org.segpipe.core.generate.DatasetGenerator.run(new org.segpipe.core.generate.GenerateConfig(root,
                Map.of(Split.TRAIN_EXTRA, 2), 32, 64, 6, org.segpipe.core.generate.GenerateConfig.DEFAULT_CITIES, 2));
        Path out = dir.resolve("ds");
        DatasetManifest m = ingest(spark, root.toString(), out, "ingest.splits=train_extra",
                "ingest.annotations=gtCoarse").manifest();
        assertEquals("gtCoarse", m.annotations());
        assertEquals(new DatasetManifest.Balance(2, 2, 0, 0), m.balance());
        assertEquals(2, SampleSources.read(spark, out.toString(), List.of(Split.TRAIN_EXTRA), AnnotationSet.GT_COARSE).count());
    }

    @Test
    void imageCheckDecodeFindsDamageUnderAValidCrc(@TempDir Path dir) throws Exception {
        Path root = FixtureDatasets.cityscapes(dir.resolve("cs"), 2, 64, 32, 4);
        // Damage the zlib header of the first IDAT chunk of one image and fix that chunk's CRC:
        // the chunk structure is intact, only inflating finds the damage.
        Path image = root.resolve("leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png");
        byte[] png = Files.readAllBytes(image);
        int idat = 8 + 25;
        assertEquals("IDAT", new String(png, idat + 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
        png[idat + 8] = (byte) 0xFF;
        int length = java.nio.ByteBuffer.wrap(png, idat, 4).getInt();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, idat + 4, length + 4);
        java.nio.ByteBuffer.wrap(png, idat + 8 + length, 4).putInt((int) crc.getValue());
        Files.write(image, png);

        DatasetManifest chunks = ingest(spark, root.toString(), dir.resolve("a")).manifest();
        assertEquals(new DatasetManifest.Balance(2, 2, 0, 0), chunks.balance());
        IngestResult decode = ingest(spark, root.toString(), dir.resolve("b"), "ingest.image-check=decode");
        assertEquals(new DatasetManifest.Balance(2, 1, 1, 1), decode.manifest().balance());
        assertTrue(decode.firstRejects().get(0).startsWith("[decode] ") && decode.firstRejects().get(0)
                .contains("invalid compressed data"), decode.firstRejects().toString());
    }

    @Test
    void wholeInputProblemsEndInOneLineAndWriteNothing(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ds");
        var missing = assertThrows(IngestInputException.class, () -> ingest(spark, dir.resolve("none").toString(), out));
        assertTrue(missing.getMessage().endsWith("does not exist"), missing.getMessage());
        Files.createDirectories(dir.resolve("empty/leftImg8bit/train/aachen"));
        var empty = assertThrows(IngestInputException.class, () -> ingest(spark, dir.resolve("empty").toString(), out));
        assertTrue(empty.getMessage().startsWith("found no images under " + dir.resolve("empty") + "/leftImg8bit/{train,val}"),
                empty.getMessage());
        var scheme = assertThrows(IngestInputException.class, () -> ingest(spark, "nosuchfs://bucket/cs", out));
        assertTrue(scheme.getMessage().contains("is the URI scheme right?"), scheme.getMessage());
        var outScheme = assertThrows(IngestInputException.class, () -> ingest(spark, dir.toString(),
                Path.of("/x"), "ingest.output=nosuchfs://bucket/ds"));
        assertTrue(outScheme.getMessage().startsWith("cannot open output nosuchfs://bucket/ds"), outScheme.getMessage());

        Path root = FixtureDatasets.cityscapes(dir.resolve("cs"), 2, 64, 32, 3);
        try (Stream<Path> images = Files.walk(root.resolve("leftImg8bit"))) {
            for (Path p : images.filter(Files::isRegularFile).toList()) {
                Files.write(p, new byte[] {1, 2, 3});
            }
        }
        var allBad = assertThrows(IngestInputException.class, () -> ingest(spark, root.toString(), out));
        assertTrue(allBad.getMessage().startsWith("no valid sample among the 2 images under " + root + ": all were rejected ({decode=2}"),
                allBad.getMessage());
        assertFalse(allBad.getMessage().contains("\n"));
        assertFalse(Files.exists(out.resolve("manifest.json")));
        try (Stream<Path> left = Files.exists(out) ? Files.walk(out) : Stream.empty()) {
            assertEquals(List.of(), left.filter(Files::isRegularFile).toList(), "nothing written");
        }
    }
}
