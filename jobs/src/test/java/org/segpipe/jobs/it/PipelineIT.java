package org.segpipe.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.jobs.SegCli;
import org.segpipe.spark.Faults;
import org.segpipe.spark.pipeline.PipelineStage;
import org.segpipe.testkit.JavaProcess;
import org.segpipe.testkit.LocalSpark;

/**
 * {@code seg pipeline} on local[2], end to end on a generated dataset: every stage's output, the
 * predictions read back by the evaluator (its mIoU equals the trainer's validation mIoU of the same
 * model on the same images), complete stages skipped on a rerun, {@code --from} rerunning a tail of
 * the run, and a run whose driver is killed with SIGKILL in the middle of a training epoch resuming
 * from its checkpoint to the same results as an uninterrupted run.
 */
class PipelineIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Outcome(int code, String out) {
    }

    @BeforeAll
    static void sharedSession() {
        LocalSpark.get();
    }

    /** A tiny run: 8 train + 4 val frames of 64x32, a depth-2 UNet with 4 base filters, 2 epochs of 4 batches. */
    static List<String> pipelineArgs(String root, String runId) {
        return new ArrayList<>(List.of("pipeline", "--root", root, "--run-id", runId,
                "--set", "generate.images=train=8,val=4", "--set", "generate.height=32", "--set", "generate.width=64",
                "--set", "model.depth=2", "--set", "model.base-filters=4", "--set", "model.input-height=32",
                "--set", "model.input-width=64", "--set", "train.epochs=2", "--set", "train.batch-size=2",
                "--set", "train.checkpoint-every=1", "--set", "train.partition-batches=1", "--set", "train.progress=off",
                "--set", "report.worst-images=1"));
    }

    static Outcome cli(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = SegCli.standard().run(args.toArray(new String[0]), ps, ps);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8));
    }

    static JsonNode json(Path file) throws Exception {
        return JSON.readTree(file.toFile());
    }

    static Path marker(Path run, PipelineStage stage) {
        return run.resolve("stages").resolve(stage.ordinal() + "-" + stage.label() + ".json");
    }

    @Test
    void runsEveryStageSkipsCompleteOnesAndRerunsATail() throws Exception {
        Path root = dir.resolve("p");
        Outcome first = cli(pipelineArgs(root.toString(), "r1"));
        assertEquals(0, first.code(), first.out());
        Path run = root.resolve("runs/r1");
        for (PipelineStage s : PipelineStage.values()) {
            assertTrue(Files.exists(marker(run, s)), s + " finished: " + first.out());
        }
        assertTrue(Files.exists(run.resolve("dataset/manifest.json")));
        assertTrue(Files.exists(run.resolve("model/model.zip")));
        assertTrue(Files.isDirectory(run.resolve("predictions/cityscapes/semantic")));
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("r1"), "the report shows the run");
        assertTrue(first.out().contains("HTML report: " + run.resolve("report.html")), first.out());

        // Ingest balanced; the evaluator read all 4 predicted val frames and found no problems.
        JsonNode ingest = json(marker(run, PipelineStage.INGEST)).get("details");
        assertEquals(12, ingest.get("images_in").asLong());
        assertEquals(12, ingest.get("samples").asLong());
        JsonNode evaluate = json(marker(run, PipelineStage.EVALUATE)).get("details");
        assertEquals(4, evaluate.get("evaluated").asLong());
        assertEquals(0, evaluate.get("problems").asLong());
        assertEquals(4, json(marker(run, PipelineStage.PREDICT)).get("details").get("images").asLong());
        // The same model on the same 4 frames: the trainer's last validation mIoU (19 train ids,
        // ignore pixels skipped) and the official evaluator's mIoU on the written label-id PNGs agree.
        JsonNode train = json(marker(run, PipelineStage.TRAIN)).get("details");
        assertEquals(train.get("validation_miou").asDouble(), evaluate.get("mIoU").asDouble(), 1e-12);
        assertEquals(json(run.resolve("summary.json")).get("semantic").get("mIoU").asDouble(), evaluate.get("mIoU").asDouble(), 1e-12);

        // Provenance of the run, with no secrets in it.
        JsonNode record = json(run.resolve("pipeline.json"));
        assertEquals("r1", record.get("run_id").asText());
        assertEquals(64, record.get("config_hash").asText().length());
        assertFalse(record.get("code_version").asText().isBlank());

        // A rerun skips everything and changes nothing.
        String summary = Files.readString(run.resolve("summary.json"));
        String modelSha = train.get("model_sha256").asText();
        Outcome again = cli(pipelineArgs(root.toString(), "r1"));
        assertEquals(0, again.code(), again.out());
        for (PipelineStage s : PipelineStage.values()) {
            assertTrue(again.out().contains("[" + s.label() + "] complete since"), s + " skipped: " + again.out());
        }
        assertEquals(summary, Files.readString(run.resolve("summary.json")));

        // --from evaluate reruns evaluate and report only, to the same numbers.
        List<String> tail = pipelineArgs(root.toString(), "r1");
        tail.addAll(List.of("--from", "evaluate"));
        Outcome rerun = cli(tail);
        assertEquals(0, rerun.code(), rerun.out());
        assertTrue(rerun.out().contains("[train] complete since") && rerun.out().contains("[evaluate] running")
                && rerun.out().contains("[report] running"), rerun.out());
        assertEquals(summary, Files.readString(run.resolve("summary.json")));
        assertEquals(modelSha, json(marker(run, PipelineStage.TRAIN)).get("details").get("model_sha256").asText());

        // A config that sets a path the pipeline derives is refused before any work, exit 2.
        List<String> bad = pipelineArgs(root.toString(), "r2");
        bad.addAll(List.of("--set", "train.out=/tmp/elsewhere"));
        Outcome refused = cli(bad);
        assertEquals(2, refused.code(), refused.out());
        assertTrue(refused.out().contains("'train.out' is set to '/tmp/elsewhere', but seg pipeline derives it"), refused.out());
        assertFalse(Files.exists(root.resolve("runs/r2")));

        // A killed run (driver SIGKILL mid-epoch) resumes from its checkpoint to the same numbers as r1.
        Path killedRun = root.resolve("runs/k1");
        Process driver = startSlowDriver(root, "k1");
        Path checkpoints = killedRun.resolve("model/checkpoints");
        long deadline = System.currentTimeMillis() + 180_000;
        while (driver.isAlive() && System.currentTimeMillis() < deadline && !hasCheckpoint(checkpoints)) {
            Thread.sleep(100);
        }
        assertTrue(driver.isAlive(), "the driver reached training: " + JavaProcess.tail(dir.resolve("driver-k1.log"), 40));
        driver.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly();
        driver.waitFor();
        assertFalse(Files.exists(marker(killedRun, PipelineStage.TRAIN)), "killed before training finished");
        assertFalse(Files.exists(killedRun.resolve("model/model.zip")));
        List<String> names = checkpointNames(checkpoints);
        assertTrue(names.stream().anyMatch(n -> n.matches("ckpt-000000000[1-3]\\.zip")), "a mid-epoch checkpoint: " + names);

        Outcome resumed = cli(pipelineArgs(root.toString(), "k1"));
        assertEquals(0, resumed.code(), resumed.out());
        assertTrue(resumed.out().contains("[ingest] complete since"), resumed.out());
        assertTrue(resumed.out().contains("resuming from the newest checkpoint"), resumed.out());
        JsonNode resumedTrain = json(marker(killedRun, PipelineStage.TRAIN)).get("details");
        assertTrue(resumedTrain.get("resumed").asBoolean());
        assertEquals(summary, Files.readString(killedRun.resolve("summary.json")),
                "resumed training gives the uninterrupted run's predictions and metrics");
    }

    /** The pipeline in its own JVM, each training batch slowed down so a kill lands mid-epoch. */
    Process startSlowDriver(Path root, String runId) {
        List<String> args = pipelineArgs(root.toString(), runId);
        args.addAll(List.of("--set", "spark.master=local[2]", "--set", Faults.DELAY_MS + "=1500", "--set", Faults.DELAY_POINTS + "=train.batches"));
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "-cp", JavaProcess.classpath()));
        jvm.addAll(JavaProcess.JAVA17_OPENS);
        return JavaProcess.start(jvm, "org.segpipe.jobs.SegCli", args, Map.of("SPARK_LOCAL_IP", "127.0.0.1"),
                dir.resolve("driver-" + runId + ".log"));
    }

    static boolean hasCheckpoint(Path folder) throws Exception {
        return !checkpointNames(folder).isEmpty();
    }

    static List<String> checkpointNames(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("ckpt-\\d+\\.zip")).sorted().toList();
        }
    }
}
