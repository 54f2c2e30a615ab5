package org.segpipe.core.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.metrics.Scene;
import org.segpipe.core.metrics.semantic.SemanticMetrics;
import org.segpipe.core.png.PngEncoder;
import org.segpipe.core.png.PngImages;
import org.segpipe.core.results.EvalProblem;

/** One image through every protocol from file bytes, with an in-memory file system. */
class ImageEvaluatorTest {

    private static final SampleKey KEY = new SampleKey("ulm", 0, 19);
    private final Map<String, byte[]> files = new HashMap<>();

    /* 20x10 road with one 10x10 car (26000). */
    private final Scene scene = new Scene(20, 10, 7).rect(0, 0, 10, 10, 26000);

    private ImageInputs inputs(String semantic, String txt) {
        return new ImageInputs(KEY, "val", "/gt/l.png", PngImages.encode(scene.labels()), "/gt/i.png",
                PngImages.encode(scene.instances()), semantic, txt, null, null);
    }

    private ImageEvaluation evaluate(String semantic, String txt) {
        return ImageEvaluator.evaluate(inputs(semantic, txt), new EvaluateOptions(true, true, false, false, "/r"), p -> {
            byte[] b = files.get(p);
            if (b == null) {
                throw new FileNotFoundException(p);
            }
            return b;
        });
    }

    private static List<String> kinds(ImageEvaluation e) {
        return e.problems().stream().map(EvalProblem::kind).toList();
    }

    @Test
    void aMissingPredictionIsAnEmptyOneAndIsReported() {
        ImageEvaluation e = evaluate(null, null);
        assertTrue(e.evaluated());
        assertEquals(List.of(EvalProblem.MISSING_PREDICTION, EvalProblem.MISSING_PREDICTION), kinds(e));
        // every evaluated pixel is predicted 'unlabeled': road and car have IoU 0, not NaN
        var r = SemanticMetrics.compute(e.semantic());
        assertEquals(0.0, r.byName("road").iou());
        assertEquals(0.0, r.byName("car").iou());
        assertEquals(1, e.cityscapes().hardFn()[2][0], "the car is missed");
    }

    @Test
    void predictionsAreReadAndCounted() {
        byte[] mask = new byte[200];
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                mask[y * 20 + x] = (byte) 255;
            }
        }
        files.put("/r/ulm/m.png", PngEncoder.encodeGray8(20, 10, mask));
        files.put("/r/ulm/t.txt", "m.png 26 0.7\nmissing.png 26 0.5\n".getBytes());
        files.put("/r/ulm/s.png", PngImages.encode(scene.labels()));
        ImageEvaluation e = evaluate("/r/ulm/s.png", "/r/ulm/t.txt");
        assertEquals(1.0, SemanticMetrics.compute(e.semantic()).miou());
        assertEquals(1, e.instancePredictions());
        assertEquals(List.of(EvalProblem.UNREADABLE), kinds(e), e.problems().toString());
        assertEquals(2, e.problems().get(0).line());
        assertEquals(1, e.cityscapes().counts(2, 0)[0], "the car is found");
    }

    @Test
    void trainIdsAndUnknownIdsAreReported() {
        // train ids: road = 0, car = 13
        byte[] train = new byte[200];
        for (int i = 0; i < 200; i++) {
            train[i] = (byte) (i % 20 < 7 ? 13 : 0); // 65% on 0: road as a train id, unlabeled as a label id
        }
        files.put("/r/s.png", PngEncoder.encodeGray8(20, 10, train));
        ImageEvaluation e = evaluate("/r/s.png", null);
        assertTrue(kinds(e).contains(EvalProblem.TRAIN_IDS), e.problems().toString());
        files.put("/r/u.png", PngEncoder.encodeGray8(20, 10, filled(200, (byte) 77)));
        ImageEvaluation u = evaluate("/r/u.png", null);
        assertTrue(kinds(u).contains(EvalProblem.UNKNOWN_LABEL_ID), u.problems().toString());
    }

    @Test
    void unreadableGroundTruthRejectsTheImage() {
        ImageInputs bad = new ImageInputs(KEY, "val", "/gt/l.png", new byte[] {1, 2}, null, null, null, null, null, null);
        ImageEvaluation e = ImageEvaluator.evaluate(bad, new EvaluateOptions(true, false, false, false, "/r"), p -> null);
        assertFalse(e.evaluated());
        assertEquals(List.of(EvalProblem.BAD_GROUND_TRUTH), kinds(e));
        assertTrue(e.problems().get(0).describe().startsWith("/gt/l.png: "), e.problems().get(0).describe());
    }

    @Test
    void groundTruthReasonsNameTheFileAndSayWhatWasExpected() {
        // instanceIds of another size than the labelIds
        ImageInputs sizes = new ImageInputs(KEY, "val", "/gt/l.png", PngImages.encode(scene.labels()), "/gt/i.png",
                PngEncoder.encodeGray16(10, 10, new short[100]), null, null, null, null);
        ImageEvaluation s = ImageEvaluator.evaluate(sizes, new EvaluateOptions(true, false, false, false, "/r"), p -> null);
        assertFalse(s.evaluated());
        assertEquals("/gt/i.png", s.problems().get(0).path());
        assertEquals("/gt/i.png: expected the size of l.png, 20x10, found 10x10; the image is not evaluated",
                s.problems().get(0).reason());
        // a label id outside the table in the ground truth
        byte[] labels = filled(200, (byte) 7);
        labels[3] = (byte) 200;
        ImageInputs unknown = new ImageInputs(KEY, "val", "/gt/l.png", PngEncoder.encodeGray8(20, 10, labels), null, null,
                null, null, null, null);
        ImageEvaluation u = ImageEvaluator.evaluate(unknown, new EvaluateOptions(true, false, false, false, "/r"), p -> null);
        assertFalse(u.evaluated());
        assertEquals(List.of(EvalProblem.BAD_GROUND_TRUTH), kinds(u));
        assertTrue(u.problems().get(0).reason().startsWith("/gt/l.png: ground truth holds label ids [200]"),
                u.problems().get(0).reason());
    }

    private static byte[] filled(int n, byte v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, v);
        return b;
    }
}
