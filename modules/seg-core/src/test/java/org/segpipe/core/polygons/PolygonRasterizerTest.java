package org.segpipe.core.polygons;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolygonRasterizerTest {

    /** Rasterises into a character grid: '#' covered, '.' not. */
    private static String draw(int w, int h, int... xy) {
        char[][] g = new char[h][w];
        for (char[] row : g) {
            java.util.Arrays.fill(row, '.');
        }
        List<Point> pts = new ArrayList<>();
        for (int i = 0; i < xy.length; i += 2) {
            pts.add(new Point(xy[i], xy[i + 1]));
        }
        PolygonRasterizer.rasterize(pts, w, h, (y, x0, x1) -> {
            for (int x = x0; x <= x1; x++) {
                g[y][x] = '#';
            }
        });
        StringBuilder sb = new StringBuilder();
        for (char[] row : g) {
            sb.append(row).append('\n');
        }
        return sb.toString();
    }

    @Test
    void rectangleCoversItsBoundary() {
        // (0,0)-(3,0)-(3,2)-(0,2): 4 columns x 3 rows = 12 pixels
        assertEquals("""
                ####..
                ####..
                ####..
                ......
                """, draw(6, 4, 0, 0, 3, 0, 3, 2, 0, 2));
    }

    @Test
    void triangleCoversLatticePointsWithXPlusYAtMostFour() {
        // 5 + 4 + 3 + 2 + 1 = 15 pixels
        assertEquals("""
                #####.
                ####..
                ###...
                ##....
                #.....
                ......
                """, draw(6, 6, 0, 0, 4, 0, 0, 4));
    }

    @Test
    void concaveNotchStaysEmpty() {
        // A U shape: the notch between x=1 and x=3 above y=2 is outside; (2,2) lies on an edge.
        // 4 + 4 + 5 + 5 = 18 pixels
        assertEquals("""
                ##.##
                ##.##
                #####
                #####
                """, draw(5, 4, 0, 0, 1, 0, 1, 2, 3, 2, 3, 0, 4, 0, 4, 3, 0, 3));
    }

    @Test
    void degeneratePolygonsStillGetTheirOutline() {
        assertEquals("""
                #...
                .#..
                ..#.
                ...#
                """, draw(4, 4, 0, 0, 3, 3));
        assertEquals("""
                ...
                .#.
                ...
                """, draw(3, 3, 1, 1));
    }

    @Test
    void pixelsOutsideTheImageAreClipped() {
        assertEquals("""
                ###.
                ###.
                ###.
                ....
                """, draw(4, 4, -2, -2, 2, -2, 2, 2, -2, 2));
        assertEquals("""
                ...
                ...
                """, draw(3, 2, 10, 10, 20, 10, 20, 20));
    }

    @Test
    void vertexOrderDoesNotMatter() {
        assertEquals(draw(8, 6, 1, 1, 6, 2, 4, 5), draw(8, 6, 4, 5, 6, 2, 1, 1));
    }
}
