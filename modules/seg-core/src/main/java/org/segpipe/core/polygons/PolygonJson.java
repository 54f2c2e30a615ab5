package org.segpipe.core.polygons;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the Cityscapes polygons JSON:
 * {@code {"imgHeight": H, "imgWidth": W, "objects": [{"label": "car", "polygon": [[x, y], ...]}, ...]}}.
 * Optional per-object keys of the official format ({@code deleted}, {@code id}, {@code user},
 * {@code date}, {@code verified}) are accepted; only {@code deleted} changes what is drawn.
 */
public final class PolygonJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PolygonJson() {
    }

    public static PolygonAnnotation read(byte[] json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PolygonFormatException(source, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new PolygonFormatException(source, "expected a JSON object with imgHeight, imgWidth and objects, found "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        int height = positiveInt(root, "imgHeight", source);
        int width = positiveInt(root, "imgWidth", source);
        JsonNode objects = root.get("objects");
        if (objects == null || !objects.isArray()) {
            throw new PolygonFormatException(source, "expected 'objects' to be an array, found "
                    + (objects == null ? "no such key" : objects.getNodeType().toString().toLowerCase()));
        }
        List<PolygonObject> out = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            JsonNode obj = objects.get(i);
            String where = "objects[" + i + "]";
            JsonNode label = obj.get("label");
            if (label == null || !label.isTextual()) {
                throw new PolygonFormatException(source, where + ": expected a string 'label'");
            }
            JsonNode polygon = obj.get("polygon");
            if (polygon == null || !polygon.isArray()) {
                throw new PolygonFormatException(source, where + " ('" + label.asText() + "'): expected a 'polygon' array");
            }
            List<Point> points = new ArrayList<>(polygon.size());
            for (int p = 0; p < polygon.size(); p++) {
                JsonNode pt = polygon.get(p);
                if (!pt.isArray() || pt.size() != 2 || !pt.get(0).isNumber() || !pt.get(1).isNumber()) {
                    throw new PolygonFormatException(source, where + ".polygon[" + p + "]: expected [x, y] numbers, found " + pt);
                }
                // The official files hold integers; fractional coordinates are rounded to the nearest pixel.
                points.add(new Point((int) Math.round(pt.get(0).asDouble()), (int) Math.round(pt.get(1).asDouble())));
            }
            JsonNode deleted = obj.get("deleted");
            boolean isDeleted = deleted != null && (deleted.isBoolean() ? deleted.asBoolean() : deleted.asInt() != 0);
            out.add(new PolygonObject(label.asText(), points, isDeleted));
        }
        return new PolygonAnnotation(height, width, out);
    }

    /** Serialises with a fixed key order and layout, so equal annotations give equal bytes. */
    public static byte[] write(PolygonAnnotation annotation) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("imgHeight", annotation.imgHeight());
        root.put("imgWidth", annotation.imgWidth());
        ArrayNode objects = root.putArray("objects");
        for (PolygonObject o : annotation.objects()) {
            ObjectNode obj = objects.addObject();
            obj.put("label", o.label());
            ArrayNode poly = obj.putArray("polygon");
            for (Point p : o.polygon()) {
                poly.addArray().add(p.x()).add(p.y());
            }
            if (o.deleted()) {
                obj.put("deleted", 1);
            }
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise polygons", e);
        }
    }

    private static int positiveInt(JsonNode root, String key, String source) {
        JsonNode n = root.get(key);
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() <= 0) {
            throw new PolygonFormatException(source, "expected '" + key + "' to be a positive integer, found "
                    + (n == null ? "no such key" : n.toString()));
        }
        return n.asInt();
    }
}
