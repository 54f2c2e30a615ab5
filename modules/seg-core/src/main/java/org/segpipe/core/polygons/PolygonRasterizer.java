package org.segpipe.core.polygons;

import java.util.Arrays;
import java.util.List;

/**
 * Scan-converts a polygon into horizontal pixel spans.
 *
 * <p>Rule: pixel (x, y) is covered when the point (x, y) lies inside the polygon by the even-odd
 * rule (edges taken half-open in y, so shared vertices count once), or when it lies on the
 * Bresenham line of one of its edges. Including the outline makes a polygon cover its boundary
 * pixels, as PIL's {@code ImageDraw.polygon} does for the integer vertices of the Cityscapes
 * annotations, so thin objects (poles) and degenerate polygons still get pixels. Pixels outside
 * the image are clipped.
 */
public final class PolygonRasterizer {

    /** Receives one covered span {@code [x0, x1]} (inclusive, already clipped) of row y. */
    @FunctionalInterface
    public interface SpanSink {
        void span(int y, int x0, int x1);
    }

    private PolygonRasterizer() {
    }

    public static void rasterize(List<Point> polygon, int width, int height, SpanSink sink) {
        int n = polygon.size();
        if (n == 0) {
            return;
        }
        int[] xs = new int[n];
        int[] ys = new int[n];
        int minY = Integer.MAX_VALUE;
        int maxY = Integer.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            xs[i] = polygon.get(i).x();
            ys[i] = polygon.get(i).y();
            minY = Math.min(minY, ys[i]);
            maxY = Math.max(maxY, ys[i]);
        }
        // Interior: even-odd spans per row.
        double[] crossings = new double[n];
        int rowFrom = Math.max(0, minY);
        int rowTo = Math.min(height - 1, maxY);
        for (int y = rowFrom; y <= rowTo; y++) {
            int c = 0;
            for (int i = 0; i < n; i++) {
                int j = (i + 1) % n;
                int y0 = ys[i];
                int y1 = ys[j];
                if (y0 == y1) {
                    continue;
                }
                int lo = Math.min(y0, y1);
                int hi = Math.max(y0, y1);
                if (y >= lo && y < hi) {
                    // Exact when the crossing is an integer: the product is an exact integer.
                    crossings[c++] = xs[i] + ((long) (y - y0) * (xs[j] - xs[i])) / (double) (y1 - y0);
                }
            }
            Arrays.sort(crossings, 0, c);
            for (int k = 0; k + 1 < c; k += 2) {
                long x0 = (long) Math.ceil(crossings[k]);
                long x1 = (long) Math.floor(crossings[k + 1]);
                emit(sink, y, x0, x1, width);
            }
        }
        // Outline: Bresenham lines of every edge, the closing edge included.
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            line(xs[i], ys[i], xs[j], ys[j], width, height, sink);
        }
    }

    private static void emit(SpanSink sink, int y, long x0, long x1, int width) {
        if (x1 < 0 || x0 >= width || x0 > x1) {
            return;
        }
        sink.span(y, (int) Math.max(0, x0), (int) Math.min(width - 1, x1));
    }

    private static void line(int ax, int ay, int bx, int by, int width, int height, SpanSink sink) {
        // Always walk from the upper (then left) end, so an edge covers the same pixels whichever
        // way the polygon runs.
        boolean swap = by < ay || (by == ay && bx < ax);
        int x0 = swap ? bx : ax;
        int y0 = swap ? by : ay;
        int x1 = swap ? ax : bx;
        int y1 = swap ? ay : by;
        int dx = Math.abs(x1 - x0);
        int dy = -Math.abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1;
        int sy = y0 < y1 ? 1 : -1;
        int err = dx + dy;
        int x = x0;
        int y = y0;
        // Guard against enormous off-image coordinates: stop once both ends are far outside.
        long steps = Math.max(dx, -dy) + 1L;
        if (steps > 4L * (width + height) + 16 && outside(x0, y0, x1, y1, width, height)) {
            return;
        }
        while (true) {
            if (y >= 0 && y < height && x >= 0 && x < width) {
                sink.span(y, x, x);
            }
            if (x == x1 && y == y1) {
                break;
            }
            int e2 = 2 * err;
            if (e2 >= dy) {
                err += dy;
                x += sx;
            }
            if (e2 <= dx) {
                err += dx;
                y += sy;
            }
        }
    }

    private static boolean outside(int x0, int y0, int x1, int y1, int width, int height) {
        return (x0 < 0 && x1 < 0) || (y0 < 0 && y1 < 0) || (x0 >= width && x1 >= width) || (y0 >= height && y1 >= height);
    }
}
