package org.segpipe.spark.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.Settings;
import org.segpipe.core.dataset.saliency.SaliencySampleCheck;
import org.segpipe.core.generate.GenerateConfig;
import org.segpipe.core.generate.saliency.SaliencyDatasetGenerator;
import org.segpipe.core.metrics.saliency.GreyMap;
import org.segpipe.testkit.LocalSpark;

/** Saliency ingest on generated data with bad files added: shards, rejects, manifest, balance. */
class SaliencyIngestStepTest {

    @Test
    void shardsRejectsAndABalancedManifest(@TempDir Path dir) throws IOException {
        SparkSession spark = LocalSpark.get();
        Path in = dir.resolve("in");
        SaliencyDatasetGenerator.run(new GenerateConfig(in, Map.of(Split.TRAIN, 5, Split.VAL, 2), 32, 48, 3,
                GenerateConfig.DEFAULT_CITIES, 1));
        Path img = in.resolve("train/images");
        Path masks = in.resolve("train/masks");
        // an image without mask, a mask without image, a mask of the wrong size, an RGB mask, a broken image
        Files.copy(img.resolve("sal_train_00000.png"), img.resolve("lonely.png"));
        Files.copy(masks.resolve("sal_train_00000.png"), masks.resolve("orphan.png"));
        Files.copy(img.resolve("sal_train_00001.png"), img.resolve("small.png"));
        Files.write(masks.resolve("small.png"), GreyMap.of(2, 2, 0, 255, 0, 255).encodePng());
        Files.copy(img.resolve("sal_train_00002.png"), img.resolve("rgbmask.png"));
        Files.copy(img.resolve("sal_train_00002.png"), masks.resolve("rgbmask.png"));
        Files.write(img.resolve("broken.png"), new byte[] {1, 2, 3});
        Files.copy(masks.resolve("sal_train_00003.png"), masks.resolve("broken.png"));

        String out = dir.resolve("ds").toUri().toString();
        SaliencyIngestStep.Result r = SaliencyIngestStep.run(spark, in.toUri().toString(), out, List.of(Split.TRAIN, Split.VAL),
                Settings.of(Map.of()));
        // images in: 7 generated + lonely, small, rgbmask, broken = 11; the orphan mask is not an image
        assertEquals(11, r.imagesIn());
        assertEquals(7, r.samples());
        assertEquals(4, r.rejectedImages());
        assertEquals(Map.of("train", 5L, "val", 2L), r.samplesBySplit());
        assertEquals(Map.of(SaliencySampleCheck.PAIRING, 2L, SaliencySampleCheck.SIZE, 1L, SaliencySampleCheck.MASK, 1L,
                SaliencySampleCheck.IMAGE, 1L), r.rejectsByStage());
        List<Row> shards = spark.read().parquet(out + "/shards").where("split = 'train'").orderBy("key").collectAsList();
        assertEquals(5, shards.size());
        assertEquals("sal_train_00000", shards.get(0).getAs("key"));
        assertEquals(48, (int) shards.get(0).getAs("width"));
        assertTrue((long) shards.get(0).getAs("object_pixels") > 0);
        assertEquals(Files.readAllBytes(img.resolve("sal_train_00000.png")).length, ((byte[]) shards.get(0).getAs("image")).length);
        assertEquals(5, spark.read().parquet(out + "/rejects").count());
        JsonNode m = new ObjectMapper().readTree(dir.resolve("ds/manifest.json").toFile());
        assertEquals(SaliencyIngestStep.FORMAT, m.get("format").asText());
        assertEquals(11, m.get("images_in").asLong());
        assertEquals(m.get("images_in").asLong(), m.get("samples").asLong() + m.get("rejected_images").asLong());
        assertTrue(m.get("files").size() >= 2, m.toString());

        var again = assertThrows(IngestInputException.class, () -> SaliencyIngestStep.run(spark, in.toUri().toString(), out,
                List.of(Split.TRAIN), Settings.of(Map.of())));
        assertTrue(again.getMessage().contains("not an empty folder"), again.getMessage());
    }

    @Test
    void jpegCameraImagesAreIngestedAndReadForTraining(@TempDir Path dir) throws IOException {
        SparkSession spark = LocalSpark.get();
        Path in = dir.resolve("in");
        SaliencyDatasetGenerator.run(new GenerateConfig(in, Map.of(Split.TRAIN, 3, Split.VAL, 1), 32, 48, 3,
                GenerateConfig.DEFAULT_CITIES, 1));
        // a camera image: the PNG of sample 1 re-encoded as JPEG by ImageIO, the PNG removed
        Path png = in.resolve("train/images/sal_train_00001.png");
        var original = org.segpipe.core.png.PngImages.decodeRgbOrRgba(Files.readAllBytes(png), png.toString());
        java.awt.image.BufferedImage bi = new java.awt.image.BufferedImage(48, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                bi.setRGB(x, y, original.rgbAt(x, y));
            }
        }
        Path jpg = in.resolve("train/images/sal_train_00001.jpg");
        assertTrue(javax.imageio.ImageIO.write(bi, "jpg", jpg.toFile()));
        Files.delete(png);
        // and a file named .jpg that is not a readable JPEG
        Files.write(in.resolve("train/images/sal_train_00002.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2});
        Files.delete(in.resolve("train/images/sal_train_00002.png"));

        String out = dir.resolve("ds").toUri().toString();
        SaliencyIngestStep.Result r = SaliencyIngestStep.run(spark, in.toUri().toString(), out, List.of(Split.TRAIN, Split.VAL),
                Settings.of(Map.of()));
        assertEquals(4, r.imagesIn());
        assertEquals(3, r.samples());
        assertEquals(Map.of(SaliencySampleCheck.IMAGE, 1L), r.rejectsByStage());
        Row camera = spark.read().parquet(out + "/shards").where("key = 'sal_train_00001'").first();
        assertTrue(((String) camera.getAs("image_path")).endsWith("sal_train_00001.jpg"));
        assertEquals(48, (int) camera.getAs("width"));
        assertEquals(32, (int) camera.getAs("height"));

        // training and prediction decode it (by its signature) to the original picture, up to JPEG's loss
        for (String source : List.of(out, in.toUri().toString())) {
            Row row = org.segpipe.spark.data.SaliencySamples.read(spark, source, List.of(Split.TRAIN))
                    .where("key = 'sal_train_00001'").first();
            var decoded = org.segpipe.spark.data.SaliencySamples.image(row.getAs("image"), "x.jpg");
            assertEquals(48, decoded.width());
            long diff = 0;
            for (int k = 0; k < original.rgb().length; k++) {
                diff += Math.abs((original.rgb()[k] & 0xFF) - (decoded.rgb()[k] & 0xFF));
            }
            double mean = (double) diff / original.rgb().length;
            assertTrue(mean < 12, source + ": mean absolute difference " + mean);
        }
    }
}
