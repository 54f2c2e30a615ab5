package org.segpipe.core.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.generate.DatasetGenerator;
import org.segpipe.core.generate.GenerateConfig;
import org.segpipe.core.png.PngEncoder;
import org.segpipe.core.results.EvalProblem;
import org.segpipe.core.results.SyntheticResults;

class LocalEvaluatorTest {

    @TempDir
    static Path dir;
    static Path gt;

    @BeforeAll
    static void generate() {
        gt = dir.resolve("cs");
        DatasetGenerator.run(new GenerateConfig(gt, GenerateConfig.spread(6, List.of(Split.VAL)), 64, 128, 3,
                GenerateConfig.DEFAULT_CITIES, 2));
        SyntheticResults.write(gt, Split.VAL, 5, dir.resolve("sem"), dir.resolve("inst"), dir.resolve("pan"));
    }

    private static LocalEvaluator.Result run(Path sem, Path inst, Path pan) {
        return LocalEvaluator.run(new LocalEvaluator.Config(gt, Split.VAL, sem, inst, pan, false, 2), true);
    }

    @Test
    void evaluatesEveryProtocolOnGeneratedData() {
        LocalEvaluator.Result r = run(dir.resolve("sem"), dir.resolve("inst"), dir.resolve("pan"));
        assertEquals(6, r.report().totals().evaluated());
        assertTrue(r.problems().stream().noneMatch(p -> p.kind().equals(EvalProblem.MISSING_PREDICTION)), r.problems().toString());
        double miou = r.report().semantic().miou();
        assertTrue(miou > 0.3 && miou < 1, "imperfect but sensible predictions: " + miou);
        double ap = r.report().instance().ap();
        assertTrue(ap > 0.05 && ap < 1, "AP " + ap);
        assertTrue(r.report().coco().ap() > 0.05, "COCO AP " + r.report().coco().ap());
        assertTrue(r.report().panoptic().all().pq() > 0.1, "PQ " + r.report().panoptic().all().pq());
        assertTrue(r.report().totals().instancePredictions() > 20);
    }

    /** Per-image totals merged in any grouping give the same bits as in one pass. */
    @Test
    void anyGroupingOfImagesGivesIdenticalTotals() {
        List<ImageEvaluation> images = run(dir.resolve("sem"), dir.resolve("inst"), dir.resolve("pan")).images();
        EvaluationTotals sequential = EvaluationTotals.zero();
        for (ImageEvaluation e : images) {
            sequential = EvaluationTotals.merge(sequential, EvaluationTotals.of(e));
        }
        for (long seed = 1; seed <= 3; seed++) {
            List<ImageEvaluation> shuffled = new ArrayList<>(images);
            Collections.shuffle(shuffled, new Random(seed));
            int cut = 1 + (int) (seed % (shuffled.size() - 1));
            EvaluationTotals left = EvaluationTotals.zero();
            EvaluationTotals right = EvaluationTotals.zero();
            for (int i = 0; i < shuffled.size(); i++) {
                if (i < cut) {
                    left = EvaluationTotals.merge(left, EvaluationTotals.of(shuffled.get(i)));
                } else {
                    right = EvaluationTotals.merge(EvaluationTotals.of(shuffled.get(i)), right);
                }
            }
            assertTrue(sequential.sameAs(EvaluationTotals.merge(right, left)), "seed " + seed);
        }
    }

    @Test
    void summaryHasExactlyTheDocumentedShape() throws Exception {
        LocalEvaluator.Result r = run(dir.resolve("sem"), null, null);
        JsonNode doc = new ObjectMapper().readTree(SummaryJson.write(r.report()));
        assertEquals(List.of("images", "semantic"), fieldNames(doc));
        assertEquals(List.of("mIoU", "iIoU", "mIoU_categories", "iIoU_categories", "pixel_accuracy", "classes"),
                fieldNames(doc.get("semantic")));
        assertEquals(19, doc.get("semantic").get("classes").size());
        assertTrue(doc.get("semantic").get("classes").get("road").get("iiou").isNull(), "NaN is null");
        assertEquals(List.of("iou", "iiou", "dice"), fieldNames(doc.get("semantic").get("classes").get("road")));

        LocalEvaluator.Result all = run(dir.resolve("sem"), dir.resolve("inst"), dir.resolve("pan"));
        JsonNode full = new ObjectMapper().readTree(SummaryJson.write(all.report()));
        assertEquals(List.of("images", "semantic", "instance", "coco", "panoptic"), fieldNames(full));
        assertEquals(List.of("AP", "AP50", "classes", "counts"), fieldNames(full.get("instance")));
        assertEquals(80, full.get("instance").get("counts").size());
        assertEquals(List.of("class", "iou_threshold", "tp", "fp", "fn"), fieldNames(full.get("instance").get("counts").get(0)));
        assertEquals(List.of("AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "counts"),
                fieldNames(full.get("coco")));
        assertEquals(List.of("iou_threshold", "tp", "fp", "fn"), fieldNames(full.get("coco").get("counts").get(0)));
        assertEquals(0.95, full.get("coco").get("counts").get(9).get("iou_threshold").asDouble());
        assertEquals(List.of("PQ", "SQ", "RQ", "things", "stuff", "classes"), fieldNames(full.get("panoptic")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SummaryTable.print(all.report(), new PrintStream(out, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("evaluated 6 of 6") && table.contains("instance (COCO, segm)") && table.contains("panoptic"), table);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void badInputIsReportedAndTheRunFinishes(@TempDir Path tmp) throws Exception {
        Path inst = tmp.resolve("inst");
        copy(dir.resolve("inst"), inst);
        Path sem = tmp.resolve("sem");
        copy(dir.resolve("sem"), sem);
        List<Path> txts;
        try (var s = Files.walk(inst)) {
            txts = s.filter(p -> p.toString().endsWith(".txt")).sorted().collect(Collectors.toList());
        }
        // 1: a bad line, a path outside, an empty mask and a wrong-size mask
        Path txt = txts.get(0);
        Files.writeString(txt, Files.readString(txt) + "one two\n../../../etc/passwd 26 0.5\nmasks/empty.png 26 0.5\n"
                + "masks/small.png 26 0.5\n");
        Files.write(txt.resolveSibling("masks/empty.png"), PngEncoder.encodeGray8(128, 64, new byte[128 * 64]));
        Files.write(txt.resolveSibling("masks/small.png"), PngEncoder.encodeGray8(2, 2, new byte[] {1, 1, 1, 1}));
        // 2: one image without an instance results file, and a results file for an unknown image
        Files.move(txts.get(1), tmp.resolve("gone.txt"));
        Files.writeString(inst.resolve("zurich_000000_000001_pred.txt"), "");
        // 3: a semantic prediction of the wrong size
        Path semFile;
        try (var s = Files.walk(sem)) {
            semFile = s.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
        Files.write(semFile, PngEncoder.encodeGray8(4, 4, new byte[16]));

        LocalEvaluator.Result r = run(sem, inst, null);
        assertEquals(6, r.report().totals().evaluated(), "every image is still evaluated");
        String all = r.problems().stream().map(p -> p.kind() + " " + p.describe()).collect(Collectors.joining("\n"));
        assertTrue(all.contains("bad_line " + txt.toAbsolutePath().normalize()), all);
        assertTrue(all.contains("path_outside"), all);
        assertTrue(all.contains("empty_mask"), all);
        assertTrue(all.contains("wrong_size") && all.contains("is 2x2, expected 128x64"), all);
        assertTrue(all.contains("missing_prediction"), all);
        assertTrue(all.contains("unknown_image") && all.contains("zurich_000000_000001"), all);
        assertTrue(all.contains("expected 128x64 (the ground truth's size), found 4x4"), all);
        assertEquals(r.problems().size(), r.report().totals().problemCount(), "every problem is counted");
        assertNotNull(r.report().instance());
        assertNull(r.report().panoptic());
        assertFalse(Double.isNaN(r.report().semantic().miou()));
    }

    private static void copy(Path from, Path to) throws Exception {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
