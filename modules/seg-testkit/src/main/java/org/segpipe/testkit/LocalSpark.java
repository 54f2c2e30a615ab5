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

    public static synchronized SparkSession get() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSession.builder()
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
