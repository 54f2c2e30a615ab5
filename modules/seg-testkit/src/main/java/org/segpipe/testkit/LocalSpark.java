package org.segpipe.testkit;

import org.apache.spark.sql.SparkSession;

/**
 * The shared {@code local[2]} SparkSession for tests: one per test JVM, UI off, bound to
 * 127.0.0.1, few shuffle partitions. Tests must not stop it.
 */
public final class LocalSpark {

    private static SparkSession session;

    private LocalSpark() {
    }

    /** seg-spark's Kryo registrator for ND4J arrays (what SparkSessions sets), when it is on the classpath. */
    private static final String ND4J_KRYO = "org.segpipe.spark.Nd4jKryoRegistrator";

    public static synchronized SparkSession get() {
        if (session == null || session.sparkContext().isStopped()) {
            SparkSession.Builder b = SparkSession.builder();
            try {
                Class.forName(ND4J_KRYO, false, LocalSpark.class.getClassLoader());
                b.config("spark.kryo.registrator", ND4J_KRYO);
            } catch (ClassNotFoundException e) {
                // modules below seg-spark move no ND4J arrays through Spark
            }
            session = b
                    .appName("segpipe-tests")
                    .master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "4")
                    .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
                    .getOrCreate();
        }
        return session;
    }
}
