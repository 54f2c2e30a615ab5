package org.segpipe.model.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Instances and panoptic segments of a drawn 5x3 prediction (train ids; 13 = car, 11 = person,
 * 0 = road, 10 = sky):
 *
 * <pre>
 *   13 13  0 13 11
 *   13  0  0 13 11
 *   10 10 10 10 11
 * </pre>
 * Two car components (4-connectivity: the left one of 3 px, the right one of 2 px) and one person
 * of 3 px; road and sky are stuff.
 */
class InstancesTest {

    private static Predictor.Prediction scene() {
        byte[] ids = {13, 13, 0, 13, 11, 13, 0, 0, 13, 11, 10, 10, 10, 10, 11};
        float[] conf = new float[15];
        for (int i = 0; i < 15; i++) {
            conf[i] = (i + 1) / 20f;
        }
        return new Predictor.Prediction("k", 5, 3, ids, conf);
    }

    @Test
    void componentsPerClassWithMeanConfidenceAndMinimumSize() {
        List<Instances.Instance> all = Instances.extract(scene(), 1);
        assertEquals(3, all.size());
        Instances.Instance left = all.get(0);
        assertEquals(26, left.labelId());
        assertArrayEquals(new int[] {0, 1, 5}, left.pixels());
        assertEquals((1 + 2 + 6) / 20.0 / 3, left.confidence(), 1e-6);
        Instances.Instance right = all.get(1);
        assertEquals(26, right.labelId());
        assertArrayEquals(new int[] {3, 8}, right.pixels());
        Instances.Instance person = all.get(2);
        assertEquals(24, person.labelId());
        assertArrayEquals(new int[] {4, 9, 14}, person.pixels());
        assertEquals(List.of(26, 24), Instances.extract(scene(), 3).stream().map(Instances.Instance::labelId).toList(),
                "the 2 px car is under the minimum");
    }

    @Test
    void panopticIdsAndSegments() {
        Predictor.Prediction p = scene();
        List<Instances.Instance> kept = Instances.extract(p, 3);
        ResultFiles.Panoptic pan = ResultFiles.panoptic(p, kept);
        // stuff: road (label 7) 3 px, sky (label 23) 4 px; things: car 26000 (3 px), person 24000 (3 px); small car: void
        assertEquals(List.of(
                Map.of("id", 7, "category_id", 7, "area", 3L, "bbox", List.of(1, 0, 2, 2), "iscrowd", 0),
                Map.of("id", 23, "category_id", 23, "area", 4L, "bbox", List.of(0, 2, 4, 1), "iscrowd", 0),
                Map.of("id", 26000, "category_id", 26, "area", 3L, "bbox", List.of(0, 0, 2, 2), "iscrowd", 0),
                Map.of("id", 24000, "category_id", 24, "area", 3L, "bbox", List.of(4, 0, 1, 3), "iscrowd", 0)), pan.segments());
        byte[] rgb = org.segpipe.core.png.PngDecoder.decode(pan.png(), "pan").samples8();
        int[] ids = new int[15];
        for (int i = 0; i < 15; i++) {
            ids[i] = (rgb[3 * i] & 0xFF) + 256 * (rgb[3 * i + 1] & 0xFF) + 65536 * (rgb[3 * i + 2] & 0xFF);
        }
        assertArrayEquals(new int[] {26000, 26000, 7, 0, 24000, 26000, 7, 7, 0, 24000, 23, 23, 23, 23, 24000}, ids);
        List<ResultFiles.InstanceFile> files = ResultFiles.instanceFiles(p, kept);
        assertEquals("masks/k_000.png 26 0.150000", files.get(0).line());
        assertEquals("masks/k_001.png 24 " + String.format(java.util.Locale.ROOT, "%.6f", (5 + 10 + 15) / 20.0 / 3), files.get(1).line());
        assertArrayEquals(new byte[] {26, 26, 7, 26, 24, 26, 7, 7, 26, 24, 23, 23, 23, 23, 24}, ResultFiles.labelIds(p).values());
    }

    @Test
    void tileStartsCoverTheImageWithTheLastTileFlush() {
        assertEquals(List.of(0), Predictor.starts(32, 64, 8));
        assertEquals(List.of(0, 24, 36), Predictor.starts(100, 64, 40));
        assertEquals(List.of(0, 32, 64, 96), Predictor.starts(128, 32, 0));
    }
}
