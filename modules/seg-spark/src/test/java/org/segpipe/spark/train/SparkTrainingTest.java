package org.segpipe.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.augment.SampleAugmenter;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;
import org.segpipe.core.config.SettingsResolver;
import org.segpipe.model.io.ModelFile;
import org.segpipe.spark.gpu.GpuBinding;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.LocalSpark;

/** train.mode=spark on local[2]: parameter averaging over two workers, with the outputs of local training. */
class SparkTrainingTest {

    private final SparkSession spark = LocalSpark.get();

    private static Settings settings(Path data, Path out, String... extra) {
        List<String> kv = new ArrayList<>(List.of(
                "train.data=" + data.toUri(), "train.out=" + out.toUri(),
                "model.depth=2", "model.base-filters=4", "model.input-height=32", "model.input-width=64",
                "train.epochs=4", "train.batch-size=2", "train.keep-checkpoints=2", "train.progress=off",
                "train.learning-rate=0.01", "run.seed=5",
                "train.mode=spark", "train.spark.workers=2", "train.spark.batch-per-worker=2", "train.spark.averaging-frequency=1"));
        kv.addAll(List.of(extra));
        return SettingsResolver.resolve(null, kv);
    }

    @Test
    void trainsWithParameterAveragingAndWritesWhatLocalModeWrites(@TempDir Path dir) throws Exception {
        Path data = FixtureDatasets.cityscapes(dir.resolve("cs"), 12, 64, 32, 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainStep.Result r = TrainStep.run(spark, settings(data, dir.resolve("out")), SampleAugmenter.NONE, new PrintStream(bytes));
        String printed = bytes.toString();

        assertEquals(4, r.epochs().size(), printed);
        assertTrue(r.epochs().get(3).trainLoss() < r.epochs().get(0).trainLoss(),
                "the loss falls: " + r.epochs().stream().map(e -> e.trainLoss()).toList());
        // 6 training images, 2 workers x 2 images x 1 iteration per round = 4 images: 2 rounds of 1 iteration per epoch
        assertEquals(2L * 4, r.epochs().get(3).iterations());
        assertEquals(r.trainImages(), r.epochs().get(0).trainImages(), "every training image once per epoch");
        List<Row> log = spark.read().parquet(dir.resolve("out/training_log").toString()).orderBy("epoch").collectAsList();
        assertEquals(4, log.size());
        assertTrue(log.get(3).<Double>getAs("val_miou") >= 0);
        assertTrue(Files.exists(dir.resolve("out/checkpoints/ckpt-0000000008.zip")), "checkpoint after the last epoch");
        var model = ModelFile.read(Files.readAllBytes(dir.resolve("out/model.zip")), "model.zip", true);
        assertEquals(4, model.metadata().state().epoch());

        // every fitting task bound itself first; local[2] assigns no GPU, so nothing was bound on the CPU backend
        assertFalse(r.gpuBindings().isEmpty());
        for (GpuBinding.Bound b : r.gpuBindings()) {
            assertEquals("", b.address(), b.toString());
            assertEquals("cpu", b.backend(), b.toString());
            assertEquals(-1, b.device(), b.toString());
            assertTrue(b.stage() >= 0, b.toString());
        }
        assertTrue(printed.contains("training tasks: "), printed);
    }

    /**
     * train.spark.master=sharing: DL4J's SharedTrainingMaster, its parameter server on the driver and
     * one worker JVM (local[2]) with two model replicas exchanging threshold-encoded updates over UDP
     * on 127.0.0.1. Every batch must be fitted (SparkTraining counts the replicas' minibatch scores),
     * the driver's network (validated, checkpointed) must learn.
     */
    @Test
    void trainsWithGradientSharing(@TempDir Path dir) throws Exception {
        Path data = FixtureDatasets.cityscapes(dir.resolve("cs"), 12, 64, 32, 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainStep.Result r = TrainStep.run(spark, settings(data, dir.resolve("out"), "train.spark.master=sharing"), SampleAugmenter.NONE,
                new PrintStream(bytes));
        String printed = bytes.toString();

        assertEquals(4, r.epochs().size(), printed);
        assertTrue(r.epochs().get(3).trainLoss() < r.epochs().get(0).trainLoss(),
                "the loss falls: " + r.epochs().stream().map(e -> e.trainLoss()).toList());
        assertEquals(2L * 4, r.epochs().get(3).iterations());
        assertEquals(r.trainImages(), r.epochs().get(0).trainImages(), "every training image once per epoch");
        List<Row> log = spark.read().parquet(dir.resolve("out/training_log").toString()).orderBy("epoch").collectAsList();
        assertEquals(4, log.size());
        // the driver's network is the one that learns: validated after every epoch, checkpointed, saved
        assertTrue(log.get(3).<Double>getAs("val_miou") > log.get(0).<Double>getAs("val_miou"),
                "val mIoU rises on the driver's network: " + r.epochs().stream().map(e -> e.validationMiou()).toList());
        assertTrue(Files.exists(dir.resolve("out/checkpoints/ckpt-0000000008.zip")), "checkpoint after the last epoch");
        var model = ModelFile.read(Files.readAllBytes(dir.resolve("out/model.zip")), "model.zip", true);
        assertEquals(4, model.metadata().state().epoch());
        assertTrue(printed.contains("gradient sharing"), printed);
    }

    @Test
    void refusesAnUnknownMaster(@TempDir Path dir) {
        Path data = FixtureDatasets.cityscapes(dir.resolve("cs"), 4, 64, 32, 3);
        ConfigException e = assertThrows(ConfigException.class, () -> TrainStep.run(spark,
                settings(data, dir.resolve("out"), "train.spark.master=ring"), SampleAugmenter.NONE,
                new PrintStream(new ByteArrayOutputStream())));
        assertEquals("'train.spark.master' is 'ring' but must be averaging or sharing", e.getMessage());
    }

    @Test
    void refusesAnUnknownMode(@TempDir Path dir) {
        Path data = FixtureDatasets.cityscapes(dir.resolve("cs"), 4, 64, 32, 3);
        ConfigException e = assertThrows(ConfigException.class, () -> TrainStep.run(spark,
                settings(data, dir.resolve("out"), "train.mode=cluster"), SampleAugmenter.NONE, new PrintStream(new ByteArrayOutputStream())));
        assertEquals("'train.mode' is 'cluster' but must be local or spark", e.getMessage());
    }
}
