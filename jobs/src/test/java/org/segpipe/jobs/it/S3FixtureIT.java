package org.segpipe.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.testkit.S3ProxyServer;

/** The S3 fixture serves S3A for real: Parquet written through the magic committer reads back. */
class S3FixtureIT {

    @Test
    void parquetRoundTripsThroughS3aWithACommitter(@TempDir Path dir) throws Exception {
        // One SparkContext per JVM: getOrCreate would hand back the shared session of an IT that ran
        // before (without the S3A settings below). Stop it; LocalSpark.get() makes a new one when needed.
        scala.Option<SparkSession> earlier = SparkSession.getDefaultSession();
        if (earlier.isDefined()) {
            earlier.get().stop();
        }
        try (S3ProxyServer s3 = S3ProxyServer.start(dir, "bucket")) {
            SparkSession.Builder b = SparkSession.builder().master("local[2]").appName("s3-fixture")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.sources.commitProtocolClass",
                            "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol")
                    .config("spark.sql.parquet.output.committer.class",
                            "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter")
                    .config("spark.hadoop.fs.s3a.committer.name", "magic")
                    .config("spark.hadoop.fs.s3a.committer.magic.enabled", "true");
            s3.hadoopSettings().forEach((k, v) -> b.config("spark.hadoop." + k, v));
            SparkSession spark = b.getOrCreate();
            try {
                Dataset<Long> ids = spark.range(0, 1000).as(Encoders.LONG());
                ids.toDF("id").repartition(3).write().mode("overwrite").parquet("s3a://bucket/t/ids");
                Dataset<Row> back = spark.read().parquet("s3a://bucket/t/ids");
                assertEquals(1000, back.count());
                assertEquals(499500L, back.agg(org.apache.spark.sql.functions.sum("id")).first().getLong(0));
                try (var files = Files.walk(s3.dataDir().resolve("bucket"))) {
                    List<Path> parquet = files.filter(p -> p.toString().endsWith(".parquet")).toList();
                    assertTrue(parquet.size() >= 3, "objects landed in the bucket: " + parquet);
                }
            } finally {
                spark.stop();
            }
        }
    }
}
