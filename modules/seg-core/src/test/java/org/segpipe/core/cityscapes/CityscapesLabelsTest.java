package org.segpipe.core.cityscapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CityscapesLabelsTest {

    @Test
    void tableHasTheOfficialShape() {
        assertEquals(35, CityscapesLabels.all().size(), "ids -1..33");
        Set<Integer> ids = new HashSet<>();
        for (Label l : CityscapesLabels.all()) {
            assertTrue(ids.add(l.id()), "duplicate id " + l.id());
        }
        for (int id = -1; id <= 33; id++) {
            assertTrue(ids.contains(id), "missing id " + id);
        }
        Label plate = CityscapesLabels.byName("license plate").orElseThrow();
        assertEquals(-1, plate.id());
        assertEquals(-1, plate.trainId());
    }

    @Test
    void trainIdsAreTheNineteenStandardClassesInOrder() {
        List<String> expected = List.of("road", "sidewalk", "building", "wall", "fence", "pole", "traffic light",
                "traffic sign", "vegetation", "terrain", "sky", "person", "rider", "car", "truck", "bus", "train",
                "motorcycle", "bicycle");
        assertEquals(expected, CityscapesLabels.trainClasses().stream().map(Label::name).toList());
    }

    @Test
    void selectedRowsMatchLabelsPy() {
        Label car = CityscapesLabels.byId(26);
        assertEquals("car", car.name());
        assertEquals(13, car.trainId());
        assertEquals("vehicle", car.category());
        assertEquals(7, car.categoryId());
        assertTrue(car.hasInstances());
        assertFalse(car.ignoreInEval());
        assertEquals(0x00008E, car.color());
        Label road = CityscapesLabels.byId(7);
        assertEquals(128, road.red());
        assertEquals(64, road.green());
        assertEquals(128, road.blue());
        Label caravan = CityscapesLabels.byId(29);
        assertTrue(caravan.hasInstances());
        assertTrue(caravan.ignoreInEval());
        assertEquals(255, caravan.trainId());
        Label polegroup = CityscapesLabels.byId(18);
        assertFalse(polegroup.hasInstances());
        assertEquals(255, polegroup.trainId());
    }

    @Test
    void eightInstanceClassesAreEvaluated() {
        assertEquals(List.of("person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle"),
                CityscapesLabels.evaluatedInstanceClasses().stream().map(Label::name).toList());
    }

    @Test
    void labelAndTrainIdsConvertBothWays() {
        assertEquals(0, CityscapesLabels.toTrainId(7));
        assertEquals(18, CityscapesLabels.toTrainId(33));
        assertEquals(255, CityscapesLabels.toTrainId(0));
        assertEquals(255, CityscapesLabels.toTrainId(29), "caravan is ignored in training");
        assertEquals(255, CityscapesLabels.toTrainId(200), "unknown ids become ignore");
        for (Label l : CityscapesLabels.trainClasses()) {
            assertEquals(l.trainId(), CityscapesLabels.toTrainId(CityscapesLabels.toLabelId(l.trainId())), l.name());
        }
        assertEquals(0, CityscapesLabels.toLabelId(255), "ignore maps back to unlabeled");
    }

    @Test
    void annotationNamesResolveLikeCityscapesScripts() {
        var cargroup = CityscapesLabels.resolveAnnotationName("cargroup").orElseThrow();
        assertEquals("car", cargroup.label().name());
        assertTrue(cargroup.group());
        // 'polegroup' is a label of its own, not a group of poles.
        var polegroup = CityscapesLabels.resolveAnnotationName("polegroup").orElseThrow();
        assertEquals(18, polegroup.label().id());
        assertFalse(polegroup.group());
        assertTrue(CityscapesLabels.resolveAnnotationName("unicorn").isEmpty());
        assertTrue(CityscapesLabels.resolveAnnotationName("unicorngroup").isEmpty());
    }

    @Test
    void unknownIdsAreRefusedWithTheId() {
        var e = assertThrows(IllegalArgumentException.class, () -> CityscapesLabels.byId(34));
        assertTrue(e.getMessage().contains("34"), e.getMessage());
    }
}
