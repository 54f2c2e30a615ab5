package org.segpipe.core.image;

/** Shared checks for image sizes. */
final class Dimensions {

    private Dimensions() {
    }

    static void check(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, found " + width + "x" + height);
        }
    }
}
