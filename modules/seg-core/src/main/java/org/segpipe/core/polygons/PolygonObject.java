package org.segpipe.core.polygons;

import java.util.List;

/**
 * One annotated object: a label name (possibly a group such as {@code cargroup}) and its outline.
 *
 * @param label   the label name as written in the file
 * @param polygon vertices in drawing order; the outline is closed implicitly
 * @param deleted deleted objects stay in the file but are never drawn
 */
public record PolygonObject(String label, List<Point> polygon, boolean deleted) {

    public PolygonObject {
        polygon = List.copyOf(polygon);
    }

    public static PolygonObject of(String label, int... xy) {
        if (xy.length % 2 != 0) {
            throw new IllegalArgumentException("coordinates come in x,y pairs, found " + xy.length + " numbers");
        }
        Point[] pts = new Point[xy.length / 2];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = new Point(xy[2 * i], xy[2 * i + 1]);
        }
        return new PolygonObject(label, List.of(pts), false);
    }
}
