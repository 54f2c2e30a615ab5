package org.segpipe.core.polygons;

/** A polygon vertex in pixel coordinates (x to the right, y down), as in the polygons JSON. */
public record Point(int x, int y) {
}
