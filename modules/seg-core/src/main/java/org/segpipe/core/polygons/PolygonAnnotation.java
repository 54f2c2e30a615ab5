package org.segpipe.core.polygons;

import java.util.List;

/**
 * The content of a {@code *_polygons.json} file: the image size and the objects in file order,
 * which is also drawing order (later objects cover earlier ones).
 */
public record PolygonAnnotation(int imgHeight, int imgWidth, List<PolygonObject> objects) {

    public PolygonAnnotation {
        if (imgHeight <= 0 || imgWidth <= 0) {
            throw new IllegalArgumentException("image size must be positive, found " + imgWidth + "x" + imgHeight);
        }
        objects = List.copyOf(objects);
    }
}
