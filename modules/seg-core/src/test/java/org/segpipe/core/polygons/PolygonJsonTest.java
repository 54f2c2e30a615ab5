package org.segpipe.core.polygons;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolygonJsonTest {

    @Test
    void roundTripsAndIsStable() {
        PolygonAnnotation a = new PolygonAnnotation(1024, 2048, List.of(
                PolygonObject.of("road", 0, 500, 2047, 500, 2047, 1023, 0, 1023),
                new PolygonObject("car", List.of(new Point(-3, 5), new Point(10, 5), new Point(10, 9)), true)));
        byte[] json = PolygonJson.write(a);
        assertEquals(a, PolygonJson.read(json, "a.json"));
        assertArrayEquals(json, PolygonJson.write(PolygonJson.read(json, "a.json")));
    }

    @Test
    void readsTheOfficialLayoutWithExtraKeys() {
        String official = """
                {"imgHeight": 4, "imgWidth": 8, "objects": [
                  {"date": "x", "deleted": 0, "id": 0, "label": "sky", "polygon": [[0, 0], [7, 0], [7, 1.6]],
                   "user": "u", "verified": 1}]}""";
        PolygonAnnotation a = PolygonJson.read(official.getBytes(StandardCharsets.UTF_8), "o.json");
        assertEquals(8, a.imgWidth());
        assertEquals(new Point(7, 2), a.objects().get(0).polygon().get(2), "fractions round to the nearest pixel");
    }

    @Test
    void malformedFilesSayWhatIsWrong() {
        assertMessage("{\"imgHeight\": 4", "b.json: not valid JSON");
        assertMessage("[1, 2]", "b.json: expected a JSON object with imgHeight, imgWidth and objects, found array");
        assertMessage("{\"imgHeight\": 4, \"imgWidth\": 0, \"objects\": []}",
                "b.json: expected 'imgWidth' to be a positive integer, found 0");
        assertMessage("{\"imgHeight\": 4, \"imgWidth\": 4}", "expected 'objects' to be an array, found no such key");
        assertMessage("{\"imgHeight\": 4, \"imgWidth\": 4, \"objects\": [{\"label\": \"car\", \"polygon\": [[1]]}]}",
                "objects[0].polygon[0]: expected [x, y] numbers, found [1]");
        assertMessage("{\"imgHeight\": 4, \"imgWidth\": 4, \"objects\": [{\"polygon\": []}]}",
                "objects[0]: expected a string 'label'");
    }

    private static void assertMessage(String json, String fragment) {
        var e = assertThrows(PolygonFormatException.class, () -> PolygonJson.read(json.getBytes(StandardCharsets.UTF_8), "b.json"));
        assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' in: " + e.getMessage());
    }
}
