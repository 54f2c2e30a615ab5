package org.segpipe.spark.train;

import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;

/**
 * How training runs: {@code local} (executors build batches, the driver trains) or {@code spark}
 * (data-parallel on executors with DL4J's {@code ParameterAveragingTrainingMaster}, or its
 * {@code SharedTrainingMaster} with {@code train.spark.master=sharing}).
 *
 * @param spark              true for {@code train.mode=spark}
 * @param workers            concurrent training tasks; resolved against Spark's default parallelism
 * @param batchPerWorker     images per iteration on each worker
 * @param averagingFrequency iterations each worker runs per round (between parameter averagings, or
 *                           between the driver's checkpoints and progress lines when sharing)
 * @param prefetch           batches each worker reads ahead
 * @param master             the training master
 * @param sharingThreshold   initial threshold of the sharing master's adaptive gradient encoding
 * @param sharingPort        UDP port of the sharing master in every JVM; 0 picks a free one per JVM
 */
public record SparkTrainConfig(boolean spark, int workers, int batchPerWorker, int averagingFrequency, int prefetch, Master master,
                               double sharingThreshold, int sharingPort) {

    public static final String MODE = "train.mode";
    public static final String WORKERS = "train.spark.workers";
    public static final String BATCH_PER_WORKER = "train.spark.batch-per-worker";
    public static final String AVERAGING_FREQUENCY = "train.spark.averaging-frequency";
    public static final String PREFETCH = "train.spark.prefetch-batches";
    public static final String MASTER = "train.spark.master";
    public static final String SHARING_THRESHOLD = "train.spark.sharing-threshold";
    public static final String SHARING_PORT = "train.spark.sharing-port";

    /** DL4J's training masters. */
    public enum Master {
        /** {@code ParameterAveragingTrainingMaster}: workers fit, the driver averages parameters and updater state per round. */
        AVERAGING,
        /** {@code SharedTrainingMaster}: workers exchange threshold-encoded gradients through the driver while they fit. */
        SHARING
    }

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
        String m = s.find(MASTER).orElse("averaging").trim();
        Master master = switch (m) {
            case "averaging" -> Master.AVERAGING;
            case "sharing" -> Master.SHARING;
            default -> throw new ConfigException("'" + MASTER + "' is '" + m + "' but must be averaging or sharing");
        };
        double threshold = s.decimal(SHARING_THRESHOLD);
        if (!(threshold > 0) || !Double.isFinite(threshold)) {
            throw new ConfigException("'" + SHARING_THRESHOLD + "' is " + threshold + " but must be a number above 0");
        }
        int port = s.integerAtLeast(SHARING_PORT, 0);
        if (port > 65535) {
            throw new ConfigException("'" + SHARING_PORT + "' is " + port + " but must be a UDP port (0-65535; 0 picks a free one)");
        }
        int workers = s.integerAtLeast(WORKERS, 0);
        int perWorker = s.integerAtLeast(BATCH_PER_WORKER, 0);
        return new SparkTrainConfig(spark, workers == 0 ? Math.max(1, defaultParallelism) : workers,
                perWorker == 0 ? batchSize : perWorker, s.integerAtLeast(AVERAGING_FREQUENCY, 1), s.integerAtLeast(PREFETCH, 0), master,
                threshold, port);
    }

    /** Images of one averaging round over all workers. */
    public long imagesPerRound() {
        return (long) workers * averagingFrequency * batchPerWorker;
    }
}
