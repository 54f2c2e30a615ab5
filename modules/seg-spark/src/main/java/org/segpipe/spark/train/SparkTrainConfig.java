package org.segpipe.spark.train;

import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;

/**
 * How training runs: {@code local} (executors build batches, the driver trains) or {@code spark}
 * (data-parallel on executors with DL4J's {@code ParameterAveragingTrainingMaster}).
 *
 * @param spark              true for {@code train.mode=spark}
 * @param workers            concurrent training tasks; resolved against Spark's default parallelism
 * @param batchPerWorker     images per iteration on each worker
 * @param averagingFrequency iterations each worker runs between parameter averagings
 * @param prefetch           batches each worker reads ahead
 */
public record SparkTrainConfig(boolean spark, int workers, int batchPerWorker, int averagingFrequency, int prefetch) {

    public static final String MODE = "train.mode";
    public static final String WORKERS = "train.spark.workers";
    public static final String BATCH_PER_WORKER = "train.spark.batch-per-worker";
    public static final String AVERAGING_FREQUENCY = "train.spark.averaging-frequency";
    public static final String PREFETCH = "train.spark.prefetch-batches";

    /**
     * @param batchSize          {@code train.batch-size}, the default of the batch per worker
     * @param defaultParallelism Spark's default parallelism, the default number of workers
     */
    public static SparkTrainConfig from(Settings s, int batchSize, int defaultParallelism) {
        String mode = s.find(MODE).orElse("local").trim();
        boolean spark = switch (mode) {
            case "local" -> false;
            case "spark" -> true;
            default -> throw new ConfigException("'" + MODE + "' is '" + mode + "' but must be local or spark");
        };
        int workers = s.integerAtLeast(WORKERS, 0);
        int perWorker = s.integerAtLeast(BATCH_PER_WORKER, 0);
        return new SparkTrainConfig(spark, workers == 0 ? Math.max(1, defaultParallelism) : workers,
                perWorker == 0 ? batchSize : perWorker, s.integerAtLeast(AVERAGING_FREQUENCY, 1), s.integerAtLeast(PREFETCH, 0));
    }

    /** Images of one averaging round over all workers. */
    public long imagesPerRound() {
        return (long) workers * averagingFrequency * batchPerWorker;
    }
}
