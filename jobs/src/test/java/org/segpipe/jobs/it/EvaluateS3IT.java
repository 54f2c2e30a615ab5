package org.segpipe.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.Settings;
import org.segpipe.core.evaluate.EvaluateConfig;
import org.segpipe.core.evaluate.LocalEvaluator;
import org.segpipe.core.evaluate.SummaryJson;
import org.segpipe.core.results.SyntheticResults;
import org.segpipe.spark.evaluate.EvaluateStep;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.S3ProxyServer;

/** {@code seg evaluate} with ground truth, predictions and the summary on S3 (S3A against S3Proxy). */
class EvaluateS3IT {

    @Test
    void evaluatesFromAndToS3(@TempDir Path dir) throws Exception {
        Path gt = FixtureDatasets.cityscapes(dir.resolve("cs"), 4, 128, 64, 8);
        Path local = dir.resolve("results");
        SyntheticResults.write(gt, Split.VAL, 3, local.resolve("sem"), local.resolve("inst"), local.resolve("pan"));
        String expected = SummaryJson.write(LocalEvaluator.run(new LocalEvaluator.Config(gt, Split.VAL, local.resolve("sem"),
                local.resolve("inst"), local.resolve("pan"), false, 2), false).report());

        try (S3ProxyServer s3 = S3ProxyServer.start(dir, "bucket")) {
            Map<String, String> conf = new LinkedHashMap<>();
            conf.put("spark.master", "local[2]");
            conf.put("spark.ui.enabled", "false");
            conf.put("spark.sql.shuffle.partitions", "4");
            // another S3 server of this JVM may have left a cached S3A file system for the same bucket
            conf.put("spark-hadoop.fs.s3a.impl.disable.cache", "true");
            s3.hadoopSettings().forEach((k, v) -> conf.put("spark-hadoop." + k, v));
            Settings settings = Settings.of(conf);
            // ITs share a JVM: a session another test left running would swallow this one's S3A settings
            SparkSession.getDefaultSession().foreach(existing -> {
                existing.stop();
                return null;
            });
            SparkSession spark = org.segpipe.spark.SparkSessions.create(settings, "evaluate-s3");
            try {
                FileSystem fs = new org.apache.hadoop.fs.Path("s3a://bucket/").getFileSystem(spark.sparkContext().hadoopConfiguration());
                fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(gt.toUri()), new org.apache.hadoop.fs.Path("s3a://bucket/cs"));
                fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path("s3a://bucket/results"));
                // The report goes to local disk: against S3Proxy every committed file costs a ~10 s S3A
                // copy (rename), which would make this test minutes long; writing reports to S3 was
                // verified by hand (see the seg-spark README).
                String report = dir.resolve("report").toUri().toString();
                EvaluateConfig config = new EvaluateConfig("s3a://bucket/cs", Split.VAL, "s3a://bucket/results/sem",
                        "s3a://bucket/results/inst", "s3a://bucket/results/pan", report,
                        "s3a://bucket/summary.json", "s3-run", false, 1);
                EvaluateStep.Result r = EvaluateStep.run(spark, config, settings);
                assertEquals(expected, SummaryJson.write(r.report()), "same numbers from S3 as from local disk");
                Row run = spark.read().parquet(report + "/runs").first();
                assertEquals("s3-run", run.getAs("run_id"));
                assertEquals(2L, (long) run.getAs("images_evaluated"));
                assertTrue(!((String) run.getAs("config_json")).contains(s3.secretKey()), "the secret key is not recorded");
                try (var in = fs.open(new org.apache.hadoop.fs.Path("s3a://bucket/summary.json"))) {
                    assertEquals(expected, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } finally {
                spark.stop();
            }
        }
    }
}
