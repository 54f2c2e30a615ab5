package org.segpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.results.SyntheticResults;
import org.segpipe.testkit.FixtureDatasets;

class EvaluateCommandTest {

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SegCli.standard().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void evaluatesPrintsATableAndWritesTheSummary(@TempDir Path dir) throws Exception {
        Path gt = FixtureDatasets.cityscapes(dir.resolve("cs"), 6, 128, 64, 4);
        SyntheticResults.write(gt, Split.VAL, 1, dir.resolve("sem"), dir.resolve("inst"), null);
        Path summary = dir.resolve("summary.json");
        Outcome ok = run("evaluate", "--gt", gt.toString(), "--semantic", dir.resolve("sem").toString(), "--instances",
                dir.resolve("inst").toString(), "--summary", summary.toString(), "--run-id", "cli-1",
                "--set", "spark.master=local[2]");
        assertEquals(ExitCodes.OK, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("semantic (Cityscapes pixel-level)") && ok.out().contains("instance (COCO, segm)")
                && ok.out().contains("run cli-1 finished"), ok.out());
        JsonNode doc = new ObjectMapper().readTree(summary.toFile());
        assertEquals(3, doc.get("images").asInt());
        assertTrue(doc.has("semantic") && doc.has("instance") && doc.has("coco") && !doc.has("panoptic"), doc.toString());

        // a missing prediction: the run finishes, says so, and exits 1
        try (var s = Files.walk(dir.resolve("sem"))) {
            Files.delete(s.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow());
        }
        Outcome problems = run("evaluate", "--gt", gt.toString(), "--semantic", dir.resolve("sem").toString(),
                "--set", "spark.master=local[2]");
        assertEquals(ExitCodes.PROBLEMS_FOUND, problems.code(), problems.out() + problems.err());
        assertTrue(problems.out().contains("missing_prediction 1"), problems.out());
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        Outcome nothing = run("evaluate", "--gt", "/tmp/x");
        assertEquals(ExitCodes.USAGE, nothing.code());
        assertTrue(nothing.err().contains("nothing to evaluate"), nothing.err());
        Outcome ids = run("evaluate", "--gt", "/tmp/x", "--semantic", "/tmp/y", "--semantic-ids", "ids");
        assertEquals(ExitCodes.USAGE, ids.code());
        assertTrue(ids.err().contains("'evaluate.semantic-ids' is 'ids' but must be label-ids or train-ids"), ids.err());
        Outcome help = run("evaluate", "--help");
        assertTrue(help.out().contains("--instances URI") && help.out().contains("[evaluate.out]"), help.out());
        assertTrue(List.of(run("--help").out().split("\n")).stream().anyMatch(l -> l.trim().startsWith("evaluate")));
    }
}
