package org.segpipe.spark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.LocalSpark;

class CityscapesTreeSourceTest {

    private final SparkSession spark = LocalSpark.get();

    @Test
    void listsPairsAndProblemsOnExecutors(@TempDir Path dir) throws Exception {
        Path root = FixtureDatasets.cityscapes(dir.resolve("cs"), 6, 64, 32, 9);
        Path img = root.resolve("leftImg8bit/train/aachen");
        Files.copy(img.resolve("aachen_000000_000019_leftImg8bit.png"), img.resolve("aachen_000007_000019_leftImg8bit.png"));
        Files.write(img.resolve("notes.txt"), new byte[] {1});
        Files.createDirectories(img.resolve("aachen_000009_000019_leftImg8bit.png"));

        var listing = CityscapesTreeSource.list(spark, root.toUri().toString(), List.of(Split.TRAIN, Split.VAL),
                AnnotationSet.GT_FINE);
        try {
            assertEquals(6, listing.pairs().count());
            List<Row> problems = listing.problems().collectAsList();
            assertEquals(3, problems.size(), problems.toString());
            String reasons = problems.stream().map(r -> r.getString(2)).reduce("", (a, b) -> a + "\n" + b);
            assertTrue(reasons.contains("aachen_000007_000019_leftImg8bit.png: unpaired image"), reasons);
            assertTrue(reasons.contains("notes.txt: expected {city}"), reasons);
            assertTrue(reasons.contains("aachen_000009_000019_leftImg8bit.png: expected a file, found a directory"), reasons);

            List<Row> samples = CityscapesTreeSource.readSamples(spark, listing.pairs()).orderBy(SampleTable.KEY).collectAsList();
            assertEquals(6, samples.size());
            Row first = samples.get(0);
            assertEquals("aachen_000000_000019", first.getAs(SampleTable.KEY));
            assertEquals("train", first.getAs(SampleTable.SPLIT));
            assertNull(first.getAs(SampleTable.READ_ERROR));
            assertArrayEquals(Files.readAllBytes(root.resolve("gtFine/train/aachen/aachen_000000_000019_gtFine_instanceIds.png")),
                    first.<byte[]>getAs(SampleTable.INSTANCE_IDS_PNG));
            assertTrue(first.<String>getAs(SampleTable.POLYGONS_JSON).contains("\"imgWidth\" : 64"));
        } finally {
            listing.release();
        }
    }

    @Test
    void wholeInputProblemsEndInOneLine(@TempDir Path dir) throws Exception {
        var missing = assertThrows(IllegalArgumentException.class, () -> CityscapesTreeSource.list(spark,
                dir.resolve("none").toUri().toString(), List.of(Split.TRAIN), AnnotationSet.GT_FINE));
        assertTrue(missing.getMessage().endsWith("does not exist"), missing.getMessage());
        Files.createDirectories(dir.resolve("empty"));
        var empty = assertThrows(IllegalArgumentException.class, () -> CityscapesTreeSource.list(spark,
                dir.resolve("empty").toUri().toString(), List.of(Split.TRAIN), AnnotationSet.GT_FINE));
        assertTrue(empty.getMessage().contains("expected a Cityscapes tree"), empty.getMessage());
        var scheme = assertThrows(IllegalArgumentException.class, () -> CityscapesTreeSource.list(spark,
                "nosuchfs://bucket/x", List.of(Split.TRAIN), AnnotationSet.GT_FINE));
        assertTrue(scheme.getMessage().contains("URI scheme"), scheme.getMessage());
    }
}
