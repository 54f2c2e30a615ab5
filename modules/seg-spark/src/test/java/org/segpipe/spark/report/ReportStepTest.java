package org.segpipe.spark.report;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.Settings;
import org.segpipe.core.evaluate.EvaluateConfig;
import org.segpipe.core.report.ReportConfig;
import org.segpipe.core.report.ReportData;
import org.segpipe.core.results.SyntheticResults;
import org.segpipe.spark.evaluate.EvaluateStep;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.HeadlessChromium;
import org.segpipe.testkit.LocalSpark;

/**
 * {@code seg report} end to end: real evaluations of generated frames with perturbed predictions
 * in the official formats, the report built from their tables, and each page opened in headless
 * Chromium, which must show every chart and picture without a console error or a network request.
 * Screenshots land in {@code target/report-screenshots/} for people to look at.
 */
class ReportStepTest {

    @TempDir
    static Path dir;
    static Path reports;
    static SparkSession spark;
    static HeadlessChromium chromium;

    /** Counts what the page drew: per chart its SVG shapes, per picture layer whether it decoded. */
    static final String INSPECT = """
            JSON.stringify({
              errors: window.__segErrors,
              charts: [...document.querySelectorAll('[data-chart]')].map(d => ({name: d.dataset.chart,
                svg: d.querySelectorAll('svg').length, shapes: d.querySelectorAll('svg path, svg rect, svg text').length,
                height: d.getBoundingClientRect().height})),
              layers: [...document.querySelectorAll('img[data-layer]')].map(i => ({layer: i.dataset.layer,
                image: i.closest('[data-image]').dataset.image, ok: i.complete && i.naturalWidth > 0})),
              sections: [...document.querySelectorAll('section[id]')].map(s => s.id),
              headlines: [...document.querySelectorAll('[data-metric]')].map(m => m.dataset.metric),
              deltas: document.querySelectorAll('.delta').length
            })""";

    @BeforeAll
    static void evaluate() {
        spark = LocalSpark.get();
        Path gt = FixtureDatasets.cityscapes(dir.resolve("cs"), 8, 256, 128, 31);
        reports = dir.resolve("reports");
        SyntheticResults.write(gt, Split.VAL, 1, dir.resolve("sem1"), dir.resolve("inst1"), null);
        SyntheticResults.write(gt, Split.VAL, 2, dir.resolve("sem2"), dir.resolve("inst2"), dir.resolve("pan2"));
        // written in this order: full is the latest committed run (the comparison of two full runs
        // is ReportCommandIT's)
        evaluate(gt, "sem-only", dir.resolve("sem1"), null, null);
        evaluate(gt, "inst-only", null, dir.resolve("inst1"), null);
        evaluate(gt, "full", dir.resolve("sem2"), dir.resolve("inst2"), dir.resolve("pan2"));
        chromium = HeadlessChromium.start(dir.resolve("browser"));
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private static void evaluate(Path gt, String runId, Path sem, Path inst, Path pan) {
        EvaluateStep.run(spark, new EvaluateConfig(gt.toString(), Split.VAL, uri(sem), uri(inst), uri(pan),
                reports.toUri().toString(), null, runId, false, 2), Settings.of(Map.of()));
    }

    private static String uri(Path p) {
        return p == null ? null : p.toUri().toString();
    }

    private static ReportConfig config(String runId, String compareTo, Path out, int worst) {
        return new ReportConfig(reports.toString(), runId, compareTo, out.toString(), worst, 320, 0.5, null, null, null, null, null, null);
    }

    private static JsonNode open(Path html, String screenshot) throws Exception {
        HeadlessChromium.PageResult page = chromium.open(html, "document.body.dataset.ready === 'true'", INSPECT,
                Path.of("target", "report-screenshots", screenshot), 1400);
        assertEquals(List.of(), page.consoleErrors(), html + ": console errors");
        assertEquals(List.of(), page.requests(), html + ": the page must not touch the network");
        JsonNode r = new ObjectMapper().readTree(page.inspection());
        assertEquals(0, r.get("errors").size(), r.toString());
        return r;
    }

    private static Set<String> charts(JsonNode page) {
        Set<String> out = new TreeSet<>();
        for (JsonNode c : page.get("charts")) {
            assertEquals(1, c.get("svg").asInt(), "one SVG per chart: " + c);
            assertTrue(c.get("shapes").asInt() > 10, "the chart drew something: " + c);
            assertTrue(c.get("height").asDouble() > 200, "the chart has room: " + c);
            out.add(c.get("name").asText());
        }
        return out;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void fullRunComparedWithASemanticOnlyOneRendersEverySection(@TempDir Path tmp) throws Exception {
        Path html = tmp.resolve("full.html");
        ReportStep.Result r = ReportStep.run(spark, config(null, "sem-only", html, 3));
        assertEquals("full", r.runId(), "the default run is the latest committed one");
        assertEquals("sem-only", r.compareTo());
        assertEquals(Files.size(html), r.bytes());
        ReportData d = r.data();
        assertEquals(Set.of("semantic", "instance", "coco", "panoptic"),
                new TreeSet<>(d.metrics().stream().map(ReportData.Metric::protocol).toList()));
        assertEquals(List.of("sem-only", "inst-only", "full"), d.history().stream().map(ReportData.Run::runId).toList());
        // deltas: this run minus the compared one, for numbers both have (the semantic ones only)
        assertFalse(d.deltas().isEmpty());
        for (ReportData.Delta delta : d.deltas()) {
            assertEquals(delta.value() - delta.previous(), delta.delta(), 0.0, delta.toString());
            assertEquals("semantic", delta.protocol(), delta.toString());
        }
        double miou = d.metrics().stream().filter(m -> m.protocol().equals("semantic") && m.metric().equals("miou")).findFirst()
                .orElseThrow().value();
        assertEquals(d.run().miou(), miou, 0.0);
        // curves thinned to at most CURVE_POINTS points, the last point kept
        assertTrue(d.curves().stream().allMatch(c -> c.points().size() <= ReportStep.CURVE_POINTS && !c.points().isEmpty()));
        assertTrue(d.curves().stream().anyMatch(c -> c.protocol().equals("coco") && c.total() == 101 && c.points().size() == 101));

        // the worst images are the ones with the lowest per-image mIoU in the images table
        List<String> lowest = new ArrayList<>();
        for (Row row : spark.read().parquet(reports.resolve("images").toString()).filter(col("run_id").equalTo("full"))
                .filter(col("miou").isNotNull()).orderBy(col("miou").asc(), col("image_key").asc()).limit(3).collectAsList()) {
            lowest.add(row.getAs("image_key"));
        }
        assertEquals(lowest, d.worst().images().stream().map(ReportData.ImageCard::key).toList());
        assertEquals("mIoU", d.worst().metric());
        for (ReportData.ImageCard c : d.worst().images()) {
            assertEquals(Set.of("image", "gt", "pred", "errors", "gtInstances", "predInstances", "panoptic"), c.layers().keySet(),
                    c.key() + " notes " + c.notes());
            assertEquals(List.of(), c.notes());
            assertEquals(256, c.width());
            assertEquals(c.stats().get("miou"), c.score());
        }

        JsonNode page = open(html, "full-compare.png");
        assertEquals(List.of("summary", "semantic", "instances", "panoptic", "compare", "history", "worst", "problems"),
                new ArrayList<>(strings(page.get("sections"))).stream().sorted((a, b) -> order(a) - order(b)).toList());
        assertTrue(charts(page).containsAll(Set.of("semantic-iou", "semantic-categories", "confusion-matrix", "instance-ap",
                "ap-vs-iou", "tp-fp-fn", "pr-curves", "panoptic-pq", "delta-semantic-iou", "history")), charts(page).toString());
        assertEquals(Set.of("delta-semantic-iou"), charts(page).stream().filter(c -> c.startsWith("delta-")).collect(
                java.util.stream.Collectors.toSet()), "no deltas where the compared run has no numbers");
        assertTrue(strings(page.get("headlines")).containsAll(Set.of("semantic.miou.all", "instance.ap.all", "coco.ap.all",
                "panoptic.pq.all")), page.get("headlines").toString());
        assertTrue(page.get("deltas").asInt() > 10, "delta badges shown");
        assertLayers(page, d, 3 * 8); // per image: the camera image in 7 tiles + 6 overlays... counted below
    }

    private static int order(String section) {
        return List.of("summary", "semantic", "instances", "panoptic", "compare", "history", "worst", "problems").indexOf(section);
    }

    /** Every layer of every card is on the page and decoded; each card has its camera image. */
    private static void assertLayers(JsonNode page, ReportData d, int ignored) {
        Set<String> seen = new TreeSet<>();
        for (JsonNode l : page.get("layers")) {
            assertTrue(l.get("ok").asBoolean(), "picture decoded: " + l);
            seen.add(l.get("image").asText() + "/" + l.get("layer").asText());
        }
        Set<String> expected = new TreeSet<>();
        for (ReportData.ImageCard c : d.worst().images()) {
            c.layers().keySet().forEach(k -> expected.add(c.key() + "/" + k));
        }
        assertEquals(expected, seen);
    }

    @Test
    void semanticOnlyRunLeavesOutInstanceSections(@TempDir Path tmp) throws Exception {
        Path html = tmp.resolve("sem.html");
        ReportData d = ReportStep.run(spark, config("sem-only", null, html, 2)).data();
        assertTrue(d.thresholds().isEmpty() && d.curves().isEmpty() && d.panoptic().isEmpty() && d.deltas().isEmpty());
        assertFalse(d.confusion().isEmpty());
        for (ReportData.ImageCard c : d.worst().images()) {
            assertEquals(Set.of("image", "gt", "pred", "errors"), c.layers().keySet());
        }
        JsonNode page = open(html, "semantic-only.png");
        assertEquals(Set.of("summary", "semantic", "history", "worst", "problems"), strings(page.get("sections")));
        assertEquals(Set.of("semantic-iou", "semantic-categories", "confusion-matrix", "history"), charts(page));
        assertLayers(page, d, 0);
    }

    @Test
    void instanceOnlyRunRanksImagesByInstanceF1(@TempDir Path tmp) throws Exception {
        Path html = tmp.resolve("inst.html");
        ReportData d = ReportStep.run(spark, config("inst-only", null, html, 2)).data();
        assertTrue(d.confusion().isEmpty());
        assertEquals("F1", d.worst().metric());
        assertEquals(2, d.worst().images().size());
        for (ReportData.ImageCard c : d.worst().images()) {
            assertEquals(Set.of("image", "gt", "gtInstances", "predInstances"), c.layers().keySet());
            long tp = c.rows().stream().filter(x -> x.protocol().equals("instance")).mapToLong(ReportData.ImageRow::tp).sum();
            long fp = c.rows().stream().filter(x -> x.protocol().equals("instance")).mapToLong(ReportData.ImageRow::fp).sum();
            long fn = c.rows().stream().filter(x -> x.protocol().equals("instance")).mapToLong(ReportData.ImageRow::fn).sum();
            assertEquals(2.0 * tp / (2 * tp + fp + fn), c.score(), 1e-12, c.key());
        }
        assertTrue(d.worst().images().get(0).score() <= d.worst().images().get(1).score());
        JsonNode page = open(html, "instance-only.png");
        assertEquals(Set.of("summary", "instances", "history", "worst", "problems"), strings(page.get("sections")));
        assertEquals(Set.of("instance-ap", "ap-vs-iou", "tp-fp-fn", "pr-curves", "history"), charts(page));
        assertLayers(page, d, 0);
    }

    @Test
    void movedInputsAndUnknownRunsAreSaidPlainly(@TempDir Path tmp) {
        ReportData d = ReportStep.build(spark, new ReportConfig(reports.toString(), "full", null, tmp.resolve("x.html").toString(),
                1, 128, 0.5, tmp.resolve("gone").toString(), null, null, null, null, null));
        assertTrue(d.worst().images().get(0).layers().isEmpty());
        assertTrue(d.worst().notes().get(0).contains("is not there any more; give --gt URI"), d.worst().notes().toString());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ReportStep.build(spark, config("nope", null, tmp.resolve("y.html"), 1)));
        assertTrue(unknown.getMessage().startsWith("run 'nope' is not a committed run under " + reports)
                && unknown.getMessage().contains("the latest are: full, inst-only, sem-only"), unknown.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> ReportStep.build(spark,
                new ReportConfig(tmp.toString(), null, null, tmp.resolve("z.html").toString(), 1, 128, 0.5, null, null, null, null, null, null)));
        assertTrue(empty.getMessage().startsWith("no runs table under " + tmp), empty.getMessage());
    }
}
