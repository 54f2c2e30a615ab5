package org.segpipe.model.train;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;

/**
 * How a run trains (the {@code train.*} keys), validated where it is made.
 *
 * @param epochs            passes over the training split
 * @param batchSize         images per iteration
 * @param optimizer         adam, sgd, nesterovs or rmsprop
 * @param learningRate      initial learning rate
 * @param momentum          momentum of nesterovs
 * @param schedule          constant, poly (per iteration, to 0 at the last one) or step (per epoch)
 * @param polyPower         exponent of the poly schedule
 * @param stepEpochs        epochs between steps of the step schedule
 * @param stepFactor        factor applied at each step
 * @param weightDecay       L2 decay of convolution weights
 * @param randomCrop        crop each image to the network input size at a seeded random offset; else use whole images
 * @param checkpointEvery   iterations between checkpoints (0: only at the end of each epoch)
 * @param keepCheckpoints   checkpoints kept (older ones are deleted)
 * @param seed              {@code run.seed}: weights, crops, batch order and dropout all derive from it
 */
public record TrainConfig(int epochs, int batchSize, String optimizer, double learningRate, double momentum, String schedule,
                          double polyPower, int stepEpochs, double stepFactor, double weightDecay, boolean randomCrop,
                          int checkpointEvery, int keepCheckpoints, long seed) {

    public static final String EPOCHS = "train.epochs";
    public static final String BATCH_SIZE = "train.batch-size";
    public static final String OPTIMIZER = "train.optimizer";
    public static final String LEARNING_RATE = "train.learning-rate";
    public static final String MOMENTUM = "train.momentum";
    public static final String SCHEDULE = "train.lr-schedule";
    public static final String POLY_POWER = "train.lr-poly-power";
    public static final String STEP_EPOCHS = "train.lr-step-epochs";
    public static final String STEP_FACTOR = "train.lr-step-factor";
    public static final String WEIGHT_DECAY = "train.weight-decay";
    public static final String CROP = "train.crop";
    public static final String CHECKPOINT_EVERY = "train.checkpoint-every";
    public static final String KEEP_CHECKPOINTS = "train.keep-checkpoints";
    public static final String SEED = "run.seed";

    /** Keys a resumed run may change; every other model, loss and train key must equal the checkpoint's. */
    public static final Set<String> RESUMABLE_CHANGES = Set.of(EPOCHS, CHECKPOINT_EVERY, KEEP_CHECKPOINTS,
            "train.data", "train.out", "train.resume", "train.progress", "train.partition-batches", "train.run-id");

    public TrainConfig {
        check(epochs >= 1, EPOCHS, epochs, "must be at least 1");
        check(batchSize >= 1, BATCH_SIZE, batchSize, "must be at least 1");
        check(Set.of("adam", "sgd", "nesterovs", "rmsprop").contains(optimizer), OPTIMIZER, optimizer,
                "must be one of adam, sgd, nesterovs, rmsprop");
        check(learningRate > 0 && learningRate < 10, LEARNING_RATE, learningRate, "must be in (0, 10)");
        check(momentum >= 0 && momentum < 1, MOMENTUM, momentum, "must be in [0, 1)");
        check(Set.of("constant", "poly", "step").contains(schedule), SCHEDULE, schedule, "must be one of constant, poly, step");
        check(polyPower > 0, POLY_POWER, polyPower, "must be positive");
        check(stepEpochs >= 1, STEP_EPOCHS, stepEpochs, "must be at least 1");
        check(stepFactor > 0 && stepFactor <= 1, STEP_FACTOR, stepFactor, "must be in (0, 1]");
        check(weightDecay >= 0, WEIGHT_DECAY, weightDecay, "must be non-negative");
        check(checkpointEvery >= 0, CHECKPOINT_EVERY, checkpointEvery, "must be 0 (epoch ends only) or positive");
        check(keepCheckpoints >= 1, KEEP_CHECKPOINTS, keepCheckpoints, "must be at least 1");
    }

    private static void check(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new ConfigException("'" + key + "' is " + value + " but " + rule);
        }
    }

    public static TrainConfig from(Settings s) {
        String crop = s.string(CROP);
        if (!crop.equals("random") && !crop.equals("none")) {
            throw new ConfigException("'" + CROP + "' is '" + crop + "' but must be random or none");
        }
        return new TrainConfig(s.integer(EPOCHS), s.integer(BATCH_SIZE), s.string(OPTIMIZER), s.decimal(LEARNING_RATE),
                s.decimal(MOMENTUM), s.string(SCHEDULE), s.decimal(POLY_POWER), s.integer(STEP_EPOCHS), s.decimal(STEP_FACTOR),
                s.decimal(WEIGHT_DECAY), crop.equals("random"), s.integer(CHECKPOINT_EVERY), s.integer(KEEP_CHECKPOINTS),
                s.longValue(SEED));
    }

    /** The optimiser with its schedule; the poly schedule needs the total number of iterations. */
    public IUpdater updater(long totalIterations) {
        ISchedule lr = switch (schedule) {
            case "poly" -> new PolyDecay(learningRate, polyPower, Math.max(1, totalIterations));
            case "step" -> new StepSchedule(ScheduleType.EPOCH, learningRate, stepFactor, stepEpochs);
            default -> null;
        };
        return switch (optimizer) {
            case "sgd" -> lr == null ? new Sgd(learningRate) : new Sgd(lr);
            case "nesterovs" -> lr == null ? new Nesterovs(learningRate, momentum) : new Nesterovs(lr, momentum);
            case "rmsprop" -> lr == null ? new RmsProp(learningRate) : new RmsProp(lr);
            default -> lr == null ? new Adam(learningRate) : new Adam(lr);
        };
    }

    /**
     * The settings a checkpoint must share with a run that resumes it: every {@code model.*},
     * {@code loss.*} and {@code train.*} key except {@link #RESUMABLE_CHANGES}, and the seed.
     */
    public static Map<String, String> resumeFingerprint(Settings s) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : s.asMap().entrySet()) {
            String k = e.getKey();
            if ((k.startsWith("model.") || k.startsWith("loss.") || k.startsWith("train.") || k.equals(SEED))
                    && !RESUMABLE_CHANGES.contains(k)) {
                out.put(k, e.getValue());
            }
        }
        return out;
    }
}
