package org.segpipe.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.testkit.JavaProcess;

/**
 * {@code scripts/seg scheduled-run} as cron calls it: a fresh run id per call, a log folder per
 * run, one summary line, exit codes that name the failed stage, a lock that keeps two runs from
 * overlapping, and retention of old runs. Runs stop after ingest ({@code -- --to ingest}) to keep
 * the test short; the stages themselves are covered by {@link PipelineIT}.
 */
class ScheduledRunIT {

    @TempDir
    Path dir;

    record Outcome(int code, String stdout, String stderr) {
    }

    Outcome scheduledRun(Path conf, Path logs, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("..", "scripts", "scheduled-run").toAbsolutePath().normalize().toString(),
                "--conf", conf.toString(), "--logs", logs.toString()));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // what scripts/seg would run, on the test's classpath (no build inside the test)
        pb.environment().put("SEG_CMD", JavaProcess.javaBinary() + " -Xmx1g " + String.join(" ", JavaProcess.JAVA17_OPENS)
                + " -cp " + JavaProcess.classpath() + " org.segpipe.jobs.SegCli");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "scheduled-run finished");
        return new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The tail of the run's pipeline log named in its summary line, for failure messages. */
    static String logOf(Outcome o) {
        String log = o.stdout().replaceAll("(?s).* log=(\\S+).*", "$1").trim();
        return Files.exists(Path.of(log)) ? "\n" + JavaProcess.tail(Path.of(log), 30) : "";
    }

    @Test
    void runsLocksReportsFailuresAndPrunes() throws Exception {
        Path root = dir.resolve("pipeline");
        Path conf = dir.resolve("nightly.conf");
        Files.writeString(conf, String.join("\n", "pipeline.root = " + root, "generate.images = train=2,val=2",
                "generate.height = 32", "generate.width = 64", "spark.master = local[1]", ""), StandardCharsets.UTF_8);
        Path logs = dir.resolve("logs");

        Outcome ok = scheduledRun(conf, logs, "--", "--to", "ingest");
        assertEquals(0, ok.code(), ok.stdout() + ok.stderr() + logOf(ok));
        String line = ok.stdout().trim();
        assertTrue(line.matches("segpipe-run status=ok run_id=sched-\\d{8}-\\d{6} exit=0 stage=- seconds=\\d+ log=\\S+pipeline\\.log"), line);
        String firstId = line.replaceAll(".* run_id=(\\S+) .*", "$1");
        assertTrue(Files.exists(root.resolve("runs/" + firstId + "/stages/1-ingest.json")));
        assertTrue(Files.readString(logs.resolve(firstId + "/pipeline.log")).contains("[ingest] done in"));
        assertTrue(Files.readString(logs.resolve("summary.log")).contains(line));

        // While another run holds the lock, a second one does not start: exit 75, status=skipped.
        Process holder = new ProcessBuilder("flock", logs.resolve(".lock").toString(), "sleep", "60").start();
        try {
            Thread.sleep(500);
            Outcome locked = scheduledRun(conf, logs, "--", "--to", "ingest");
            assertEquals(75, locked.code(), locked.stdout() + locked.stderr());
            assertTrue(locked.stdout().startsWith("segpipe-run status=skipped"), locked.stdout());
            assertTrue(locked.stderr().contains("another run holds"), locked.stderr());
        } finally {
            holder.descendants().forEach(ProcessHandle::destroyForcibly); // sleep holds the lock too
            holder.destroyForcibly();
            holder.waitFor();
        }

        // A stage failure: exit 11 names ingest, and the summary says so.
        Path badConf = dir.resolve("bad.conf");
        Files.writeString(badConf, Files.readString(conf) + "pipeline.input = " + dir.resolve("no-such-tree") + "\n");
        Outcome failed = scheduledRun(badConf, logs, "--", "--to", "ingest");
        assertEquals(11, failed.code(), failed.stdout() + failed.stderr());
        assertTrue(failed.stdout().startsWith("segpipe-run status=failed run_id=sched-") && failed.stdout().contains(" exit=11 stage=ingest "),
                failed.stdout());
        assertTrue(failed.stderr().contains("resume it with: scripts/seg pipeline --conf " + badConf + " --run-id sched-"),
                failed.stderr());

        // --keep 1: only the newest run's log folder and run folder remain (report tables would stay).
        Thread.sleep(1100); // a fresh id (ids have second resolution)
        Outcome kept = scheduledRun(conf, logs, "--keep", "1", "--", "--to", "ingest");
        assertEquals(0, kept.code(), kept.stdout() + kept.stderr() + logOf(kept));
        String keptId = kept.stdout().trim().replaceAll(".* run_id=(\\S+) .*", "$1");
        try (Stream<Path> s = Files.list(logs)) {
            assertEquals(List.of(keptId), s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList());
        }
        try (Stream<Path> s = Files.list(root.resolve("runs"))) {
            assertEquals(List.of(keptId), s.map(p -> p.getFileName().toString()).toList());
        }
        assertFalse(Files.exists(root.resolve("runs/" + firstId)));
    }
}
