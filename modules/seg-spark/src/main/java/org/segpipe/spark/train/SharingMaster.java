package org.segpipe.spark.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.repartitioner.NoOpRepartitioner;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.nd4j.parameterserver.distributed.v2.ModelParameterServer;
import org.nd4j.parameterserver.distributed.v2.transport.PortSupplier;

/**
 * Builds DL4J's {@link SharedTrainingMaster} (gradient sharing) for {@code train.spark.master=sharing}.
 * The driver is the controller: its address is Spark's {@code spark.driver.host} (127.0.0.1 for
 * local masters), so no network mask or {@code SPARK_PUBLIC_DNS} guessing happens. Every JVM
 * (driver and executors) opens one Aeron UDP endpoint; with {@code train.spark.sharing-port=0}
 * each JVM picks its own free port ({@link FreePort}), so several executors on one host never
 * collide. Data is used as given: {@link RDDTrainingApproach#Direct}, no repartitioning, no
 * persisting (the rounds' partitions are bound to their GPU inside the fitting task).
 */
final class SharingMaster {

    private SharingMaster() {
    }

    static SharedTrainingMaster build(JavaSparkContext jsc, SparkTrainConfig sc, long seed) {
        prepareJvm();
        SparkConf conf = jsc.getConf();
        String controller = conf.get("spark.driver.host", "127.0.0.1");
        VoidConfiguration voidConf = VoidConfiguration.builder()
                .controllerAddress(controller)
                .portSupplier(new FreePort(sc.sharingPort()))
                .build();
        return new SharedTrainingMaster.Builder(voidConf, sc.workers(), new AdaptiveThresholdAlgorithm(sc.sharingThreshold()),
                sc.batchPerWorker())
                .batchSizePerWorker(sc.batchPerWorker())
                .workersPerNode(workersPerNode(conf, jsc.isLocal(), sc.workers()))
                .workerPrefetchNumBatches(sc.prefetch())
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartitionData(Repartition.Never)
                .repartitioner(new NoOpRepartitioner())
                .storageLevel(null)
                .rngSeed(seed)
                .build();
    }

    /**
     * Model replicas each executor JVM trains (DL4J's ParallelWrapper threads; the tasks of a JVM
     * feed them): as many as tasks run at once in one executor, at most the workers. Locally the one
     * JVM runs every worker.
     */
    static int workersPerNode(SparkConf conf, boolean local, int workers) {
        if (local) {
            return workers;
        }
        int cores = conf.getInt("spark.executor.cores", 1) / Math.max(1, conf.getInt("spark.task.cpus", 1));
        return Math.max(1, Math.min(workers, cores));
    }

    /** Aeron's publication unblock timeout, above the 30 s client liveness timeout DL4J's transport sets. */
    static final String UNBLOCK_TIMEOUT = "aeron.publication.unblock.timeout";

    /**
     * Readies this JVM (driver, or executor inside a training task before DL4J's worker starts) for
     * DL4J's Aeron transport: its {@code AeronUdpTransport} sets {@code aeron.client.liveness.timeout}
     * to 30 s, and Aeron's media driver refuses to start unless the publication unblock timeout
     * (15 s by default) is longer. An explicit setting (e.g. in {@code extraJavaOptions}) is kept.
     */
    static void prepareJvm() {
        synchronized (System.getProperties()) {
            if (System.getProperty(UNBLOCK_TIMEOUT) == null) {
                System.setProperty(UNBLOCK_TIMEOUT, Long.toString(60_000_000_000L));
            }
        }
    }

    /** Stops the driver's parameter server (its UDP endpoint and threads) after training. */
    static void shutdown() {
        if (ModelParameterServer.getInstance().isInitialized()) {
            ModelParameterServer.getInstance().shutdown();
        }
    }

    /** A fixed port, or (0) one free UDP port per JVM, chosen on first use and kept. */
    static final class FreePort implements PortSupplier {
        private static final long serialVersionUID = 1L;
        private static int chosen;
        private final int port;

        FreePort(int port) {
            this.port = port;
        }

        @Override
        public int getPort() {
            if (port > 0) {
                return port;
            }
            synchronized (FreePort.class) {
                if (chosen == 0) {
                    try (DatagramSocket s = new DatagramSocket(0)) {
                        chosen = s.getLocalPort();
                    } catch (IOException e) {
                        throw new UncheckedIOException("no free UDP port for the gradient-sharing endpoint", e);
                    }
                }
                return chosen;
            }
        }
    }
}
