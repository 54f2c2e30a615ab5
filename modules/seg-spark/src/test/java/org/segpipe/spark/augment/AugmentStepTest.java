package org.segpipe.spark.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.augment.AugmentConfig;
import org.segpipe.core.augment.AugmentJobConfig;
import org.segpipe.core.augment.Pipeline;
import org.segpipe.core.augment.PipelineAugmenter;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.Settings;
import org.segpipe.core.config.SettingsResolver;
import org.segpipe.core.dataset.ContentHash;
import org.segpipe.core.dataset.DatasetManifest;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.png.PngImages;
import org.segpipe.spark.data.DatasetManifests;
import org.segpipe.spark.data.SampleSources;
import org.segpipe.spark.data.SampleTable;
import org.segpipe.spark.data.ShardTable;
import org.segpipe.spark.ingest.IngestResult;
import org.segpipe.spark.ingest.IngestStep;
import org.segpipe.spark.sql.ReportViews;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.LocalSpark;

class AugmentStepTest {

    private static final String PIPELINE = "scale(min=0.5, max=1.5); crop(height=24, width=48, cat-max-ratio=0.75); "
            + "hflip(p=0.5); rotate(max-degrees=5, p=0.5); photometric";
    private static final List<Split> BOTH = List.of(Split.TRAIN, Split.VAL);

    private final SparkSession spark = LocalSpark.get();

    private static AugmentJobConfig config(Path in, Path out, int copies, int partitions, String pipeline) {
        return new AugmentJobConfig(in.toUri().toString(), out.toUri().toString(), copies, BOTH,
                AnnotationSet.GT_FINE, partitions, 1 << 20, 1, new AugmentConfig(Pipeline.parse(pipeline, "augment.pipeline"), 17, 0));
    }

    /** Reads every sample of a raw tree with seg-core alone (no Spark), by key. */
    private static Map<String, DecodedSample> originals(Path root) throws Exception {
        Map<String, DecodedSample> out = new HashMap<>();
        for (Split split : BOTH) {
            try (var files = Files.walk(root.resolve("leftImg8bit").resolve(split.folderName()))) {
                for (Path img : files.filter(p -> p.toString().endsWith("_leftImg8bit.png")).toList()) {
                    String key = SampleKey.find(img.getFileName().toString()).orElseThrow().toString();
                    Path gt = root.resolve("gtFine").resolve(split.folderName()).resolve(img.getParent().getFileName());
                    out.put(key, DecodedSample.decode(key, split, Files.readAllBytes(img),
                            Files.readAllBytes(gt.resolve(key + "_gtFine_labelIds.png")),
                            Files.readAllBytes(gt.resolve(key + "_gtFine_instanceIds.png")), key));
                }
            }
        }
        return out;
    }

    /** The first train sample of a raw tree as a sample-table row, read without Spark. */
    private static Row firstTrainSample(Path root) throws Exception {
        Path dir = root.resolve("leftImg8bit/train");
        try (var files = Files.walk(dir)) {
            Path img = files.filter(p -> p.toString().endsWith("_leftImg8bit.png")).sorted().findFirst().orElseThrow();
            String key = SampleKey.find(img.getFileName().toString()).orElseThrow().toString();
            String city = img.getParent().getFileName().toString();
            Path gt = root.resolve("gtFine/train").resolve(city);
            return new GenericRowWithSchema(new Object[] {key, "train", city, img.toUri().toString(), Files.readAllBytes(img),
                    Files.readAllBytes(gt.resolve(key + "_gtFine_labelIds.png")),
                    Files.readAllBytes(gt.resolve(key + "_gtFine_instanceIds.png")), null, null}, SampleTable.schema());
        }
    }

    private static Map<String, Row> byKey(List<Row> rows) {
        Map<String, Row> m = new HashMap<>();
        for (Row r : rows) {
            m.put(r.getAs(SampleTable.KEY), r);
        }
        return m;
    }

    private DatasetManifest manifest(Path dataset) {
        return DatasetManifests.read(spark.sparkContext().hadoopConfiguration(), dataset.toUri().toString());
    }

    /**
     * Checks a published dataset against its own shard rows, decoded here: each row's statistics
     * columns are those of its decoded masks, counted by hand (pixels per label id; distinct
     * values labelId*1000+k per label id), its content hash is that of its bytes, and the
     * manifest's per-split and per-city sums and shard files add up to the rows.
     */
    private static void assertStatisticsMatchTheRows(DatasetManifest m, List<Row> rows) {
        Map<String, long[]> pixelsPerSplit = new TreeMap<>();
        Map<String, long[]> instancesPerSplit = new TreeMap<>();
        Map<String, Long> rowsPerSplit = new TreeMap<>();
        long payload = 0;
        for (Row row : rows) {
            String key = row.getAs(SampleTable.KEY);
            String split = row.getAs(SampleTable.SPLIT);
            byte[] image = row.getAs(SampleTable.IMAGE_PNG);
            byte[] labels = row.getAs(SampleTable.LABEL_IDS_PNG);
            byte[] instances = row.getAs(SampleTable.INSTANCE_IDS_PNG);
            DecodedSample got = DecodedSample.decode(key, Split.fromFolderName(split), image, labels, instances, key);
            long[] pixels = new long[DatasetManifest.LABEL_IDS];
            for (byte b : got.labelIds().values()) {
                pixels[b & 0xFF]++;
            }
            long[] perClass = new long[DatasetManifest.LABEL_IDS];
            Set<Integer> seen = new HashSet<>();
            for (short s : got.instanceIds().values()) {
                int v = s & 0xFFFF;
                if (v >= 1000 && seen.add(v)) {
                    perClass[v / 1000]++;
                }
            }
            assertArrayEquals(pixels, toLongs(row.getList(row.fieldIndex(ShardTable.CLASS_PIXELS))), key + " class_pixels");
            assertArrayEquals(perClass, toLongs(row.getList(row.fieldIndex(ShardTable.CLASS_INSTANCES))), key + " class_instances");
            assertEquals(got.width(), (int) row.getAs(ShardTable.WIDTH), key);
            assertEquals(got.height(), (int) row.getAs(ShardTable.HEIGHT), key);
            assertEquals(ContentHash.sample(key, split, image, labels, instances, null), row.getAs(ShardTable.CONTENT_SHA256), key);
            assertEquals(m.datasetVersion(), row.getAs(ShardTable.DATASET_VERSION), key);
            add(pixelsPerSplit.computeIfAbsent(split, s -> new long[DatasetManifest.LABEL_IDS]), pixels);
            add(instancesPerSplit.computeIfAbsent(split, s -> new long[DatasetManifest.LABEL_IDS]), perClass);
            rowsPerSplit.merge(split, 1L, Long::sum);
            payload += image.length + labels.length + instances.length;
        }
        assertEquals(List.copyOf(rowsPerSplit.keySet()), m.splitNames());
        for (String split : rowsPerSplit.keySet()) {
            DatasetManifest.SplitStats s = m.split(split);
            assertArrayEquals(pixelsPerSplit.get(split), s.classPixels(), split + " class pixels: manifest against decoded masks");
            assertArrayEquals(instancesPerSplit.get(split), s.classInstances(), split + " class instances");
            assertEquals(rowsPerSplit.get(split), s.samples());
            long[] cityPixels = new long[DatasetManifest.LABEL_IDS];
            s.cities().forEach(c -> add(cityPixels, c.classPixels()));
            assertArrayEquals(s.classPixels(), cityPixels, split + ": cities add up to the split");
            assertEquals(s.samples(), s.cities().stream().mapToLong(DatasetManifest.CityStats::samples).sum());
            assertEquals(s.samples(), m.shardFiles().stream().filter(f -> f.split().equals(split))
                    .mapToLong(DatasetManifest.ShardFile::rows).sum());
        }
        assertEquals(rows.size(), m.samples());
        assertEquals(payload, m.payloadBytes());
        assertEquals(payload, m.shardFiles().stream().mapToLong(DatasetManifest.ShardFile::payloadBytes).sum());
        ContentHash.Sum sum = ContentHash.Sum.zero();
        for (Row row : rows) {
            sum = sum.plus(row.getAs(ShardTable.CONTENT_SHA256));
        }
        assertEquals(sum.digest(), m.contentSha256());
    }

    private static long[] toLongs(List<?> values) {
        return values.stream().mapToLong(v -> ((Number) v).longValue()).toArray();
    }

    private static void add(long[] into, long[] values) {
        for (int i = 0; i < into.length; i++) {
            into[i] += values[i];
        }
    }

    /**
     * K x input rows, parameters recorded, read back through SampleSources as training does, and
     * every copy is exactly what the augmenter draws for (key, epoch = copy index); the same bytes,
     * content hash and version with 1 or 3 partitions; the manifest is a DatasetManifest whose
     * statistics are those of the augmented masks, with augment's own fields kept.
     */
    @Test
    void writesKCopiesThatReadBackAsTheAugmentedSamples(@TempDir Path dir) throws Exception {
        Path in = FixtureDatasets.cityscapes(dir.resolve("cs"), 4, 64, 32, 3);
        Path out3 = dir.resolve("aug3");
        AugmentJobConfig config3 = config(in, out3, 2, 3, PIPELINE);
        AugmentStep.Result r = AugmentStep.run(spark, config3);
        assertEquals(4, r.inputSamples());
        assertEquals(4, r.augmentedSamples());
        assertEquals(0, r.rejectedSamples());
        assertEquals(8, r.rows());
        assertEquals(Map.of("train", 4L, "val", 4L), r.rowsPerSplit());

        List<Row> rows = SampleSources.read(spark, out3.toUri().toString(), BOTH, AnnotationSet.GT_FINE).collectAsList();
        assertEquals(8, rows.size());
        Map<String, DecodedSample> originals = originals(in);
        PipelineAugmenter augmenter = new PipelineAugmenter(Pipeline.parse(PIPELINE, "k"), 17, 0);
        HashSet<String> keys = new HashSet<>();
        for (Row row : rows) {
            String key = row.getAs(SampleTable.KEY);
            String source = row.getAs(AugmentStep.SOURCE_KEY);
            int copy = row.getAs(AugmentStep.COPY_INDEX);
            assertTrue(keys.add(key), "unique key " + key);
            assertEquals(AugmentStep.copyKey(source, copy), key);
            assertEquals(source, SampleKey.find(key).orElseThrow().toString(), "the source key is found inside the copy's key");
            assertNull(row.getAs(SampleTable.POLYGONS_JSON));
            assertNull(row.getAs(SampleTable.READ_ERROR));
            DecodedSample got = DecodedSample.decode(key, Split.fromFolderName(row.getAs(SampleTable.SPLIT)),
                    row.getAs(SampleTable.IMAGE_PNG), row.getAs(SampleTable.LABEL_IDS_PNG),
                    row.getAs(SampleTable.INSTANCE_IDS_PNG), key);
            var expected = augmenter.augmentWithParams(originals.get(source), copy);
            assertEquals(48, got.width());
            assertEquals(24, got.height());
            assertArrayEquals(expected.sample().image().rgb(), got.image().rgb(), key);
            assertArrayEquals(expected.sample().labelIds().values(), got.labelIds().values(), key);
            assertArrayEquals(expected.sample().instanceIds().values(), got.instanceIds().values(), key);
            assertEquals(expected.paramsJson(), row.getAs(AugmentStep.AUGMENT_PARAMS));
            assertTrue(expected.paramsJson().startsWith("{\"seed\":17,\"epoch\":" + copy + ",\"steps\":[{\"t\":\"scale\""),
                    expected.paramsJson());
        }

        // The manifest: what every dataset reader reads, statistics of the augmented masks.
        DatasetManifest m = manifest(out3);
        assertEquals(r.manifest().toJson(), m.toJson());
        assertEquals(DatasetManifest.FORMAT, m.format());
        assertEquals(DatasetManifest.contentVersion(m.contentSha256()), m.datasetVersion());
        assertEquals("gtFine", m.annotations());
        assertEquals(new DatasetManifest.Balance(4, 8, 0, 0, 2), m.balance());
        assertTrue(m.balance().holds());
        assertEquals(config3.recorded(), m.config());
        assertEquals("17", m.config().get("augment.seed"));
        assertEquals(PIPELINE, m.config().get("augment.pipeline"));
        assertEquals(Settings.of(config3.recorded()).hash(), m.configHash());
        assertEquals(in.toUri().toString(), m.inputUri());
        assertEquals(r.provenance().runId(), m.runId());
        assertStatisticsMatchTheRows(m, rows);
        for (DatasetManifest.ShardFile f : m.shardFiles()) {
            assertEquals(Files.size(out3.resolve(f.path())), f.bytes(), f.path());
            assertTrue(f.path().startsWith("shards/split=" + f.split() + "/part-"), f.path());
        }
        assertEquals(m.rejectFiles().size(), Files.list(out3.resolve("rejects")).filter(p -> p.toString().endsWith(".parquet")).count());
        // Augment's own fields stay in the file, and a round trip through the record keeps the file as it is.
        byte[] file = Files.readAllBytes(out3.resolve(AugmentStep.MANIFEST));
        JsonNode json = new ObjectMapper().readTree(file);
        JsonNode augment = json.get(AugmentStep.MANIFEST_AUGMENT);
        assertEquals(Pipeline.parse(PIPELINE, "k").canonical(), augment.get("pipeline_canonical").asText());
        assertEquals(PIPELINE, augment.get("pipeline").asText());
        assertEquals(17, augment.get("seed").asLong());
        assertEquals(2, augment.get("copies").asInt());
        assertEquals(4, augment.get("augmented_samples").asLong());
        assertTrue(augment.get("input_manifest").asText().startsWith("listing-xxhash64-sum:"), augment.toString());
        assertTrue(augment.get("input_dataset_version").isNull(), "a raw tree has no version");
        assertEquals(2, json.at("/balance/copies_per_image").asLong());
        assertTrue(json.at("/balance/holds").asBoolean());
        DatasetManifest back = DatasetManifest.fromJson(file, "manifest.json");
        assertEquals(new String(file, StandardCharsets.UTF_8), back.toJson(Map.of(AugmentStep.MANIFEST_AUGMENT, augment)));
        try (var staged = Files.list(out3)) {
            assertEquals(List.of("manifest.json", "rejects", "shards"), staged.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted()
                    .toList(), "nothing staged is left behind");
        }

        // One partition instead of three: the same bytes for every key, so the same content hash and version.
        Path out1 = dir.resolve("aug1");
        AugmentStep.run(spark, config(in, out1, 2, 1, PIPELINE));
        Map<String, Row> one = byKey(spark.read().parquet(out1.resolve("shards").toString()).collectAsList());
        Map<String, Row> three = byKey(rows);
        assertEquals(three.keySet(), one.keySet());
        for (String key : three.keySet()) {
            for (String col : List.of(SampleTable.IMAGE_PNG, SampleTable.LABEL_IDS_PNG, SampleTable.INSTANCE_IDS_PNG)) {
                assertArrayEquals(three.get(key).<byte[]>getAs(col), one.get(key).<byte[]>getAs(col), key + " " + col);
            }
        }
        DatasetManifest m1 = manifest(out1);
        assertEquals(m.contentSha256(), m1.contentSha256());
        assertEquals(m.datasetVersion(), m1.datasetVersion());
        assertArrayEquals(m.labelIdPixels(null), m1.labelIdPixels(null));
        // Never overwritten.
        var again = assertThrows(IllegalArgumentException.class, () -> AugmentStep.run(spark, config(in, out1, 2, 1, PIPELINE)));
        assertTrue(again.getMessage().contains("already holds shards; seg augment never overwrites"), again.getMessage());
    }

    /**
     * Samples given as a DataFrame (no dataset folder) with a good sample, one that could not be
     * read, one that is not a PNG, one whose masks are smaller than its image, one a crop refuses
     * and one with an unknown label id: K rows for the good one and one reject with its reason for
     * each of the others.
     */
    @Test
    void badSamplesEndInRejectsAndCountsBalance(@TempDir Path dir) throws Exception {
        Path tree = FixtureDatasets.cityscapes(dir.resolve("cs"), 2, 64, 32, 5);
        Path small = FixtureDatasets.cityscapes(dir.resolve("small"), 2, 32, 16, 5);
        Row g = firstTrainSample(tree);
        List<Row> smallRows = List.of(firstTrainSample(small));
        List<Row> input = new ArrayList<>();
        input.add(g);
        input.add(RowFactory.create("bochum_000000_000001", "train", "bochum", "s3a://b/x.png", null, null, null, null,
                "s3a://b/x.png: cannot be read (FileNotFoundException)"));
        input.add(RowFactory.create("bochum_000000_000002", "train", "bochum", "/data/y.png", new byte[] {1, 2, 3},
                g.getAs(SampleTable.LABEL_IDS_PNG), null, null, null));
        input.add(RowFactory.create("bochum_000000_000003", "train", "bochum", "/data/z.png", g.getAs(SampleTable.IMAGE_PNG),
                smallRows.get(0).getAs(SampleTable.LABEL_IDS_PNG), null, null, null));
        // 16 x 32: with scale 1 the crop below (24 x 48) does not fit.
        input.add(RowFactory.create("bochum_000000_000004", "train", "bochum", "/data/w.png",
                smallRows.get(0).getAs(SampleTable.IMAGE_PNG), smallRows.get(0).getAs(SampleTable.LABEL_IDS_PNG),
                smallRows.get(0).getAs(SampleTable.INSTANCE_IDS_PNG), null, null));
        // Label id 40 in 3 pixels: no such class (a raw tree is not validated before augmenting).
        ClassMask labels = PngImages.decodeLabelIds(g.getAs(SampleTable.LABEL_IDS_PNG), "test");
        byte[] values = labels.values().clone();
        values[0] = values[1] = values[2] = 40;
        input.add(RowFactory.create("bochum_000000_000005", "train", "bochum", "/data/v.png", g.getAs(SampleTable.IMAGE_PNG),
                PngImages.encode(new ClassMask(64, 32, values, ClassEncoding.LABEL_IDS)), null, null, null));
        Dataset<Row> samples = spark.createDataFrame(input, SampleTable.schema());

        Path out = dir.resolve("out");
        AugmentStep.Result r = AugmentStep.run(spark, samples,
                config(dir.resolve("in"), out, 3, 0, "crop(height=24, width=48, if-smaller=fail)"));
        assertEquals(6, r.inputSamples());
        assertEquals(1, r.augmentedSamples());
        assertEquals(5, r.rejectedSamples());
        assertEquals(3, r.rows());
        List<Row> rejects = spark.read().parquet(out.resolve("rejects").toString()).orderBy("path").collectAsList();
        assertEquals(5, rejects.size());
        Map<String, String> reasons = new HashMap<>();
        Map<String, String> stages = new HashMap<>();
        for (Row x : rejects) {
            reasons.put(x.getString(0), x.getString(2));
            stages.put(x.getString(0), x.getString(1));
            assertEquals(x.getString(0), x.getAs(SampleTable.IMAGE_PATH), "the rejected sample's image, as ingest's rejects name it");
            assertEquals("train", x.getAs(SampleTable.SPLIT));
            assertTrue(x.<String>getAs(SampleTable.KEY).startsWith("bochum_000000_00000"), x.toString());
        }
        assertEquals("read", stages.get("s3a://b/x.png"));
        assertEquals("s3a://b/x.png: cannot be read (FileNotFoundException)", reasons.get("s3a://b/x.png"));
        assertEquals("decode", stages.get("/data/y.png"));
        assertTrue(reasons.get("/data/y.png").contains("/data/y.png (image)"), reasons.get("/data/y.png"));
        assertEquals("decode", stages.get("/data/z.png"));
        assertTrue(reasons.get("/data/z.png").contains("expected labelIds and instanceIds of the image's size 64x32, found 32x16"),
                reasons.get("/data/z.png"));
        assertEquals("augment", stages.get("/data/w.png"));
        assertTrue(reasons.get("/data/w.png").startsWith("sample bochum_000000_000004: step 1 crop(height=24, width=48"),
                reasons.get("/data/w.png"));
        assertEquals("validate", stages.get("/data/v.png"));
        assertEquals("/data/v.png: expected label ids 0..33, found unknown ids 40 (3 px)", reasons.get("/data/v.png"));

        DatasetManifest m = manifest(out);
        // 6 samples in x 3 copies = 3 rows of the good one + 5 rejected samples x 3.
        assertEquals(new DatasetManifest.Balance(6, 3, 5, 5, 3), m.balance());
        assertTrue(m.balance().holds());
        JsonNode json = new ObjectMapper().readTree(out.resolve(AugmentStep.MANIFEST).toFile());
        assertEquals(5, json.at("/augment/rejected_samples").asLong());
        assertEquals(m.rejectFiles().size(), Files.list(out.resolve("rejects")).filter(p -> p.toString().endsWith(".parquet")).count());
        List<Row> rows = SampleSources.read(spark, out.toUri().toString(), List.of(Split.TRAIN), AnnotationSet.GT_FINE)
                .collectAsList();
        assertEquals(3, rows.size());
        assertStatisticsMatchTheRows(m, rows);

        // A split without samples: nothing to write, and that counts as zero.
        AugmentJobConfig valOnly = new AugmentJobConfig(dir.resolve("in").toUri().toString(), dir.resolve("empty").toUri().toString(),
                2, List.of(Split.VAL), AnnotationSet.GT_FINE, 0, 1 << 20, 1, config(tree, out, 2, 0, "hflip").augment());
        AugmentStep.Result empty = AugmentStep.run(spark, samples, valOnly);
        assertEquals(0, empty.inputSamples());
        assertEquals(0, empty.rows());
        assertEquals(new DatasetManifest.Balance(0, 0, 0, 0, 2), manifest(dir.resolve("empty")).balance());
        assertEquals(List.of(), manifest(dir.resolve("empty")).splitNames());
    }

    /**
     * seg ingest's output is seg augment's input, and seg augment's output is a dataset like any
     * other: a second augment reads it, seg sql registers it, and the lineage is in the manifests.
     */
    @Test
    void augmentsAnIngestedDatasetAndItsOwnOutput(@TempDir Path dir) throws Exception {
        Path tree = FixtureDatasets.cityscapes(dir.resolve("cs"), 4, 64, 32, 9);
        Path ingested = dir.resolve("ds");
        IngestResult ingest = IngestStep.run(spark, SettingsResolver.resolve(null, List.of("ingest.input=" + tree.toUri(),
                "ingest.output=" + ingested.toUri())));
        assertEquals(4, ingest.manifest().samples());

        Path aug = dir.resolve("aug");
        AugmentJobConfig first = new AugmentJobConfig(ingested.toUri().toString(), aug.toUri().toString(), 2, BOTH,
                AnnotationSet.GT_FINE, 0, 1 << 20, 1, new AugmentConfig(Pipeline.parse("hflip(p=0.5); rotate(max-degrees=10)",
                "augment.pipeline"), 5, 0), "aug-v1");
        AugmentStep.Result r = AugmentStep.run(spark, first);
        assertEquals(4, r.augmentedSamples());
        assertEquals(8, r.rows());
        DatasetManifest m = manifest(aug);
        assertEquals("aug-v1", m.datasetVersion());
        assertEquals(new DatasetManifest.Balance(4, 8, 0, 0, 2), m.balance());
        JsonNode augment = new ObjectMapper().readTree(aug.resolve(AugmentStep.MANIFEST).toFile()).get(AugmentStep.MANIFEST_AUGMENT);
        assertEquals(ingest.manifest().datasetVersion(), augment.get("input_dataset_version").asText());
        assertTrue(augment.get("input_manifest").asText().startsWith("sha256:"), augment.toString());
        List<Row> rows = SampleSources.read(spark, aug.toUri().toString(), BOTH, AnnotationSet.GT_FINE).collectAsList();
        assertStatisticsMatchTheRows(m, rows);
        // Rotations move pixels out of the frame and uncover others (label id 0): the counts are the
        // copies', not twice the input's.
        long[] twiceTheInput = java.util.Arrays.stream(ingest.manifest().labelIdPixels(null)).map(v -> 2 * v).toArray();
        assertFalse(java.util.Arrays.equals(twiceTheInput, m.labelIdPixels(null)));
        assertEquals(2 * 4 * 64 * 32, java.util.Arrays.stream(m.labelIdPixels(null)).sum());

        // The same columns as ingest's shards, in SQL.
        Map<String, String> views = ReportViews.registerDataset(spark, "aug", aug.toUri().toString());
        assertEquals(Set.of("aug_shards", "aug_rejects", "aug_manifest"), views.keySet());
        List<Row> bySplit = spark.sql("SELECT split, count(*), sum(aggregate(class_pixels, 0L, (a, b) -> a + b)), "
                + "min(dataset_version), max(copy_index) FROM aug_shards GROUP BY split ORDER BY split").collectAsList();
        assertEquals(2, bySplit.size());
        Row train = bySplit.get(0);
        assertEquals("train", train.getString(0));
        assertEquals(4, train.getLong(1));
        assertEquals(4L * 64 * 32, train.getLong(2));
        assertEquals("aug-v1", train.getString(3));
        assertEquals(1, train.getInt(4));
        Set<String> ingestColumns = new HashSet<>(List.of(SampleSources.readShards(spark, ingested.toUri().toString()).columns()));
        Set<String> augColumns = new HashSet<>(List.of(spark.table("aug_shards").columns()));
        assertTrue(augColumns.containsAll(ingestColumns), augColumns + " vs " + ingestColumns);
        augColumns.removeAll(ingestColumns);
        assertEquals(Set.of(AugmentStep.SOURCE_KEY, AugmentStep.COPY_INDEX, AugmentStep.AUGMENT_PARAMS), augColumns);
        assertEquals(2L, spark.sql("SELECT balance.copies_per_image FROM aug_manifest").first().getLong(0));
        assertEquals(0L, spark.table("aug_rejects").count());

        // A second augment of the augmented dataset: keys grow one suffix, the source is still found in them.
        Path twice = dir.resolve("twice");
        AugmentStep.Result r2 = AugmentStep.run(spark, new AugmentJobConfig(aug.toUri().toString(), twice.toUri().toString(), 1,
                List.of(Split.TRAIN), AnnotationSet.GT_FINE, 0, 1 << 20, 1,
                new AugmentConfig(Pipeline.parse("hflip", "augment.pipeline"), 5, 0)));
        assertEquals(4, r2.rows());
        List<Row> twiceRows = SampleSources.read(spark, twice.toUri().toString(), List.of(Split.TRAIN), AnnotationSet.GT_FINE)
                .collectAsList();
        for (Row row : twiceRows) {
            String key = row.getAs(SampleTable.KEY);
            assertTrue(key.matches("[a-z]+_\\d{6}_\\d{6}_aug[01]_aug0"), key);
            assertEquals(AugmentStep.copyKey(row.getAs(AugmentStep.SOURCE_KEY), 0), key);
        }
        DatasetManifest m2 = manifest(twice);
        assertEquals("aug-v1", new ObjectMapper().readTree(twice.resolve(AugmentStep.MANIFEST).toFile())
                .at("/augment/input_dataset_version").asText());
        assertStatisticsMatchTheRows(m2, twiceRows);
        // A horizontal flip moves pixels but keeps their counts.
        assertArrayEquals(m.split("train").classPixels(), m2.split("train").classPixels());
    }
}
