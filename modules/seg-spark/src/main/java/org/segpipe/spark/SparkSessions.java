package org.segpipe.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.config.Settings;

/**
 * Builds the SparkSession for a run from resolved settings: {@code spark.master} and every other
 * {@code spark.*} key pass through to Spark, {@code spark-hadoop.K} becomes the Hadoop setting K.
 * Local masters bind to 127.0.0.1 so a laptop run opens no network port to the outside. Under
 * spark-submit, {@code --master} wins over the {@code spark.master} setting.
 */
public final class SparkSessions {

    private SparkSessions() {
    }

    public static SparkSession create(Settings settings, String appName) {
        // Under spark-submit the master comes from --master (SparkSubmit sets the system property);
        // only scripts/seg's embedded runs take it from the settings.
        String submitted = System.getProperty("spark.master");
        String master = submitted != null ? submitted : settings.find("spark.master").orElse("local[*]");
        SparkSession.Builder b = SparkSession.builder().appName(appName).master(master)
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .config("spark.kryo.registrator", Nd4jKryoRegistrator.class.getName())
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
                // Parquet checks row-group size only every 100 rows by default; with multi-MB rows that
                // overshoots memory (STACK.md), so check after every row.
                .config("spark.hadoop.parquet.block.size.row.check.min", "1")
                .config("spark.hadoop.parquet.page.size.row.check.min", "1");
        if (master.startsWith("local")) {
            b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        for (Map.Entry<String, String> e : settings.asMap().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("spark-hadoop.")) {
                b.config("spark.hadoop." + k.substring("spark-hadoop.".length()), e.getValue());
            } else if (k.startsWith("spark.") && !k.equals("spark.master")) {
                b.config(k, e.getValue());
            }
        }
        return b.getOrCreate();
    }
}
