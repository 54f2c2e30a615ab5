package org.segpipe.core.polygons;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;

class AnnotationRasterizerTest {

    /*
     * 4x3 image, objects in file order:
     *   road      covers everything                      -> 7
     *   car       (0,0)-(1,1)                            -> 26000 (first car)
     *   cargroup  (2,0)-(3,1)                            -> 26 (a group keeps the plain id)
     *   car       deleted                                -> skipped, not counted
     *   car       (1,1)-(2,2), over both of the above    -> 26001 (second drawn car)
     *   license plate over everything                    -> id -1, never drawn
     *   person    the single point (3,2)                 -> 24000
     *
     *   instanceIds            labelIds
     *   26000 26000 26    26   26 26 26 26
     *   26000 26001 26001 26   26 26 26 26
     *   7     26001 26001 24000 7 26 26 24
     */
    private static final PolygonAnnotation SCENE = new PolygonAnnotation(3, 4, List.of(
            PolygonObject.of("road", 0, 0, 3, 0, 3, 2, 0, 2),
            PolygonObject.of("car", 0, 0, 1, 0, 1, 1, 0, 1),
            PolygonObject.of("cargroup", 2, 0, 3, 0, 3, 1, 2, 1),
            new PolygonObject("car", List.of(new Point(0, 2), new Point(3, 2)), true),
            PolygonObject.of("car", 1, 1, 2, 1, 2, 2, 1, 2),
            PolygonObject.of("license plate", 0, 0, 3, 0, 3, 2, 0, 2),
            PolygonObject.of("person", 3, 2)));

    @Test
    void instanceIdsFollowJson2InstanceImg() {
        InstanceMask m = AnnotationRasterizer.instanceIds(SCENE, "scene.json");
        assertArrayEquals(new short[] {
                (short) 26000, (short) 26000, 26, 26,
                (short) 26000, (short) 26001, (short) 26001, 26,
                7, (short) 26001, (short) 26001, (short) 24000}, m.values());
    }

    @Test
    void labelIdsFollowJson2LabelImg() {
        ClassMask m = AnnotationRasterizer.labelIds(SCENE, "scene.json");
        assertArrayEquals(new byte[] {26, 26, 26, 26, 26, 26, 26, 26, 7, 26, 26, 24}, m.values());
    }

    @Test
    void labelIdsEqualTheInstanceImageReducedToLabels() {
        assertArrayEquals(AnnotationRasterizer.labelIds(SCENE, "s").values(),
                AnnotationRasterizer.instanceIds(SCENE, "s").toLabelIds().values());
    }

    @Test
    void unknownLabelNamesTheFileAndLabel() {
        var bad = new PolygonAnnotation(2, 2, List.of(PolygonObject.of("unicorn", 0, 0, 1, 1)));
        var e = assertThrows(PolygonFormatException.class, () -> AnnotationRasterizer.labelIds(bad, "a_polygons.json"));
        assertTrue(e.getMessage().startsWith("a_polygons.json: unknown label 'unicorn'"), e.getMessage());
    }
}
