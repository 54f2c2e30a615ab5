package org.segpipe.spark.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.augment.AugmentConfig;
import org.segpipe.core.augment.AugmentJobConfig;
import org.segpipe.core.augment.Pipeline;
import org.segpipe.core.augment.PipelineAugmenter;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.spark.data.SampleSources;
import org.segpipe.spark.data.SampleTable;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.LocalSpark;

class AugmentStepTest {

    private static final String PIPELINE = "scale(min=0.5, max=1.5); crop(height=24, width=48, cat-max-ratio=0.75); "
            + "hflip(p=0.5); rotate(max-degrees=5, p=0.5); photometric";

    private final SparkSession spark = LocalSpark.get();

    private static AugmentJobConfig config(Path in, Path out, int copies, int partitions, String pipeline) {
        return new AugmentJobConfig(in.toUri().toString(), out.toUri().toString(), copies, List.of(Split.TRAIN, Split.VAL),
                AnnotationSet.GT_FINE, partitions, 1 << 20, 1, new AugmentConfig(Pipeline.parse(pipeline, "augment.pipeline"), 17, 0));
    }

    /** Reads every sample of a raw tree with seg-core alone (no Spark), by key. */
    private static Map<String, DecodedSample> originals(Path root) throws Exception {
        Map<String, DecodedSample> out = new HashMap<>();
        for (Split split : List.of(Split.TRAIN, Split.VAL)) {
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

    private static Map<String, Row> byKey(List<Row> rows) {
        Map<String, Row> m = new HashMap<>();
        for (Row r : rows) {
            m.put(r.getAs(SampleTable.KEY), r);
        }
        return m;
    }

    /**
     * K x input rows, parameters recorded, read back through SampleSources as training does, and
     * every copy is exactly what the augmenter draws for (key, epoch = copy index); the same bytes
     * with 1 or 3 partitions.
     */
    @Test
    void writesKCopiesThatReadBackAsTheAugmentedSamples(@TempDir Path dir) throws Exception {
        Path in = FixtureDatasets.cityscapes(dir.resolve("cs"), 4, 64, 32, 3);
        Path out3 = dir.resolve("aug3");
        AugmentStep.Result r = AugmentStep.run(spark, config(in, out3, 2, 3, PIPELINE), "hash-1");
        assertEquals(4, r.inputSamples());
        assertEquals(4, r.augmentedSamples());
        assertEquals(0, r.rejectedSamples());
        assertEquals(8, r.rows());
        assertEquals(Map.of("train", 4L, "val", 4L), r.rowsPerSplit());

        List<Row> rows = SampleSources.read(spark, out3.toUri().toString(), List.of(Split.TRAIN, Split.VAL),
                AnnotationSet.GT_FINE).collectAsList();
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

        JsonNode manifest = new ObjectMapper().readTree(out3.resolve(AugmentStep.MANIFEST).toFile());
        assertEquals(8, manifest.at("/counts/rows").asLong());
        assertEquals(4, manifest.at("/counts/input_samples").asLong());
        assertEquals("hash-1", manifest.at("/provenance/config_hash").asText());
        assertEquals(Pipeline.parse(PIPELINE, "k").canonical(), manifest.at("/pipeline_canonical").asText());
        assertTrue(manifest.at("/provenance/input_manifest").asText().startsWith("listing-xxhash64-sum:"), manifest.toString());
        try (var staged = Files.list(out3)) {
            assertEquals(List.of("manifest.json", "rejects", "shards"), staged.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted()
                    .toList(), "nothing staged is left behind");
        }

        // One partition instead of three: the same bytes for every key.
        Path out1 = dir.resolve("aug1");
        AugmentStep.run(spark, config(in, out1, 2, 1, PIPELINE), "hash-1");
        Map<String, Row> one = byKey(spark.read().parquet(out1.resolve("shards").toString()).collectAsList());
        Map<String, Row> three = byKey(rows);
        assertEquals(three.keySet(), one.keySet());
        for (String key : three.keySet()) {
            for (String col : List.of(SampleTable.IMAGE_PNG, SampleTable.LABEL_IDS_PNG, SampleTable.INSTANCE_IDS_PNG)) {
                assertArrayEquals(three.get(key).<byte[]>getAs(col), one.get(key).<byte[]>getAs(col), key + " " + col);
            }
        }
        // Never overwritten.
        var again = assertThrows(IllegalArgumentException.class, () -> AugmentStep.run(spark, config(in, out1, 2, 1, PIPELINE),
                "hash-1"));
        assertTrue(again.getMessage().contains("already holds shards; seg augment never overwrites"), again.getMessage());
    }

    /**
     * An ingested-style input (shards) with a good sample, one that could not be read, one that is
     * not a PNG, one whose masks are smaller than its image, and one a crop refuses: K rows for
     * the good one and one reject with its reason for each of the others.
     */
    @Test
    void badSamplesEndInRejectsAndCountsBalance(@TempDir Path dir) throws Exception {
        Path tree = FixtureDatasets.cityscapes(dir.resolve("cs"), 2, 64, 32, 5);
        Path small = FixtureDatasets.cityscapes(dir.resolve("small"), 2, 32, 16, 5);
        List<Row> good = SampleSources.read(spark, tree.toUri().toString(), List.of(Split.TRAIN), AnnotationSet.GT_FINE)
                .collectAsList();
        List<Row> smallRows = SampleSources.read(spark, small.toUri().toString(), List.of(Split.TRAIN), AnnotationSet.GT_FINE)
                .collectAsList();
        Row g = good.get(0);
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
        Path shardsIn = dir.resolve("in");
        spark.createDataFrame(input, SampleTable.schema()).write().partitionBy(SampleTable.SPLIT)
                .parquet(shardsIn.resolve("shards").toString());

        Path out = dir.resolve("out");
        AugmentStep.Result r = AugmentStep.run(spark, config(shardsIn, out, 3, 0, "crop(height=24, width=48, if-smaller=fail)"),
                "h");
        assertEquals(5, r.inputSamples());
        assertEquals(1, r.augmentedSamples());
        assertEquals(4, r.rejectedSamples());
        assertEquals(3, r.rows());
        List<Row> rejects = spark.read().parquet(out.resolve("rejects").toString()).orderBy("path").collectAsList();
        assertEquals(4, rejects.size());
        Map<String, String> reasons = new HashMap<>();
        Map<String, String> stages = new HashMap<>();
        for (Row x : rejects) {
            reasons.put(x.getString(0), x.getString(2));
            stages.put(x.getString(0), x.getString(1));
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
        JsonNode manifest = new ObjectMapper().readTree(out.resolve(AugmentStep.MANIFEST).toFile());
        assertEquals(4, manifest.at("/counts/rejected_samples").asLong());

        // A split without samples: nothing to write, and that counts as zero.
        AugmentJobConfig valOnly = new AugmentJobConfig(shardsIn.toUri().toString(), dir.resolve("empty").toUri().toString(), 2,
                List.of(Split.VAL), AnnotationSet.GT_FINE, 0, 1 << 20, 1, config(shardsIn, out, 2, 0, "hflip").augment());
        AugmentStep.Result empty = AugmentStep.run(spark, valOnly, "h");
        assertEquals(0, empty.inputSamples());
        assertEquals(0, empty.rows());
    }
}
