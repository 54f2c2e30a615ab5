package org.segpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.results.SyntheticResults;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.HeadlessChromium;

/**
 * The reports from the command line: two real runs written by {@code seg evaluate}, the README's
 * example queries (read from README.md itself, so the documentation and this test cannot drift)
 * answered by {@code seg sql}, and {@code seg report} writing pages that headless Chromium opens
 * without a console error, with every chart drawn and every worst-image overlay decoded.
 * Screenshots go to {@code target/report-screenshots/}.
 */
class ReportCommandIT {

    @TempDir
    static Path dir;
    static Path reports;

    private record Outcome(int code, String out, String err) {
    }

    /** A small local Spark for every command: two cores, few shuffle partitions, no UI. */
    private static final String[] SPARK = {"--set", "spark.sql.shuffle.partitions=4",
        "--set", "spark.ui.enabled=false"};

    /** The command, the Spark settings, then the rest. */
    private static String[] withSpark(String... args) {
        List<String> out = new ArrayList<>(List.of(args[0]));
        out.addAll(List.of(SPARK));
        out.addAll(List.of(args).subList(1, args.length));
        return out.toArray(String[]::new);
    }

    private static Outcome run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SegCli cli = new SegCli(List.of(new SqlCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false),
                new EvaluateCommand(), new ReportCommand()));
        int code = cli.run(withSpark(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void twoRuns() {
        Path gt = FixtureDatasets.cityscapes(dir.resolve("cs"), 8, 128, 64, 5);
        reports = dir.resolve("reports");
        // baseline first, so candidate is the latest committed run
        for (String[] r : new String[][] {{"baseline", "1"}, {"candidate", "2"}}) {
            Path preds = dir.resolve(r[0]);
            SyntheticResults.write(gt, Split.VAL, Long.parseLong(r[1]), preds.resolve("sem"), preds.resolve("inst"), null);
            Outcome o = run("", "evaluate", "--gt", gt.toString(), "--semantic", preds.resolve("sem").toString(), "--instances",
                    preds.resolve("inst").toString(), "--out", reports.toString(), "--run-id", r[0]);
            assertEquals(ExitCodes.OK, o.code(), o.out() + o.err());
        }
    }

    /** The README's example queries by name, in order. */
    static Map<String, String> readmeQueries() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("<!-- report-query: ([a-z0-9-]+) -->\\s*```sql\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        Map<String, String> out = new LinkedHashMap<>();
        while (m.find()) {
            out.put(m.group(1), m.group(2).trim());
        }
        return out;
    }

    /** A query through {@code seg sql --format csv}, as rows of column name to value ("" for null). */
    private static List<Map<String, String>> sql(String query) {
        Outcome o = run("", "sql", "--reports", reports.toString(), "--format", "csv", query);
        assertEquals(ExitCodes.OK, o.code(), query + ": " + o.err());
        List<String> lines = o.out().lines().toList();
        assertFalse(lines.isEmpty(), query + ": no header");
        // the README's queries return plain names and numbers: no quoted fields
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertEquals(header.length, cells.length, line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static double num(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    @Test
    void theReadmeQueriesAnswerOnARealReport() throws Exception {
        Map<String, String> queries = readmeQueries();
        assertEquals(List.of("worst-classes-by-ap", "tp-fp-fn-over-thresholds", "compare-two-runs",
                "images-with-most-false-positives", "class-iou-trend"), List.copyOf(queries.keySet()));

        // worst classes by AP: the lowest instance APs of the latest run (candidate), ascending;
        // classes without ground truth (no AP) are left out
        List<Map<String, String>> worst = sql(queries.get("worst-classes-by-ap"));
        List<Map<String, String>> candidateAps = sql("SELECT name, round(value, 3) AS ap FROM class_metrics WHERE run_id = 'candidate' "
                + "AND protocol = 'instance' AND scope = 'class' AND metric = 'ap' AND value IS NOT NULL ORDER BY value, name");
        assertTrue(candidateAps.size() >= 3, "the fixture has instances of several classes: " + candidateAps);
        assertEquals(candidateAps.subList(0, Math.min(5, candidateAps.size())).stream().map(r -> r.get("name") + "=" + r.get("ap")).toList(),
                worst.stream().map(r -> r.get("class") + "=" + r.get("ap")).toList());
        for (Map<String, String> r : worst) {
            assertTrue(num(r, "coco_ap") >= 0 && num(r, "coco_ap") <= 1, "a class with an AP has a COCO AP: " + r);
        }

        // TP/FP/FN over thresholds: two protocols x ten thresholds; per protocol the ground truth
        // (tp + fn) is the same at every threshold and matches only get fewer as it rises
        List<Map<String, String>> counts = sql(queries.get("tp-fp-fn-over-thresholds"));
        assertEquals(20, counts.size(), counts.toString());
        for (String protocol : List.of("coco", "instance")) {
            List<Map<String, String>> p = counts.stream().filter(r -> r.get("protocol").equals(protocol)).toList();
            assertEquals(10, p.size(), protocol);
            assertEquals(0.5, num(p.get(0), "iou_threshold"), 1e-9);
            assertEquals(0.95, num(p.get(9), "iou_threshold"), 1e-9);
            double gtCount = num(p.get(0), "tp") + num(p.get(0), "fn");
            assertTrue(gtCount > 0 && num(p.get(0), "tp") > 0, protocol + " found something: " + p.get(0));
            for (int i = 0; i < p.size(); i++) {
                Map<String, String> r = p.get(i);
                assertEquals(gtCount, num(r, "tp") + num(r, "fn"), 0.0, r.toString());
                assertEquals(Math.round(1000 * num(r, "tp") / (num(r, "tp") + num(r, "fp"))) / 1000.0, num(r, "precision"), 1e-9);
                assertEquals(Math.round(1000 * num(r, "tp") / gtCount) / 1000.0, num(r, "recall"), 1e-9);
                if (i > 0) {
                    assertTrue(num(r, "tp") <= num(p.get(i - 1), "tp"), protocol + ": " + p);
                }
            }
        }

        // comparing two runs: one row per class; change = candidate - baseline, ascending, and
        // empty (last) where a run has no IoU for the class
        List<Map<String, String>> compare = sql(queries.get("compare-two-runs"));
        List<Map<String, String>> changed = compare.stream().filter(r -> !r.get("change").isEmpty()).toList();
        assertTrue(changed.size() >= 5, compare.toString());
        assertEquals(changed, compare.subList(0, changed.size()), "classes without a change come last: " + compare);
        assertTrue(changed.stream().anyMatch(r -> num(r, "change") != 0), "the two runs differ: " + compare);
        for (int i = 0; i < changed.size(); i++) {
            Map<String, String> r = changed.get(i);
            assertEquals(num(r, "iou_candidate") - num(r, "iou_baseline"), num(r, "change"), 0.0011, r.toString());
            if (i > 0) {
                assertTrue(num(r, "change") >= num(changed.get(i - 1), "change"), compare.toString());
            }
        }
        for (Map<String, String> r : compare.subList(changed.size(), compare.size())) {
            assertTrue(r.get("iou_baseline").isEmpty() || r.get("iou_candidate").isEmpty(), r.toString());
        }

        // images with the most false positives: the candidate's val images, most false positives first
        List<Map<String, String>> fps = sql(queries.get("images-with-most-false-positives"));
        List<Map<String, String>> imageCount = sql("SELECT count(DISTINCT image_key) AS n FROM images WHERE run_id = 'candidate'");
        assertEquals(Math.min(10, (int) num(imageCount.get(0), "n")), fps.size(), fps.toString());
        assertTrue(num(fps.get(0), "false_positives") > 0, fps.toString());
        for (int i = 1; i < fps.size(); i++) {
            assertTrue(num(fps.get(i), "false_positives") <= num(fps.get(i - 1), "false_positives"), fps.toString());
        }
        assertTrue(fps.stream().allMatch(r -> r.get("image_key").matches("[a-z]+_\\d{6}_\\d{6}")), fps.toString());

        // class IoU trend: car and person in both committed runs, oldest first
        List<Map<String, String>> trend = sql(queries.get("class-iou-trend"));
        assertEquals(List.of("car/baseline", "car/candidate", "person/baseline", "person/candidate"),
                trend.stream().map(r -> r.get("class") + "/" + r.get("run_id")).toList());
        assertTrue(trend.stream().allMatch(r -> num(r, "iou") >= 0 && num(r, "iou") <= 1), trend.toString());
    }

    @Test
    void theSparkSqlViewStatementsOfTheReadmeWork() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("<!-- spark-sql-views -->\\s*```\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README has the spark-sql block");
        String statements = m.group(1).replace("/tmp/reports", reports.toString());
        // register them under the same names, over an unrelated folder's views, then query
        Outcome o = run(statements + "SELECT count(*) AS runs FROM runs;\n", "sql", "--reports", reports.resolve("images").toString(),
                "--format", "csv");
        assertEquals(ExitCodes.OK, o.code(), o.err());
        assertEquals(2, o.err().lines().filter(l -> l.equals("OK")).count(), o.err());
        assertEquals(List.of("runs", "2"), o.out().lines().toList(), o.out());
    }

    /** Per chart its SVG and shape count, per picture layer its source kind and whether it decoded. */
    static final String INSPECT = """
            JSON.stringify({
              errors: window.__segErrors,
              charts: [...document.querySelectorAll('[data-chart]')].map(d => ({name: d.dataset.chart,
                svg: d.querySelectorAll('svg').length, shapes: d.querySelectorAll('svg path, svg rect, svg text').length})),
              layers: [...document.querySelectorAll('img[data-layer]')].map(i => ({layer: i.dataset.layer,
                data: i.src.startsWith('data:image/png;base64,'), ok: i.complete && i.naturalWidth > 0})),
              cards: document.querySelectorAll('[data-image]').length,
              heat: (() => {
                const data = echarts.getInstanceByDom(document.querySelector('[data-chart="confusion-matrix"]'))
                  .getModel().getSeriesByIndex(0).getData();
                const out = [];
                for (let i = 0; i < data.count(); i++) {
                  const rgb = data.getItemVisual(i, 'style').fill.match(/[0-9.]+/g).map(Number);
                  out.push({value: data.getRawDataItem(i)[2], luminance: 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]});
                }
                return out;
              })(),
              title: document.title
            })""";

    @Test
    void reportPagesRenderInHeadlessChromium(@TempDir Path tmp) throws Exception {
        Path latest = tmp.resolve("latest.html");
        Outcome plain = run("", "report", "--reports", reports.toString(), "--out", latest.toString(), "--worst-images", "2");
        assertEquals(ExitCodes.OK, plain.code(), plain.out() + plain.err());
        assertTrue(plain.out().startsWith("report of run candidate: " + latest), plain.out());

        Path compared = tmp.resolve("compared.html");
        Outcome ok = run("", "report", "--reports", reports.toString(), "--run-id", "candidate", "--compare-to", "baseline",
                "--out", compared.toString(), "--worst-images", "2");
        assertEquals(ExitCodes.OK, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().startsWith("report of run candidate against baseline: " + compared), ok.out());
        String page = Files.readString(compared);
        assertTrue(!page.contains("src=\"http") && !page.contains("href=\"http"), "nothing loaded from elsewhere");

        try (HeadlessChromium chromium = HeadlessChromium.start(tmp.resolve("browser"))) {
            Set<String> plainCharts = rendered(chromium, latest, "cli-latest.png");
            Set<String> comparedCharts = rendered(chromium, compared, "cli-compared.png");
            Set<String> common = Set.of("semantic-iou", "semantic-categories", "confusion-matrix", "instance-ap", "ap-vs-iou",
                    "tp-fp-fn", "pr-curves", "history");
            assertTrue(plainCharts.containsAll(common), plainCharts.toString());
            assertTrue(plainCharts.stream().noneMatch(c -> c.startsWith("delta-")), "no comparison asked: " + plainCharts);
            assertTrue(comparedCharts.containsAll(common), comparedCharts.toString());
            assertTrue(comparedCharts.containsAll(Set.of("delta-semantic-iou", "delta-instance-ap", "delta-coco-ap")),
                    comparedCharts.toString());
        }
    }

    /** Opens a page: no errors, no network, every chart an SVG with shapes, two cards of decoded overlays. */
    private static Set<String> rendered(HeadlessChromium chromium, Path html, String screenshot) throws Exception {
        HeadlessChromium.PageResult result = chromium.open(html, "document.body.dataset.ready === 'true'", INSPECT,
                Path.of("target", "report-screenshots", screenshot), 1400);
        assertEquals(List.of(), result.consoleErrors(), html + ": console errors");
        assertEquals(List.of(), result.requests(), html + ": the page must not touch the network");
        JsonNode page = new ObjectMapper().readTree(result.inspection());
        assertEquals(0, page.get("errors").size(), page.toString());
        assertTrue(page.get("title").asText().contains("candidate"), page.get("title").asText());
        Set<String> charts = new TreeSet<>();
        for (JsonNode c : page.get("charts")) {
            assertEquals(1, c.get("svg").asInt(), "one SVG per chart: " + c);
            assertTrue(c.get("shapes").asInt() > 10, "the chart drew something: " + c);
            charts.add(c.get("name").asText());
        }
        // the heat map's colour follows the cell's value (row %): a cell 10 points higher is darker
        JsonNode heat = page.get("heat");
        assertTrue(heat.size() > 20, heat.toString());
        for (JsonNode a : heat) {
            for (JsonNode b : heat) {
                if (b.get("value").asDouble() >= a.get("value").asDouble() + 10) {
                    assertTrue(b.get("luminance").asDouble() < a.get("luminance").asDouble(), a + " vs " + b);
                }
            }
        }
        assertEquals(2, page.get("cards").asInt(), "two worst images");
        Set<String> layers = new TreeSet<>();
        for (JsonNode l : page.get("layers")) {
            assertTrue(l.get("data").asBoolean() && l.get("ok").asBoolean(), "an inline PNG that decoded: " + l);
            layers.add(l.get("layer").asText());
        }
        // semantic and instance results: the camera image under the class, error and instance overlays
        assertEquals(Set.of("image", "gt", "pred", "errors", "gtInstances", "predInstances"), layers);
        return charts;
    }

    @Test
    void reportSaysWhatIsWrong(@TempDir Path tmp) {
        Path html = tmp.resolve("r.html");
        Outcome unknown = run("", "report", "--reports", reports.toString(), "--run-id", "nope", "--out", html.toString());
        assertEquals(ExitCodes.USAGE, unknown.code());
        assertTrue(unknown.err().startsWith("seg report: run 'nope' is not a committed run under " + reports), unknown.err());
        assertFalse(Files.exists(html), "nothing written");
        Outcome missing = run("", "report", "--reports", reports.toString());
        assertEquals(ExitCodes.USAGE, missing.code());
        assertTrue(missing.err().contains("'report.out' is not set"), missing.err());
        Outcome same = run("", "report", "--reports", reports.toString(), "--run-id", "baseline", "--compare-to", "baseline",
                "--out", html.toString());
        assertEquals(ExitCodes.USAGE, same.code());
        assertTrue(same.err().contains("the run shown: compare with another run"), same.err());
    }
}
