package org.segpipe.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DatasetManifest;
import org.segpipe.core.results.SyntheticResults;
import org.segpipe.jobs.SegCli;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.JavaProcess;
import org.segpipe.testkit.LocalSpark;
import org.segpipe.testkit.StandaloneCluster;

/**
 * Jobs submitted the way users submit them ({@code scripts/submit} with the shaded jar) to a real
 * standalone cluster of separate JVMs on 127.0.0.1 give the same datasets and metrics as the same
 * commands on {@code local[2]}.
 */
class ClusterIT {

    @TempDir
    static Path dir;
    static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = StandaloneCluster.start(dir.resolve("cluster"), StandaloneCluster.Spec.small());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Runs scripts/submit as a user would; returns its output, failing with it on a non-zero exit. */
    static String submit(String job, String... args) throws Exception {
        Process p = startSubmit(job, args);
        Path log = logs.get(p);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("scripts/submit " + job + " did not finish in 300 s:\n" + JavaProcess.tail(log, 60));
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), "scripts/submit " + job + " failed:\n" + JavaProcess.tail(log, 80));
        return out;
    }

    static final java.util.Map<Process, Path> logs = new java.util.concurrent.ConcurrentHashMap<>();

    static Process startSubmit(String job, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("..", "scripts", "submit").toAbsolutePath().normalize()
                .toString(), job, "--master", cluster.masterUrl(), "--set", "spark.executor.memory=768m",
                "--set", "spark.cores.max=2"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--", "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--driver-memory", "1g"));
        Path log = dir.resolve("submit-" + job + "-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(cluster.env());
        pb.environment().put("SEG_SPARK_CLASSPATH", JavaProcess.classpath());
        pb.environment().put("PATH", Path.of(JavaProcess.javaBinary()).getParent() + ":" + System.getenv("PATH"));
        Process p = pb.start();
        logs.put(p, log);
        return p;
    }

    /**
     * Runs a job whose tasks sleep at {@code point}, SIGKILLs one executor JVM while they do, and
     * waits for the job: the Worker starts a replacement and the job must still succeed.
     */
    static void submitKillingAnExecutor(String point, String job, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "spark.segpipe.faults.delay-ms=4000", "--set", "spark.segpipe.faults.delay-points=" + point,
                "--set", "spark.task.maxFailures=4"));
        Process p = startSubmit(job, all.toArray(String[]::new));
        long deadline = System.currentTimeMillis() + 120_000;
        List<ProcessHandle> executors = cluster.executors();
        while (executors.size() < 2 && p.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            executors = cluster.executors();
        }
        assertTrue(p.isAlive(), "the job was still running when executors came up:\n" + JavaProcess.tail(logs.get(p), 40));
        Thread.sleep(2500); // tasks are now inside their 4 s delay at the fault point
        ProcessHandle victim = executors.get(0);
        assertTrue(victim.destroyForcibly(), "SIGKILL of executor " + victim.pid());
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(job + " did not finish after the executor was killed:\n" + JavaProcess.tail(logs.get(p), 60));
        }
        assertEquals(0, p.exitValue(), job + " failed after an executor was killed:\n" + JavaProcess.tail(logs.get(p), 80));
        assertTrue(!victim.isAlive());
    }

    static String local(String... args) {
        LocalSpark.get();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = SegCli.standard().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        return text;
    }

    @Test
    void ingestAndEvaluateOnTheClusterEqualLocal() throws Exception {
        Path gt = FixtureDatasets.cityscapes(dir.resolve("cs"), 8, 128, 64, 31);
        Path sem = dir.resolve("pred/sem");
        Path inst = dir.resolve("pred/inst");
        Path pan = dir.resolve("pred/pan");
        SyntheticResults.write(gt, Split.VAL, 5, sem, inst, pan);

        submit("ingest", "--input", gt.toUri().toString(), "--output", dir.resolve("ds-cluster").toUri().toString(),
                "--set", "ingest.target-shard-mb=0.05");
        local("ingest", "--input", gt.toString(), "--output", dir.resolve("ds-local").toString(),
                "--set", "ingest.target-shard-mb=0.05");
        DatasetManifest onCluster = DatasetManifest.read(dir.resolve("ds-cluster"));
        DatasetManifest onLocal = DatasetManifest.read(dir.resolve("ds-local"));
        assertEquals(onLocal.contentSha256(), onCluster.contentSha256());
        assertEquals(onLocal.samples(), onCluster.samples());
        assertTrue(onCluster.balance().holds(), onCluster.balance().toString());

        submit("evaluate", "--gt", dir.resolve("ds-cluster").toUri().toString(), "--split", "val",
                "--semantic", sem.toUri().toString(), "--instances", inst.toUri().toString(),
                "--out", dir.resolve("reports-cluster").toUri().toString(),
                "--summary", dir.resolve("cluster.json").toString(), "--run-id", "cluster");
        local("evaluate", "--gt", dir.resolve("ds-local").toString(), "--split", "val", "--semantic", sem.toString(),
                "--instances", inst.toString(), "--out", dir.resolve("reports-local").toString(),
                "--summary", dir.resolve("local.json").toString(), "--run-id", "local");
        assertEquals(Files.readString(dir.resolve("local.json")), Files.readString(dir.resolve("cluster.json")));

        // An executor killed with SIGKILL in the middle of ingest and of evaluate: same outputs.
        submitKillingAnExecutor("ingest.validate", "ingest", "--input", gt.toUri().toString(),
                "--output", dir.resolve("ds-killed").toUri().toString(), "--set", "ingest.target-shard-mb=0.05");
        assertEquals(onLocal.contentSha256(), DatasetManifest.read(dir.resolve("ds-killed")).contentSha256());
        submitKillingAnExecutor("evaluate.images", "evaluate", "--gt", dir.resolve("ds-killed").toUri().toString(),
                "--split", "val", "--semantic", sem.toUri().toString(), "--instances", inst.toUri().toString(),
                "--out", dir.resolve("reports-killed").toUri().toString(), "--summary", dir.resolve("killed.json").toString(),
                "--run-id", "killed", "--set", "evaluate.partitions=4");
        assertEquals(Files.readString(dir.resolve("local.json")), Files.readString(dir.resolve("killed.json")));

        // The work really ran in executor JVMs of both workers.
        for (int w = 0; w < 2; w++) {
            try (Stream<Path> files = Files.walk(dir.resolve("cluster/work-" + w))) {
                assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("stderr")),
                        "worker " + w + " ran an executor");
            }
        }
    }
}
