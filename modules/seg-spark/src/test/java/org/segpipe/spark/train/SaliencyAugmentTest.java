package org.segpipe.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.augment.AugmentConfig;
import org.segpipe.core.augment.AugmentResult;
import org.segpipe.core.augment.Pipeline;
import org.segpipe.core.augment.PipelineAugmenter;
import org.segpipe.core.augment.SampleAugmenter;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.Settings;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.generate.GenerateConfig;
import org.segpipe.core.generate.saliency.SaliencyDatasetGenerator;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.metrics.saliency.GreyMap;
import org.segpipe.model.data.BatchCodec;
import org.segpipe.model.data.EncodedBatch;
import org.segpipe.model.data.SaliencyBatches;
import org.segpipe.spark.data.SaliencySamples;
import org.segpipe.testkit.LocalSpark;

/**
 * On-the-fly augmentation of saliency training samples ({@code train.augment}): geometric steps
 * move image and mask together, photometric ones touch the image only, the mask stays binary,
 * and an epoch's batches are a pure function of (data, seed, epoch).
 */
class SaliencyAugmentTest {

    /*
     * The tiny drawn map, 4 wide x 3 high. Each image pixel's colour names where it came from
     * (red = 40x + 1, green = 40y + 1, blue = 7), so after any move a pixel says which source
     * pixel it shows. The mask (grey levels, binarised at > 128):
     *
     *        x=0  x=1  x=2  x=3
     *   y=0  255  255    0    0
     *   y=1  255  129  128    0      129 -> object, 128 -> background
     *   y=2    0    0    0  200
     */
    private static final int W = 4;
    private static final int H = 3;
    private static final int[] MASK = {255, 255, 0, 0, 255, 129, 128, 0, 0, 0, 0, 200};

    private static SaliencyBatches.Sample drawn() {
        byte[] rgb = new byte[W * H * 3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int o = 3 * (y * W + x);
                rgb[o] = (byte) (40 * x + 1);
                rgb[o + 1] = (byte) (40 * y + 1);
                rgb[o + 2] = 7;
            }
        }
        byte[] mask = new byte[W * H];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (byte) MASK[i];
        }
        return new SaliencyBatches.Sample("k", new RgbImage(W, H, rgb), new GreyMap(W, H, mask));
    }

    /** The label a source pixel must carry: 1 for mask > 128, else 0. */
    private static int label(int x, int y) {
        return MASK[y * W + x] > 128 ? 1 : 0;
    }

    private static PipelineAugmenter augmenter(String steps, long seed) {
        return new PipelineAugmenter(Pipeline.parse(steps, TrainStep.AUGMENT), seed, 0);
    }

    private static Row row(SaliencyBatches.Sample s) {
        StructType schema = new StructType().add(SaliencySamples.KEY, DataTypes.StringType).add(SaliencySamples.SPLIT, DataTypes.StringType)
                .add(SaliencySamples.IMAGE_PATH, DataTypes.StringType).add(SaliencySamples.IMAGE, DataTypes.BinaryType)
                .add(SaliencySamples.MASK, DataTypes.BinaryType).add(SaliencySamples.READ_ERROR, DataTypes.StringType);
        return new GenericRowWithSchema(new Object[] {s.key(), "train", "k.png", org.segpipe.core.png.PngImages.encode(s.image()),
            s.mask().encodePng(), null}, schema);
    }

    @Test
    void theMaskBecomesTrainIdsZeroAndOne() {
        DecodedSample d = SaliencyTraining.asTrainIds(drawn(), "train");
        assertEquals(ClassEncoding.TRAIN_IDS, d.labelIds().encoding());
        assertEquals(Split.TRAIN, d.split());
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(label(x, y), d.labelIds().at(x, y), "(" + x + "," + y + ")");
            }
        }
    }

    @Test
    void aFlipMirrorsImageAndMaskTogether() {
        DecodedSample out = augmenter("hflip(p=1)", 1).augment(SaliencyTraining.asTrainIds(drawn(), "train"), 0);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int o = 3 * (y * W + x);
                assertEquals(40 * (W - 1 - x) + 1, out.image().rgb()[o] & 0xFF);
                assertEquals(40 * y + 1, out.image().rgb()[o + 1] & 0xFF);
                assertEquals(label(W - 1 - x, y), out.labelIds().at(x, y), "(" + x + "," + y + ")");
            }
        }
        // through the training encoder (whole image, no crop): the batch holds the mirrored pair
        EncodedBatch b = SaliencyTraining.encode(row(drawn()), 3, 0, H, W, false, augmenter("hflip(p=1)", 1));
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(label(W - 1 - x, y), b.trainIds()[y * W + x], "batch label at (" + x + "," + y + ")");
                assertEquals(40 * (W - 1 - x) + 1, b.pixels()[3 * (y * W + x)] & 0xFF);
            }
        }
    }

    /**
     * For every pixel of the encoded batch, the colour names the source pixel it shows; its label
     * must be that source pixel's label (or the pixel is fill: black and label 255, ignored).
     */
    private static int assertConsistent(EncodedBatch b, String what) {
        int n = 0;
        for (int i = 0; i < b.size(); i++) {
            for (int y = 0; y < b.validHeight(i); y++) {
                for (int x = 0; x < b.validWidth(i); x++) {
                    int o = (i * b.height() + y) * b.width() + x;
                    int r = b.pixels()[3 * o] & 0xFF;
                    int g = b.pixels()[3 * o + 1] & 0xFF;
                    int lab = b.trainIds()[o] & 0xFF;
                    if (r == 0 && g == 0) {
                        assertEquals(255, lab, what + ": an uncovered pixel is ignored at (" + x + "," + y + ")");
                        continue;
                    }
                    assertEquals(1, (r - 1) % 40 == 0 && (g - 1) % 40 == 0 ? 1 : 0, what + ": colour " + r + "," + g
                            + " is a source colour (no interpolation)");
                    assertEquals(label((r - 1) / 40, (g - 1) / 40), lab, what + ": label at (" + x + "," + y + ") shows source ("
                            + (r - 1) / 40 + "," + (g - 1) / 40 + ")");
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void geometricStepsKeepImageAndMaskAlignedThroughTheEncoder() {
        List<String> pipelines = List.of("hflip(p=1)", "crop(height=2, width=3)", "hflip(p=0.5); crop(height=2, width=2)",
                "translate(max-x=0.5, max-y=0.5); hflip(p=0.5)", "crop(height=4, width=5)");
        for (String steps : pipelines) {
            int shown = 0;
            for (long seed = 1; seed <= 6; seed++) {
                for (int epoch = 0; epoch < 3; epoch++) {
                    String what = steps + " seed " + seed + " epoch " + epoch;
                    // whole augmented sample (the crop-to-4x5 pads with ignore), then the training crop of 2x2 on top
                    shown += assertConsistent(SaliencyTraining.encode(row(drawn()), seed, epoch, 4, 5, false, augmenter(steps, seed)),
                            what);
                    // a 2x2 crop of a translated sample may show only fill
                    shown += assertConsistent(SaliencyTraining.encode(row(drawn()), seed, epoch, 2, 2, true, augmenter(steps, seed)),
                            what + " + 2x2 crop");
                }
            }
            assertTrue(shown > 0, steps + ": source pixels survive");
        }
    }

    @Test
    void aCropCutsTheSameWindowOfImageAndMask() {
        AugmentResult r = augmenter("crop(height=2, width=3)", 9).augmentWithParams(SaliencyTraining.asTrainIds(drawn(), "train"), 4);
        int ox = (Integer) r.steps().get(0).drawn().get("x");
        int oy = (Integer) r.steps().get(0).drawn().get("y");
        DecodedSample out = r.sample();
        assertEquals(3, out.width());
        assertEquals(2, out.height());
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                assertEquals(40 * (ox + x) + 1, out.image().rgb()[3 * (y * 3 + x)] & 0xFF);
                assertEquals(40 * (oy + y) + 1, out.image().rgb()[3 * (y * 3 + x) + 1] & 0xFF);
                assertEquals(label(ox + x, oy + y), out.labelIds().at(x, y), "window at " + ox + "," + oy);
            }
        }
    }

    @Test
    void photometricStepsTouchTheImageOnly() {
        DecodedSample in = SaliencyTraining.asTrainIds(drawn(), "train");
        DecodedSample out = augmenter("brightness(delta=32, p=1); contrast(min=0.5, max=0.6, p=1)", 2).augment(in, 0);
        assertFalse(Arrays.equals(in.image().rgb(), out.image().rgb()), "the image changed");
        assertArrayEquals(in.labelIds().values(), out.labelIds().values(), "the mask did not");
    }

    @Test
    void withoutAugmentationTheEncoderIsUnchanged() {
        // NONE keeps the pre-augmentation bytes: the sample as SaliencyBatches encodes it
        EncodedBatch none = SaliencyTraining.encode(row(drawn()), 5, 1, H, W, false, SampleAugmenter.NONE);
        EncodedBatch direct = SaliencyBatches.encode(List.of(drawn()));
        assertArrayEquals(direct.pixels(), none.pixels());
        assertArrayEquals(direct.trainIds(), none.trainIds());
        // and an augmenter whose only step is never drawn gives the same bytes through the augmenting path
        EncodedBatch skipped = SaliencyTraining.encode(row(drawn()), 5, 1, H, W, false, augmenter("hflip(p=0)", 5));
        assertArrayEquals(direct.pixels(), skipped.pixels());
        assertArrayEquals(direct.trainIds(), skipped.trainIds());
    }

    private static List<EncodedBatch> epoch(JavaRDD<Row> rows, long count, long seed, SampleAugmenter aug, int epoch) {
        EpochBatches eb = new EpochBatches(rows, count, 2, 1, seed, 32, 32, true, aug, true);
        try {
            return eb.rdd(epoch, 0).collect();
        } finally {
            eb.release();
        }
    }

    private static void assertSameBatches(List<EncodedBatch> a, List<EncodedBatch> b, String what) {
        assertEquals(a.size(), b.size(), what);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).keys(), b.get(i).keys(), what + " batch " + i);
            assertArrayEquals(a.get(i).pixels(), b.get(i).pixels(), what + " batch " + i);
            assertArrayEquals(a.get(i).trainIds(), b.get(i).trainIds(), what + " batch " + i);
        }
    }

    private static boolean samePixels(List<EncodedBatch> a, List<EncodedBatch> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i).pixels(), b.get(i).pixels())) {
                return false;
            }
        }
        return true;
    }

    @Test
    void epochBatchesAreAPureFunctionOfDataSeedAndEpoch(@TempDir Path dir) {
        SparkSession spark = LocalSpark.get();
        Path in = dir.resolve("sal");
        SaliencyDatasetGenerator.run(new GenerateConfig(in, Map.of(Split.TRAIN, 6), 40, 48, 4, GenerateConfig.DEFAULT_CITIES, 1));
        List<Row> rows = SaliencySamples.read(spark, in.toUri().toString(), List.of(Split.TRAIN)).collectAsList();
        var jsc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Row> one = jsc.parallelize(rows, 1);
        List<Row> reversed = new ArrayList<>(rows);
        java.util.Collections.reverse(reversed);
        JavaRDD<Row> three = jsc.parallelize(reversed, 3);
        Settings settings = Settings.of(Map.of(TrainStep.AUGMENT, "light", "augment.seed", "11", "run.seed", "0"));
        SampleAugmenter light = TrainStep.augmenter(settings);
        long seed = 7;
        for (int e = 0; e < 2; e++) {
            List<EncodedBatch> a = epoch(one, 6, seed, light, e);
            // another partitioning and order of the same rows, and a fresh augmenter from the same settings: same bytes
            List<EncodedBatch> b = epoch(three, 6, seed, TrainStep.augmenter(settings), e);
            assertSameBatches(a, b, "epoch " + e + " (seed " + seed + ", augment.seed 11)");
            assertEquals(3, a.size());
            for (EncodedBatch batch : a) {
                for (byte v : batch.trainIds()) {
                    assertTrue(v == 0 || v == 1 || v == (byte) 255, "labels stay 0/1 (255 where a step uncovered pixels)");
                }
                assertConsistentSizes(batch);
            }
            List<EncodedBatch> plain = epoch(one, 6, seed, SampleAugmenter.NONE, e);
            assertEquals(plain.stream().map(EncodedBatch::keys).toList(), a.stream().map(EncodedBatch::keys).toList(),
                    "augmentation leaves the order alone");
            assertFalse(samePixels(plain, a), "the light preset changed something in epoch " + e);
        }
        assertFalse(samePixels(epoch(one, 6, seed, light, 0), epoch(one, 6, seed, light, 1)), "epochs draw differently");
        SampleAugmenter otherSeed = TrainStep.augmenter(Settings.of(Map.of(TrainStep.AUGMENT, "light", "augment.seed", "12",
                "run.seed", "0")));
        assertNotEquals(List.of(), epoch(one, 6, seed, otherSeed, 0));
        assertFalse(samePixels(epoch(one, 6, seed, light, 0), epoch(one, 6, seed, otherSeed, 0)), "augment.seed matters");
    }

    private static void assertConsistentSizes(EncodedBatch b) {
        assertEquals(32, b.height());
        assertEquals(32, b.width());
        assertEquals(b.size() * 32 * 32, b.trainIds().length);
        assertEquals(BatchCodec.features(b).size(0), b.size());
    }
}
