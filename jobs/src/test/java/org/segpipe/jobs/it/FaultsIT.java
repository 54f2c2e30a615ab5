package org.segpipe.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DatasetManifest;
import org.segpipe.core.results.SyntheticResults;
import org.segpipe.jobs.SegCli;
import org.segpipe.jobs.SqlCommand;
import org.segpipe.spark.Faults;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.JavaProcess;
import org.segpipe.testkit.LocalSpark;

/**
 * Faults, injected for real: every task's first attempt fails (outputs equal a clean run), and a
 * driver killed with SIGKILL while writing report tables (earlier runs intact, the killed run
 * invisible, a rerun completes it).
 */
class FaultsIT {

    @TempDir
    Path dir;

    static String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = SegCli.standard().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        return text;
    }

    static String sql(String reports, String query) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SegCli c = new SegCli(List.of(new SqlCommand(new ByteArrayInputStream(new byte[0]), false)));
        int code = c.run(new String[] {"sql", "--reports", reports, "--format", "csv", query},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        return text;
    }

    /** ingest, augment and evaluate; returns {ingest hash, augment hash, summary JSON}. */
    List<String> pipeline(Path gt, Path sem, Path inst, String tag) throws Exception {
        Path ds = dir.resolve("ds-" + tag);
        cli("ingest", "--input", gt.toString(), "--output", ds.toString(), "--set", "ingest.target-shard-mb=0.05");
        Path aug = dir.resolve("aug-" + tag);
        cli("augment", "--input", ds.toString(), "--output", aug.toString(), "--copies", "2", "--pipeline", "light",
                "--partitions", "3");
        Path summary = dir.resolve(tag + ".json");
        cli("evaluate", "--gt", ds.toString(), "--split", "val", "--semantic", sem.toString(), "--instances", inst.toString(),
                "--out", dir.resolve("reports-" + tag).toString(), "--summary", summary.toString(), "--run-id", "r",
                "--set", "evaluate.partitions=3");
        return List.of(DatasetManifest.read(ds).contentSha256(), DatasetManifest.read(aug).contentSha256(),
                Files.readString(summary));
    }

    @Test
    void tasksFailingTheirFirstAttemptAreRetriedWithIdenticalOutputs() throws Exception {
        Path gt = FixtureDatasets.cityscapes(dir.resolve("cs"), 6, 128, 64, 41);
        Path sem = dir.resolve("pred/sem");
        Path inst = dir.resolve("pred/inst");
        SyntheticResults.write(gt, Split.VAL, 3, sem, inst, dir.resolve("pred/pan"));

        LocalSpark.get();
        List<String> clean = pipeline(gt, sem, inst, "clean");

        SparkSession.active().stop();
        SparkSession faulty = SparkSession.builder().master("local[2,4]").appName("faults")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "4")
                .config(Faults.FAIL_FIRST_ATTEMPT, "ingest.validate,ingest.write,augment.samples,evaluate.images,report.write")
                .getOrCreate();
        AtomicInteger failed = new AtomicInteger();
        faulty.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    failed.incrementAndGet();
                }
            }
        });
        try {
            List<String> retried = pipeline(gt, sem, inst, "retried");
            assertTrue(failed.get() >= 5, "tasks failed and were retried: " + failed.get());
            assertEquals(clean, retried);
        } finally {
            faulty.stop(); // later tests get a fresh LocalSpark session
        }
    }

    @Test
    void aDriverKilledWhileWritingReportsLeavesEarlierRunsIntact() throws Exception {
        Path gt = FixtureDatasets.cityscapes(dir.resolve("cs"), 6, 128, 64, 43);
        Path sem = dir.resolve("pred/sem");
        Path inst = dir.resolve("pred/inst");
        SyntheticResults.write(gt, Split.VAL, 4, sem, inst, dir.resolve("pred/pan"));
        Path reports = dir.resolve("reports");
        List<String> evaluate = List.of("evaluate", "--gt", gt.toString(), "--split", "val", "--semantic", sem.toString(),
                "--instances", inst.toString(), "--out", reports.toString(), "--set", "spark.master=local[2]");

        // r1 completes.
        assertEquals(0, runDriver(evaluate, "r1", false).waitFor());
        String before = sql(reports.toString(), "SELECT run_id, count(*) AS n FROM image_metrics GROUP BY run_id");
        assertTrue(before.contains("r1,"), before);

        // r2 is killed while its report tables are being written (the write tasks sleep at report.write).
        Process r2 = runDriver(evaluate, "r2", true);
        long deadline = System.currentTimeMillis() + 120_000;
        while (!writing(reports) && r2.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(r2.isAlive(), "r2 reached the report writing: " + JavaProcess.tail(dir.resolve("driver-r2.log"), 30));
        Thread.sleep(1000);
        r2.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        r2.destroyForcibly();
        r2.waitFor();

        // Readers see r1 exactly as before and nothing of r2.
        assertEquals("run_id\r\nr1\r\n", sql(reports.toString(), "SELECT run_id FROM runs ORDER BY run_id"));
        assertEquals(before, sql(reports.toString(), "SELECT run_id, count(*) AS n FROM image_metrics GROUP BY run_id"));
        assertEquals("n\r\n0\r\n", sql(reports.toString(),
                "SELECT count(*) AS n FROM class_metrics WHERE run_id = 'r2'"));

        // A rerun of r2 completes it.
        assertEquals(0, runDriver(evaluate, "r2", false).waitFor());
        assertEquals("run_id\r\nr1\r\nr2\r\n", sql(reports.toString(), "SELECT run_id FROM runs ORDER BY run_id"));
        assertEquals(sql(reports.toString(), "SELECT count(*) FROM image_metrics WHERE run_id = 'r1'"),
                sql(reports.toString(), "SELECT count(*) FROM image_metrics WHERE run_id = 'r2'"));
    }

    /** seg evaluate in its own JVM, as scripts/seg runs it; optionally slowed down while writing reports. */
    Process runDriver(List<String> evaluate, String runId, boolean slowWrites) {
        List<String> args = new ArrayList<>(evaluate);
        args.addAll(List.of("--run-id", runId));
        if (slowWrites) {
            args.addAll(List.of("--set", Faults.DELAY_MS + "=60000", "--set", Faults.DELAY_POINTS + "=report.write"));
        }
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "-cp", JavaProcess.classpath()));
        jvm.addAll(JavaProcess.JAVA17_OPENS);
        return JavaProcess.start(jvm, "org.segpipe.jobs.SegCli", args, java.util.Map.of("SPARK_LOCAL_IP", "127.0.0.1"),
                dir.resolve("driver-" + runId + ".log"));
    }

    /** True once some report table of a run other than r1 is being written (Spark's staging folders). */
    static boolean writing(Path reports) throws Exception {
        if (!Files.isDirectory(reports)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(reports)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(".spark-staging")
                    || p.getFileName().toString().equals("_temporary"));
        }
    }
}
