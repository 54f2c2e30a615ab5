package org.segpipe.jobs;

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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate, ingest and evaluate with --task saliency from the command line. */
class SaliencyCommandsTest {

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
    void generateIngestAndEvaluate(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("sal");
        Outcome gen = run("generate", "--task", "saliency", "--out", data.toString(), "--images", "train=3,val=3", "--height",
                "32", "--width", "32", "--seed", "4");
        assertEquals(ExitCodes.OK, gen.code(), gen.out() + gen.err());
        assertTrue(gen.out().contains("generated 6 saliency images"), gen.out());

        Outcome ingest = run("ingest", "--task", "saliency", "--input", data.toString(), "--output",
                dir.resolve("ds").toString(), "--set", "spark.master=local[2]");
        assertEquals(ExitCodes.OK, ingest.code(), ingest.out() + ingest.err());
        assertTrue(Files.exists(dir.resolve("ds/manifest.json")), ingest.out());

        // the masks as predictions: a perfect score
        Path masks = data.resolve("val/masks");
        Path summary = dir.resolve("summary.json");
        Outcome ok = run("evaluate", "--task", "saliency", "--gt", masks.toString(), "--pred", masks.toString(), "--summary",
                summary.toString(), "--out", dir.resolve("report").toString(), "--set", "spark.master=local[2]");
        assertEquals(ExitCodes.OK, ok.code(), ok.out() + ok.err());
        JsonNode doc = new ObjectMapper().readTree(summary.toFile());
        assertEquals(List.of("images", "MAE", "maxF", "meanF", "adpF", "wF", "S", "maxE", "meanE", "adpE"),
                iterate(doc.fieldNames()));
        assertEquals(3, doc.get("images").asInt());
        assertEquals(0.0, doc.get("MAE").asDouble(), 0.0);
        assertEquals(1.0, doc.get("S").asDouble(), 1e-9);

        // the report of that run: a saliency page, the worst images drawn on the photos beside the masks
        Path html = dir.resolve("report.html");
        Outcome report = run("report", "--reports", dir.resolve("report").toString(), "--out", html.toString(), "--worst-images",
                "2", "--set", "spark.master=local[2]");
        assertEquals(ExitCodes.OK, report.code(), report.out() + report.err());
        assertTrue(report.out().startsWith("report of run ") && report.out().contains("2 worst images"), report.out());
        assertFalse(report.out().contains("note:"), "every picture drawn: " + report.out());
        String page = Files.readString(html);
        assertTrue(page.contains("\"saliency\":{\"predUri\":") && page.contains("/val/images\""), "a saliency page with photos");

        // a missing prediction: the run finishes, says so, and exits 1
        Path pred = Files.createDirectories(dir.resolve("pred"));
        try (Stream<Path> s = Files.list(masks)) {
            List<Path> all = s.sorted().toList();
            for (Path p : all.subList(1, all.size())) {
                Files.copy(p, pred.resolve(p.getFileName()));
            }
        }
        Outcome missing = run("evaluate", "--task", "saliency", "--gt", masks.toString(), "--pred", pred.toString(), "--set",
                "spark.master=local[2]");
        assertEquals(ExitCodes.PROBLEMS_FOUND, missing.code(), missing.out() + missing.err());
        assertTrue(missing.out().contains("missing_prediction=1"), missing.out());

        Outcome noPred = run("evaluate", "--task", "saliency", "--gt", masks.toString());
        assertEquals(ExitCodes.USAGE, noPred.code());
        assertTrue(noPred.err().contains("'evaluate.pred' (--pred) is required"), noPred.err());
    }

    private static List<String> iterate(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
