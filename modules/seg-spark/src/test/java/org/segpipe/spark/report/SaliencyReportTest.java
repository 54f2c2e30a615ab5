package org.segpipe.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.Settings;
import org.segpipe.core.evaluate.EvaluateConfig;
import org.segpipe.core.evaluate.SaliencyEvaluateConfig;
import org.segpipe.core.metrics.saliency.GreyMap;
import org.segpipe.core.metrics.saliency.SaliencyMeasures;
import org.segpipe.core.metrics.saliency.SaliencyResult;
import org.segpipe.core.png.PngEncoder;
import org.segpipe.core.report.ReportConfig;
import org.segpipe.core.report.ReportData;
import org.segpipe.core.results.SyntheticResults;
import org.segpipe.spark.evaluate.EvaluateStep;
import org.segpipe.spark.evaluate.SaliencyEvaluateStep;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.HeadlessChromium;
import org.segpipe.testkit.LocalSpark;

/**
 * The saliency section of {@code seg report}: a reports folder holding a Cityscapes run and two
 * saliency runs; the page model is checked against the per-image scores computed here, and the page
 * is opened in headless Chromium.
 */
class SaliencyReportTest {

    @TempDir
    static Path dir;
    static Path reports;
    static SparkSession spark;
    static final int N = 6;
    static final Map<String, GreyMap> MASKS = new TreeMap<>();
    /** Per-image MAE of the run "sharp", computed here from the maps. */
    static final Map<String, Double> SHARP_MAE = new TreeMap<>();
    static SaliencyResult sharp;

    /*
     * data/masks/s0..s5.png   an object box that moves per image (32x24)
     * data/images/s0..s5.png  photos (RGB)
     * coarse/   every prediction: the box blurred into noise (weak)
     * sharp/    s0..s4 close to the mask (s4 at 16x12, resized by the evaluation); s5 missing
     * Runs, in order: city (Cityscapes), coarse, sharp (the latest).
     */
    @BeforeAll
    static void runs() throws IOException {
        spark = LocalSpark.get();
        Path masks = Files.createDirectories(dir.resolve("data/masks"));
        Path images = Files.createDirectories(dir.resolve("data/images"));
        Path coarse = Files.createDirectories(dir.resolve("coarse"));
        Path sharpDir = Files.createDirectories(dir.resolve("sharp"));
        SplittableRandom rnd = new SplittableRandom(5);
        for (int k = 0; k < N; k++) {
            String key = "s" + k;
            int[] m = new int[32 * 24];
            int[] weak = new int[32 * 24];
            int[] good = new int[32 * 24];
            byte[] rgb = new byte[32 * 24 * 3];
            for (int y = 0; y < 24; y++) {
                for (int x = 0; x < 32; x++) {
                    int i = y * 32 + x;
                    boolean in = Math.abs(x - 8 - 3 * k) < 5 && Math.abs(y - 12) < 4 + k % 3;
                    m[i] = in ? 255 : 0;
                    weak[i] = Math.min(255, Math.max(0, (in ? 140 : 90) + rnd.nextInt(-80, 81)));
                    good[i] = Math.min(255, Math.max(0, (in ? 230 : 20) + rnd.nextInt(-15 * (k + 1), 15 * (k + 1) + 1)));
                    rgb[3 * i] = (byte) (in ? 200 : 40 + x);
                    rgb[3 * i + 1] = (byte) (in ? 60 : 90);
                    rgb[3 * i + 2] = (byte) (40 + y);
                }
            }
            GreyMap mask = GreyMap.of(32, 24, m);
            MASKS.put(key, mask);
            Files.write(masks.resolve(key + ".png"), mask.encodePng());
            Files.write(images.resolve(key + ".png"), PngEncoder.encodeRgb(32, 24, rgb));
            Files.write(coarse.resolve(key + ".png"), GreyMap.of(32, 24, weak).encodePng());
            GreyMap g = GreyMap.of(32, 24, good);
            if (k == 4) {
                g = g.resized(16, 12);
            }
            if (k < 5) {
                Files.write(sharpDir.resolve(key + ".png"), g.encodePng());
                SHARP_MAE.put(key, SaliencyMeasures.score(g.resized(32, 24), mask).mae());
            }
        }
        reports = dir.resolve("reports");
        Path gt = FixtureDatasets.cityscapes(dir.resolve("cs"), 4, 64, 32, 3);
        SyntheticResults.write(gt, Split.VAL, 1, dir.resolve("sem"), null, null);
        EvaluateStep.run(spark, new EvaluateConfig(gt.toString(), Split.VAL, dir.resolve("sem").toUri().toString(), null, null,
                reports.toUri().toString(), null, "city", false, 2), Settings.of(Map.of()));
        saliency("coarse", coarse);
        sharp = saliency("sharp", sharpDir).result();
    }

    private static SaliencyEvaluateStep.Result saliency(String runId, Path pred) {
        return SaliencyEvaluateStep.run(spark, new SaliencyEvaluateConfig(dir.resolve("data/masks").toUri().toString(),
                pred.toUri().toString(), reports.toUri().toString(), null, runId, true, 2), Settings.of(Map.of()));
    }

    private static ReportConfig config(String runId, String compareTo, Path out, int worst, String images) {
        return new ReportConfig(reports.toString(), runId, compareTo, out.toString(), worst, 320, 0.5, null, null, null, null,
                null, images);
    }

    @Test
    void theLatestSaliencyRunWithItsScoresCurvesSpreadAndWorstImages(@TempDir Path tmp) throws Exception {
        Path html = tmp.resolve("sal.html");
        ReportStep.Result r = ReportStep.run(spark, config(null, "coarse", html, 3, null));
        assertEquals("sharp", r.runId(), "the latest committed run of either kind");
        ReportData d = r.data();
        ReportData.Saliency s = d.saliency();
        assertEquals(List.of(), d.metrics(), "a saliency run has no Cityscapes metrics");
        assertEquals(dir.resolve("sharp").toUri().toString(), s.predUri());
        assertEquals(dir.resolve("data/images").toUri().toString().replaceAll("/$", ""), s.imagesUri(),
                "the images folder beside the masks");
        assertEquals(1, s.imagesResized());
        assertEquals(List.of("MAE", "maxF", "meanF", "adpF", "wF", "S", "maxE", "meanE", "adpE"), List.copyOf(s.metrics().keySet()));
        assertEquals(sharp.mae(), s.metrics().get("MAE"), 0.0);
        assertEquals(sharp.maxF(), s.metrics().get("maxF"), 0.0);
        assertEquals(sharp.s(), s.metrics().get("S"), 0.0);
        assertEquals(sharp.adpE(), s.metrics().get("adpE"), 0.0);
        assertTrue(s.compareMetrics().get("MAE") > s.metrics().get("MAE"), "coarse is worse: " + s.compareMetrics());

        assertEquals(256, s.curve().size());
        assertEquals(256, s.compareCurve().size());
        for (int t = 0; t < 256; t++) {
            double[] p = s.curve().get(t);
            assertEquals(t, p[0], 0.0);
            assertEquals(sharp.precision()[t], p[1], 1e-6);
            assertEquals(sharp.recall()[t], p[2], 1e-6);
            assertEquals(sharp.f()[t], p[3], 1e-6);
            assertEquals(sharp.e()[t], p[4], 1e-6);
        }
        // the MAE histogram: the five scored images in the bins of their MAE (20 bins over [0, 1])
        long[] want = new long[SaliencyReport.BINS];
        SHARP_MAE.values().forEach(v -> want[Math.min(SaliencyReport.BINS - 1, (int) Math.floor(v * SaliencyReport.BINS))]++);
        ReportData.Histogram mae = s.histograms().stream().filter(h -> h.metric().equals("MAE")).findFirst().orElseThrow();
        assertEquals(java.util.Arrays.toString(want), java.util.Arrays.toString(mae.counts()));
        for (ReportData.Histogram h : s.histograms()) {
            assertEquals(5, java.util.Arrays.stream(h.counts()).sum(), h.metric());
        }
        assertEquals(List.of("coarse", "sharp"), s.history().stream().map(ReportData.SaliencyRun::runId).toList());
        assertEquals(List.of(), d.history(), "Cityscapes runs are not in a saliency run's history");

        // worst: highest MAE first, from the per-image scores computed here; s5 (no prediction) is not ranked
        List<String> byMae = new ArrayList<>(SHARP_MAE.keySet());
        byMae.sort(Comparator.comparingDouble((String k) -> -SHARP_MAE.get(k)).thenComparing(k -> k));
        List<ReportData.ImageCard> cards = d.worst().images();
        assertEquals(byMae.subList(0, 3), cards.stream().map(ReportData.ImageCard::key).toList());
        for (ReportData.ImageCard c : cards) {
            assertEquals(SHARP_MAE.get(c.key()), c.score(), 1e-12);
            assertEquals(Set.of("image", "gt", "pred", "errors"), c.layers().keySet(), c.key());
            assertEquals(32, c.width());
        }
        assertEquals(List.of(), d.worst().notes());
        // the missing prediction is the run's one problem
        assertEquals(1, d.problems().total());
        assertEquals("missing_prediction", d.problems().first().get(0).kind());

        JsonNode page = open(html);
        assertEquals(Set.of("summary", "saliency", "history", "worst", "problems"), strings(page.get("sections")));
        assertEquals(Set.of("saliency-pr", "saliency-f", "saliency-hist-MAE", "saliency-hist-maxF", "saliency-hist-S",
                "saliency-hist-maxE", "saliency-history", "problems"), charts(page));
        assertEquals(9, page.get("headlines").size(), page.get("headlines").toString());
        assertTrue(page.get("deltas").asInt() >= 18, "a change per score in the headlines and the table: " + page.get("deltas"));
        // per image 4 tiles, each the photo plus (but the first) one overlay: 3 x (4 + 3) pictures
        assertEquals(21, page.get("layers").size(), page.get("layers").toString());
        Set<String> layers = new TreeSet<>();
        for (JsonNode l : page.get("layers")) {
            assertTrue(l.get("ok").asBoolean(), "decoded: " + l);
            layers.add(l.get("layer").asText());
        }
        assertEquals(Set.of("image", "gt", "pred", "errors"), layers);
        assertTrue(page.get("brand").asText().contains("saliency"), page.get("brand").asText());
    }

    @Test
    void runsAreChosenByKindAndKindsAreNotCompared(@TempDir Path tmp) {
        ReportData city = ReportStep.build(spark, config("city", null, tmp.resolve("c.html"), 0, null));
        assertNull(city.saliency());
        assertFalse(city.metrics().isEmpty());

        ReportData noPhotos = ReportStep.build(spark, config("coarse", null, tmp.resolve("n.html"), 1, tmp.resolve("none").toString()));
        assertEquals(Set.of("image", "gt", "pred", "errors"), noPhotos.worst().images().get(0).layers().keySet());
        assertTrue(noPhotos.worst().images().get(0).notes().get(0).startsWith("no photo "), noPhotos.worst().images().get(0).notes()
                .toString());

        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> ReportStep.build(spark, config("sharp", "city", tmp.resolve("m.html"), 0, null)));
        assertTrue(mixed.getMessage().contains("'city' is a Cityscapes run and the run shown a saliency run"), mixed.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ReportStep.build(spark, config("sharp", "nope", tmp.resolve("u.html"), 0, null)));
        assertTrue(unknown.getMessage().contains("run 'nope' is not a committed saliency run")
                && unknown.getMessage().contains("the latest are: sharp, coarse"), unknown.getMessage());
    }

    static final String INSPECT = """
            JSON.stringify({
              errors: window.__segErrors,
              brand: document.querySelector('header .brand').textContent,
              charts: [...document.querySelectorAll('[data-chart]')].map(d => ({name: d.dataset.chart,
                svg: d.querySelectorAll('svg').length, shapes: d.querySelectorAll('svg path, svg rect, svg text').length})),
              layers: [...document.querySelectorAll('img[data-layer]')].map(i => ({layer: i.dataset.layer,
                ok: i.complete && i.naturalWidth > 0 && i.src.startsWith('data:image/png;base64,')})),
              sections: [...document.querySelectorAll('section[id]')].map(s => s.id),
              headlines: [...document.querySelectorAll('[data-metric]')].map(m => m.dataset.metric),
              deltas: document.querySelectorAll('.delta').length
            })""";

    private static JsonNode open(Path html) throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.start(dir.resolve("browser"))) {
            HeadlessChromium.PageResult page = chromium.open(html, "document.body.dataset.ready === 'true'", INSPECT,
                    Path.of("target", "report-screenshots", "saliency.png"), 1400);
            assertEquals(List.of(), page.consoleErrors(), html + ": console errors");
            assertEquals(List.of(), page.requests(), html + ": the page must not touch the network");
            JsonNode r = new ObjectMapper().readTree(page.inspection());
            assertEquals(0, r.get("errors").size(), r.toString());
            return r;
        }
    }

    private static Set<String> charts(JsonNode page) {
        Set<String> out = new TreeSet<>();
        for (JsonNode c : page.get("charts")) {
            assertEquals(1, c.get("svg").asInt(), "one SVG per chart: " + c);
            // the problems chart has one bar (one kind): axes, a bar and its label
            assertTrue(c.get("shapes").asInt() > (c.get("name").asText().equals("problems") ? 5 : 10), "the chart drew something: " + c);
            out.add(c.get("name").asText());
        }
        return out;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
