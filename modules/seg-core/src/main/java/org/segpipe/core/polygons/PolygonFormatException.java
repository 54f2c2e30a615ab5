package org.segpipe.core.polygons;

/** A polygons JSON that cannot be read, naming the file and what is wrong. */
public final class PolygonFormatException extends IllegalArgumentException {

    public PolygonFormatException(String source, String detail) {
        super(source + ": " + detail);
    }

    public PolygonFormatException(String source, String detail, Throwable cause) {
        super(source + ": " + detail, cause);
    }
}
