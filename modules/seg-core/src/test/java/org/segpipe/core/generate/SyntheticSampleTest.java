package org.segpipe.core.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.InstanceIds;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.image.InstanceRegion;
import org.segpipe.core.png.PngImages;
import org.segpipe.core.polygons.AnnotationRasterizer;
import org.segpipe.core.polygons.PolygonJson;

class SyntheticSampleTest {

    private static final long SEED = 11;

    private static List<SyntheticSample> samples(int n, int w, int h) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> SyntheticSample.create(SEED, Split.TRAIN, new SampleKey("ulm", i, 19), w, h)).toList();
    }

    @Test
    void filesAgreeWithTheirPolygons() {
        for (SyntheticSample s : samples(3, 256, 128)) {
            // what is written to disk, read back
            var polygons = PolygonJson.read(PolygonJson.write(s.polygons()), "p");
            var labels = PngImages.decodeLabelIds(PngImages.encode(s.labelIds()), "l");
            var instances = PngImages.decodeInstanceIds(PngImages.encode(s.instanceIds()), "i");
            assertArrayEquals(AnnotationRasterizer.labelIds(polygons, "p").values(), labels.values(), s.key().toString());
            assertArrayEquals(AnnotationRasterizer.instanceIds(polygons, "p").values(), instances.values(), s.key().toString());
            assertArrayEquals(instances.toLabelIds().values(), labels.values());
        }
    }

    @Test
    void scenesHoldWhatTheEvaluatorsNeed() {
        Set<String> classes = new HashSet<>();
        int instances = 0;
        int tiny = 0;
        int groups = 0;
        int frames = 0;
        for (SyntheticSample s : samples(8, 512, 256)) {
            frames++;
            for (InstanceRegion r : s.instanceIds().regions()) {
                classes.add(CityscapesLabels.byId(r.labelId()).name());
                assertEquals(null, InstanceIds.problem(r.value()), "valid value " + r.value());
                if (r.isInstance()) {
                    instances++;
                    if (r.pixels() < 100) {
                        tiny++;
                    }
                } else if (CityscapesLabels.byId(r.labelId()).hasInstances()) {
                    groups++;
                }
            }
        }
        for (String expected : List.of("road", "sidewalk", "building", "vegetation", "sky", "pole", "car", "person",
                "ego vehicle")) {
            assertTrue(classes.contains(expected), expected + " in " + classes);
        }
        assertTrue(instances >= 8 * frames / 2, "several instances per frame: " + instances);
        assertTrue(tiny > 0, "some instances under 100 px");
        assertTrue(groups > 0, "some group regions");
        assertTrue(classes.contains("rider") || classes.contains("bicycle") || classes.contains("motorcycle"), classes.toString());
    }

    @Test
    void smallSizesWork() {
        SyntheticSample s = SyntheticSample.create(SEED, Split.VAL, new SampleKey("ulm", 0, 19), 32, 16);
        assertEquals(32, s.image().width());
        assertEquals(16, s.labelIds().height());
    }

    @Test
    void classesLookDifferent() {
        // Mean colour per class differs clearly between road, sky and vegetation: the image is learnable.
        SyntheticSample s = samples(1, 256, 128).get(0);
        double[][] sum = new double[34][4];
        byte[] rgb = s.image().rgb();
        for (int i = 0; i < s.labelIds().pixels(); i++) {
            int c = s.labelIds().at(i);
            sum[c][0] += rgb[3 * i] & 0xFF;
            sum[c][1] += rgb[3 * i + 1] & 0xFF;
            sum[c][2] += rgb[3 * i + 2] & 0xFF;
            sum[c][3]++;
        }
        double[] road = mean(sum[7]);
        double[] sky = mean(sum[23]);
        double[] veg = mean(sum[21]);
        assertTrue(distance(road, sky) > 60 && distance(road, veg) > 40 && distance(sky, veg) > 60,
                "road " + java.util.Arrays.toString(road) + " sky " + java.util.Arrays.toString(sky));
    }

    private static double[] mean(double[] s) {
        return new double[] {s[0] / s[3], s[1] / s[3], s[2] / s[3]};
    }

    private static double distance(double[] a, double[] b) {
        return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
    }
}
