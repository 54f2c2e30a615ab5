package org.segpipe.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.augment.SampleAugmenter;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;
import org.segpipe.core.config.SettingsResolver;
import org.segpipe.model.io.ModelFile;
import org.segpipe.model.io.SegModel;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.LocalSpark;

/** Training through Spark on a generated tree: outputs, exact resume, and bad input refused before training. */
class TrainStepTest {

    private final SparkSession spark = LocalSpark.get();

    private static Settings settings(Path data, Path out, String... extra) {
        List<String> kv = new ArrayList<>(List.of(
                "train.data=" + data.toUri(), "train.out=" + out.toUri(),
                "model.depth=2", "model.base-filters=4", "model.input-height=32", "model.input-width=64",
                "train.epochs=2", "train.batch-size=2", "train.checkpoint-every=1", "train.keep-checkpoints=3",
                "train.partition-batches=1", "train.prefetch-batches=2", "train.progress=off", "train.learning-rate=0.005",
                "model.dropout=0.2", "run.seed=9"));
        kv.addAll(List.of(extra));
        return SettingsResolver.resolve(null, kv);
    }

    private static SegModel model(Path out) throws Exception {
        return ModelFile.read(Files.readAllBytes(out.resolve("model.zip")), "model.zip", false);
    }

    @Test
    void trainsLogsCheckpointsAndResumesExactly(@TempDir Path dir) throws Exception {
        Path data = FixtureDatasets.cityscapes(dir.resolve("cs"), 8, 64, 32, 4);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

        TrainStep.Result a = TrainStep.run(spark, settings(data, dir.resolve("a")), SampleAugmenter.NONE, quiet);
        assertEquals(2, a.epochs().size());
        assertEquals(4, a.trainImages());
        assertEquals(4, a.validationImages());
        assertEquals(0, a.rejected());
        assertEquals(ModelFile.sha256(Files.readAllBytes(dir.resolve("a/model.zip"))), a.modelSha256());
        assertTrue(Files.readString(dir.resolve("a/model.zip.sha256")).startsWith(a.modelSha256() + "  model.zip"));
        List<Row> log = spark.read().parquet(dir.resolve("a/training_log").toString()).orderBy("epoch").collectAsList();
        assertEquals(2, log.size());
        assertEquals(a.runId(), log.get(0).getAs("run_id"));
        assertEquals(4L, (long) log.get(1).<Long>getAs("iterations"));
        assertTrue(log.get(1).<Double>getAs("val_miou") >= 0);
        assertTrue(log.get(1).isNullAt(log.get(1).fieldIndex("val_mae")), "val_mae is null for a Cityscapes run");
        try (Stream<Path> s = Files.list(dir.resolve("a/checkpoints"))) {
            assertEquals(List.of("ckpt-0000000002.zip", "ckpt-0000000003.zip", "ckpt-0000000004.zip"),
                    s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList(),
                    "checkpoints at 1..4 iterations, newest 3 kept");
        }

        // the same run, interrupted after iteration 3 (mid epoch 2), then resumed
        Path b = dir.resolve("b");
        TrainStep.run(spark, settings(data, b), SampleAugmenter.NONE, quiet);
        Files.delete(b.resolve("checkpoints/ckpt-0000000004.zip"));
        Files.delete(b.resolve("model.zip"));
        TrainStep.Result resumed = TrainStep.run(spark, settings(data, b, "train.resume=true"), SampleAugmenter.NONE, quiet);
        assertTrue(resumed.resumed());
        assertEquals(a.runId().equals(resumed.runId()), false, "separate runs have separate ids");
        assertEquals(1, resumed.epochs().size(), "only epoch 2 was left to train");
        assertArrayEquals(model(dir.resolve("a")).network().params().toFloatVector(), model(b).network().params().toFloatVector(),
                "resumed run ends with the uninterrupted run's weights");
        assertEquals(2, spark.read().parquet(b.resolve("training_log").toString()).count(), "epoch 2 logged once");
    }

    @Test
    void badInputIsRefusedBeforeTraining(@TempDir Path dir) throws Exception {
        Path data = FixtureDatasets.cityscapes(dir.resolve("cs"), 4, 64, 32, 4);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

        var small = assertThrows(ConfigException.class, () -> TrainStep.run(spark,
                settings(data, dir.resolve("o1"), "model.input-height=64", "model.input-width=128"), SampleAugmenter.NONE, quiet));
        assertTrue(small.getMessage().startsWith("2 training images are smaller than the training crop 128x64"), small.getMessage());
        assertTrue(small.getMessage().contains("_leftImg8bit.png is 64x32"), small.getMessage());

        var weights = assertThrows(ConfigException.class, () -> TrainStep.run(spark,
                settings(data, dir.resolve("o2"), "loss.name=weighted-ce", "loss.class-weights=1,2,3"), SampleAugmenter.NONE, quiet));
        assertTrue(weights.getMessage().startsWith("'loss.class-weights' has 3 weights but the network has 19 classes"), weights.getMessage());

        var shape = assertThrows(ConfigException.class, () -> TrainStep.run(spark,
                settings(data, dir.resolve("o3"), "model.input-height=30"), SampleAugmenter.NONE, quiet));
        assertEquals("'model.input-height' is 30 but must be a positive multiple of 2^model.depth = 4", shape.getMessage());

        var up = assertThrows(ConfigException.class, () -> TrainStep.run(spark,
                settings(data, dir.resolve("o4"), "model.upsampling=pixelshuffle"), SampleAugmenter.NONE, quiet));
        assertEquals("'model.upsampling' is 'pixelshuffle' but must be one of transposed, nearest, bilinear, unpool", up.getMessage());

        var none = assertThrows(IllegalArgumentException.class, () -> TrainStep.run(spark,
                settings(Files.createDirectories(dir.resolve("nothing")), dir.resolve("o5"), "train.validation-split="),
                SampleAugmenter.NONE, quiet));
        assertTrue(none.getMessage().contains("holds no leftImg8bit/{split}"), none.getMessage());

        // every training sample unreadable: rejected into problems/, and nothing is left to train on
        Path broken = FixtureDatasets.cityscapes(dir.resolve("broken"), 4, 64, 32, 4);
        try (Stream<Path> s = Files.walk(broken.resolve("gtFine/train"))) {
            for (Path p : s.filter(p -> p.toString().endsWith("_labelIds.png")).toList()) {
                Files.write(p, new byte[] {1, 2, 3, 4});
            }
        }
        var empty = assertThrows(ConfigException.class, () -> TrainStep.run(spark, settings(broken, dir.resolve("o7")),
                SampleAugmenter.NONE, quiet));
        assertTrue(empty.getMessage().startsWith("no usable training samples in " + broken.toUri() + " (split train); 2 were rejected, e.g. "),
                empty.getMessage());
        assertEquals(2, spark.read().parquet(dir.resolve("o7/problems").toString()).count());

        // a finished run: its checkpoints belong to it, and another configuration may not resume them
        Path out = dir.resolve("o6");
        TrainStep.run(spark, settings(data, out, "train.epochs=1"), SampleAugmenter.NONE, quiet);
        var again = assertThrows(ConfigException.class, () -> TrainStep.run(spark, settings(data, out), SampleAugmenter.NONE, quiet));
        assertTrue(again.getMessage().contains("already holds checkpoints"), again.getMessage());
        var other = assertThrows(ConfigException.class, () -> TrainStep.run(spark,
                settings(data, out, "train.resume=true", "model.base-filters=8"), SampleAugmenter.NONE, quiet));
        assertTrue(other.getMessage().contains("model.base-filters=4 (this run: 8)"), other.getMessage());

        Path corrupt = out.resolve("checkpoints/ckpt-0000000009.zip");
        Files.write(corrupt, new byte[] {1, 2, 3});
        var bad = assertThrows(IllegalArgumentException.class, () -> TrainStep.run(spark,
                settings(data, out, "train.resume=true"), SampleAugmenter.NONE, quiet));
        assertTrue(bad.getMessage().contains("ckpt-0000000009.zip is not a segpipe model file"), bad.getMessage());
    }
}
