package org.segpipe.core.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.metrics.instance.BinaryMask;
import org.segpipe.core.png.ColorType;
import org.segpipe.core.png.PngEncoder;
import org.segpipe.core.png.PngException;

class ResultsDecodingTest {

    @Test
    void grayMasksAreSetWhereNonZero() {
        byte[] px = {0, 1, 0, (byte) 255, (byte) 255, 0};
        BinaryMask m = InstanceMasks.decode(PngEncoder.encodeGray8(3, 2, px), "m.png");
        assertEquals(3, m.pixels());
        assertEquals(2, m.runs());
        assertEquals(1, m.starts()[0]);
        assertEquals(2, m.lengths()[1]);
    }

    @Test
    void streamedGrayMasksEqualTheFullDecode() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        byte[] px = new byte[300 * 50];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(256));
        }
        px[299] = 1; // a run that continues on the next row
        px[300] = 1;
        BinaryMask streamed = InstanceMasks.decode(PngEncoder.encodeGray8(300, 50, px), "m.png");
        BinaryMask full = BinaryMask.fromNonZero(px, 300, 50);
        assertEquals(full.pixels(), streamed.pixels());
        assertTrue(java.util.Arrays.equals(full.starts(), streamed.starts()) && java.util.Arrays.equals(full.lengths(),
                streamed.lengths()));
    }

    @Test
    void colourMasksUsePilsLuma() {
        // (1,0,0): (19595 + 0x8000) >> 16 = 0 -> not set; (0,1,0): (38470 + 0x8000) >> 16 = 1 -> set; (9,9,9) -> 9
        byte[] rgb = {1, 0, 0, 0, 1, 0, 9, 9, 9, 0, 0, 0};
        BinaryMask m = InstanceMasks.decode(PngEncoder.encode(4, 1, 8, ColorType.RGB, rgb, 6), "m.png");
        assertEquals(2, m.pixels());
        assertEquals(1, m.starts()[0]);
        assertEquals(0, InstanceMasks.luma(1, 0, 0));
        assertEquals(1, InstanceMasks.luma(0, 1, 0));
    }

    @Test
    void unsupportedMasksFailWithTheFileName() {
        PngException e = assertThrows(PngException.class, () -> InstanceMasks.decode(new byte[] {1, 2, 3}, "bad.png"));
        assertTrue(e.getMessage().startsWith("bad.png"), e.getMessage());
    }

    @Test
    void trainIdPredictionsAreRecognised() {
        // a trainId street scene: road 0, building 2, sky 10, car 13 -> mostly void/ignored as label ids
        ClassMask train = new ClassMask(4, 1, new byte[] {0, 2, 10, 13}, ClassEncoding.LABEL_IDS);
        assertTrue(SemanticPredictions.trainIdsSuspicion(train).contains("looks like train ids"));
        ClassMask withIgnore = new ClassMask(3, 1, new byte[] {7, 8, (byte) 255}, ClassEncoding.LABEL_IDS);
        assertTrue(SemanticPredictions.trainIdsSuspicion(withIgnore) != null);
        // a label-id scene of road, sidewalk, building: values <= 18 but all evaluated classes
        assertNull(SemanticPredictions.trainIdsSuspicion(new ClassMask(3, 1, new byte[] {7, 8, 11}, ClassEncoding.LABEL_IDS)));
        assertNull(SemanticPredictions.trainIdsSuspicion(new ClassMask(2, 1, new byte[] {0, 26}, ClassEncoding.LABEL_IDS)));
        ClassMask converted = SemanticPredictions.decode(PngEncoder.encodeGray8(3, 1, new byte[] {0, 13, (byte) 255}), "p.png", true);
        assertEquals(7, converted.at(0));
        assertEquals(26, converted.at(1));
        assertEquals(0, converted.at(2));
    }

    @Test
    void panopticJsonIsStreamedWithLineNumbers() {
        String json = "{\"categories\": [],\n \"annotations\": [\n"
                + "  {\"image_id\": \"ulm_000000_000019\", \"file_name\": \"a.png\", \"segments_info\": [{\"id\": 5, \"category_id\": 26, \"iscrowd\": 0}]},\n"
                + "  {\"image_id\": \"ulm_000000_000020\", \"segments_info\": []}\n]}";
        List<PanopticResultsJson.Annotation> out = new ArrayList<>();
        List<EvalProblem> problems = new ArrayList<>();
        PanopticResultsJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "p.json", out::add, problems::add);
        assertEquals(1, out.size());
        assertEquals(26, out.get(0).segments().get(0).categoryId());
        assertEquals(1, problems.size());
        assertEquals(4, problems.get(0).line());
        assertTrue(problems.get(0).reason().contains("expected image_id, file_name and segments_info"));
    }
}
