package org.segpipe.jobs;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.augment.SampleAugmenter;
import org.segpipe.spark.SparkSessions;
import org.segpipe.spark.train.TrainStep;

/** {@code seg train}: trains a UNet on the embedded Spark; see {@link TrainStep}. */
public final class TrainCommand implements Command {

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "Train a UNet: checkpoints, a training_log table and model.zip under --out.";
    }

    @Override
    public String usage() {
        return "--data URI --out URI [--resume] [--epochs N] [--batch-size N] [--seed S]";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.key("data", TrainStep.DATA, "URI", "dataset: ingested shards or a raw Cityscapes tree, or a saliency dataset for model.classes=1 (file://, s3a://, hdfs://)"),
                CliOption.key("out", TrainStep.OUT, "URI", "folder for checkpoints, training_log, problems and model.zip"),
                CliOption.key("resume", TrainStep.RESUME, null, "continue from the newest checkpoint under --out"),
                CliOption.key("epochs", "train.epochs", "N", "passes over the training split (default 10)"),
                CliOption.key("batch-size", "train.batch-size", "N", "images per iteration (default 4)"),
                CliOption.key("augment", TrainStep.AUGMENT, "PIPELINE", "augmentation applied on the fly: a preset (none, light, cityscapes-standard) or steps (default none)"),
                CliOption.key("seed", "run.seed", "S", "seed of weights, crops, order and dropout (default 42)"),
                CliOption.key("run-id", TrainStep.RUN_ID, "ID", "run id of a new run (default: a new id)"));
    }

    @Override
    public int run(Invocation inv) {
        if (!inv.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + inv.positional().get(0) + "'");
        }
        // settings are checked before Spark starts: a bad config costs no cluster time
        inv.settings().string(TrainStep.DATA);
        inv.settings().string(TrainStep.OUT);
        org.segpipe.model.net.UNetConfig net = org.segpipe.model.net.UNetConfig.from(inv.settings());
        org.segpipe.model.train.TrainConfig.from(inv.settings());
        org.segpipe.model.loss.LossConfig.from(inv.settings(), net.classes());
        SampleAugmenter augmenter = TrainStep.augmenter(inv.settings());
        SparkSession spark = SparkSessions.create(inv.settings(), "segpipe-train");
        TrainStep.Result r = TrainStep.run(spark, inv.settings(), augmenter, inv.out());
        inv.out().printf("trained run %s: %d epochs, model %s%n", r.runId(), r.epochs().size(), r.modelUri());
        return ExitCodes.OK;
    }
}
