package org.segpipe.jobs;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.segpipe.spark.SparkSessions;
import org.segpipe.spark.predict.PredictStep;

/** {@code seg predict}: runs a trained model over a split; see {@link PredictStep}. */
public final class PredictCommand implements Command {

    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String summary() {
        return "Predict a split with a model: Parquet rows and/or the official Cityscapes results layout.";
    }

    @Override
    public String usage() {
        return "--model URI --data URI --out URI [--format parquet|cityscapes|both] [--split val]";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.key("model", PredictStep.MODEL, "URI", "model.zip written by seg train"),
                CliOption.key("data", PredictStep.DATA, "URI", "dataset: ingested shards or a raw Cityscapes tree, or a saliency dataset (maps into saliency/)"),
                CliOption.key("out", PredictStep.OUT, "URI", "folder for predictions/, cityscapes/ and problems/"),
                CliOption.key("format", PredictStep.FORMAT, "F", "parquet, cityscapes or both (default both)"),
                CliOption.key("split", PredictStep.SPLIT, "SPLIT", "split to predict (default val)"),
                CliOption.key("run-id", PredictStep.RUN_ID, "ID", "run id of the predictions (default: a new id)"),
                CliOption.key("partitions", PredictStep.PARTITIONS, "N", "Spark partitions to spread the images over (default: the input's)"));
    }

    @Override
    public int run(Invocation inv) {
        if (!inv.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + inv.positional().get(0) + "'");
        }
        inv.settings().string(PredictStep.MODEL);
        inv.settings().string(PredictStep.DATA);
        inv.settings().string(PredictStep.OUT);
        SparkSession spark = SparkSessions.create(inv.settings(), "segpipe-predict");
        PredictStep.Result r = PredictStep.run(spark, inv.settings(), inv.out());
        return r.rejected() > 0 ? ExitCodes.PROBLEMS_FOUND : ExitCodes.OK;
    }
}
