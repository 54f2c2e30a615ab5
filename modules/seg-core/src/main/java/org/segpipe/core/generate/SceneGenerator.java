package org.segpipe.core.generate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.segpipe.core.polygons.Point;
import org.segpipe.core.polygons.PolygonAnnotation;
import org.segpipe.core.polygons.PolygonObject;

/**
 * Lays out a synthetic street scene as a Cityscapes polygon annotation: sky, buildings and walls on
 * the horizon, trees, sidewalk and road in perspective, fences, poles with signs and traffic
 * lights, then cars, trucks, buses, persons and riders on bicycles or motorcycles drawn far to
 * near so that nearer objects occlude farther ones, some too small to evaluate (under 100 px),
 * group regions (cargroup, persongroup), license plates (never drawn), and the void regions of a
 * real frame (ego vehicle, rectification border).
 *
 * <p>Everything is drawn from the given random source only, so a scene is a pure function of
 * (seed, width, height). Coordinates are computed in image units and rounded to integers, as in
 * the official files.
 */
public final class SceneGenerator {

    private final int width;
    private final int height;
    private final SplittableRandom rnd;
    private final List<PolygonObject> objects = new ArrayList<>();
    private final int horizon;
    private final double vanishX;
    private final double roadTopHalf;
    private final double roadBottomLeft;
    private final double roadBottomRight;

    private SceneGenerator(int width, int height, SplittableRandom rnd) {
        this.width = width;
        this.height = height;
        this.rnd = rnd;
        this.horizon = (int) Math.round(height * uniform(0.38, 0.5));
        this.vanishX = width * uniform(0.4, 0.6);
        this.roadTopHalf = width * uniform(0.02, 0.06);
        this.roadBottomLeft = width * uniform(-0.05, 0.18);
        this.roadBottomRight = width * uniform(0.82, 1.05);
    }

    /** Generates one scene. */
    public static PolygonAnnotation generate(int width, int height, SplittableRandom rnd) {
        if (width < 16 || height < 16) {
            throw new IllegalArgumentException("scenes need at least 16x16 pixels, found " + width + "x" + height);
        }
        SceneGenerator g = new SceneGenerator(width, height, rnd);
        g.layout();
        return new PolygonAnnotation(height, width, g.objects);
    }

    private void layout() {
        sky();
        buildings();
        trees();
        ground();
        fence();
        polesAndSigns();
        groups();
        traffic();
        voidRegions();
    }

    private void sky() {
        add("sky", 0, 0, width - 1, 0, width - 1, horizon, 0, horizon);
    }

    private void buildings() {
        double x = -uniform(0, 0.05) * width;
        while (x < width) {
            double w = width * uniform(0.08, 0.25);
            if (rnd.nextDouble() < 0.2) {
                x += w * 0.5; // a gap: sky shows through
                continue;
            }
            double top = height * uniform(0.03, 0.3);
            if (top > horizon - 4) {
                top = horizon - 4;
            }
            int bottom = horizon + 2;
            if (rnd.nextDouble() < 0.15) {
                // a low wall instead of a building
                double wallTop = horizon - height * uniform(0.02, 0.06);
                add("wall", x, wallTop, x + w, wallTop, x + w, bottom, x, bottom);
            } else if (rnd.nextDouble() < 0.4) {
                double ridge = top - height * uniform(0.02, 0.06);
                add("building", x, top, x + w / 2, ridge, x + w, top, x + w, bottom, x, bottom);
            } else {
                add("building", x, top, x + w, top, x + w, bottom, x, bottom);
            }
            x += w;
        }
    }

    private void trees() {
        int n = rnd.nextInt(1, 5);
        for (int i = 0; i < n; i++) {
            double cx = width * uniform(0, 1);
            double r = width * uniform(0.03, 0.1);
            double cy = horizon - r * uniform(0.3, 1.2);
            double trunkW = Math.max(2, r * 0.15);
            add("vegetation", cx - trunkW / 2, cy, cx + trunkW / 2, cy, cx + trunkW / 2, horizon + r * 0.3,
                    cx - trunkW / 2, horizon + r * 0.3);
            objects.add(blob("vegetation", cx, cy, r, r * uniform(0.7, 1.0), rnd.nextInt(10, 18)));
        }
    }

    private void ground() {
        // Sidewalk everywhere below the horizon, terrain at the far edges, road on top.
        add("sidewalk", 0, horizon, width - 1, horizon, width - 1, height - 1, 0, height - 1);
        if (rnd.nextDouble() < 0.6) {
            double w = width * uniform(0.05, 0.15);
            add("terrain", 0, horizon + 1, w, horizon + 1, w * 0.3, height - 1, 0, height - 1);
        }
        if (rnd.nextDouble() < 0.6) {
            double w = width * uniform(0.05, 0.15);
            add("terrain", width - 1 - w, horizon + 1, width - 1, horizon + 1, width - 1, height - 1,
                    width - 1 - w * 0.3, height - 1);
        }
        add("road", vanishX - roadTopHalf, horizon, vanishX + roadTopHalf, horizon, roadBottomRight, height - 1,
                roadBottomLeft, height - 1);
    }

    /** x of the road's left and right edge at row y. */
    private double roadLeftAt(double y) {
        double t = (y - horizon) / (double) (height - 1 - horizon);
        return (vanishX - roadTopHalf) + t * (roadBottomLeft - (vanishX - roadTopHalf));
    }

    private double roadRightAt(double y) {
        double t = (y - horizon) / (double) (height - 1 - horizon);
        return (vanishX + roadTopHalf) + t * (roadBottomRight - (vanishX + roadTopHalf));
    }

    /** Perspective scale in (0, 1]: 0 at the horizon, 1 at the bottom row. */
    private double scaleAt(double y) {
        return Math.max(0.0, (y - horizon) / (double) (height - 1 - horizon));
    }

    private void fence() {
        if (rnd.nextDouble() < 0.5) {
            boolean left = rnd.nextBoolean();
            double yFar = horizon + 2;
            double yNear = horizon + (height - horizon) * uniform(0.4, 0.8);
            double hFar = height * 0.01 + 1;
            double hNear = height * uniform(0.06, 0.12);
            if (left) {
                double xFar = roadLeftAt(yFar) - width * 0.02;
                double xNear = Math.min(roadLeftAt(yNear) - width * 0.05, width * 0.1);
                add("fence", xFar, yFar - hFar, xFar, yFar, xNear, yNear, xNear, yNear - hNear);
            } else {
                double xFar = roadRightAt(yFar) + width * 0.02;
                double xNear = Math.max(roadRightAt(yNear) + width * 0.05, width * 0.9);
                add("fence", xFar, yFar - hFar, xFar, yFar, xNear, yNear, xNear, yNear - hNear);
            }
        }
    }

    private void polesAndSigns() {
        int n = rnd.nextInt(2, 6);
        for (int i = 0; i < n; i++) {
            double yb = horizon + (height - horizon) * uniform(0.1, 0.85);
            double s = scaleAt(yb);
            boolean left = rnd.nextBoolean();
            double x = left ? roadLeftAt(yb) - width * uniform(0.01, 0.06) * (0.3 + s)
                    : roadRightAt(yb) + width * uniform(0.01, 0.06) * (0.3 + s);
            double poleH = height * (0.15 + 0.55 * s);
            double poleW = Math.max(1, width * 0.006 * (0.3 + s));
            double top = yb - poleH;
            add(rnd.nextDouble() < 0.1 ? "polegroup" : "pole", x - poleW / 2, top, x + poleW / 2, top, x + poleW / 2, yb,
                    x - poleW / 2, yb);
            double r = Math.max(1.5, width * 0.012 * (0.3 + s));
            double choice = rnd.nextDouble();
            if (choice < 0.45) {
                double cy = top + r;
                double cx = x + (left ? r : -r) * 0.9;
                switch (rnd.nextInt(3)) {
                    case 0 -> add("traffic sign", cx - r, cy - r, cx + r, cy - r, cx + r, cy + r, cx - r, cy + r);
                    case 1 -> add("traffic sign", cx, cy - r, cx + r, cy + r, cx - r, cy + r);
                    default -> objects.add(blob("traffic sign", cx, cy, r, r, 8));
                }
            } else if (choice < 0.8) {
                double lw = r * 0.8;
                double lh = r * 2.4;
                double cx = x + (left ? lw : -lw);
                add("traffic light", cx - lw / 2, top, cx + lw / 2, top, cx + lw / 2, top + lh, cx - lw / 2, top + lh);
            }
        }
    }

    private void groups() {
        if (rnd.nextDouble() < 0.6) {
            // distant parked cars the annotator could not separate
            double y = horizon + (height - horizon) * uniform(0.04, 0.12);
            double s = scaleAt(y);
            double w = width * uniform(0.08, 0.2) * (0.5 + s);
            double h = Math.max(2, w * 0.25);
            double x0 = rnd.nextBoolean() ? roadLeftAt(y) - w * 0.3 : roadRightAt(y) - w * 0.7;
            add("cargroup", x0, y, x0 + w, y, x0 + w, y - h, x0 + w * 0.66, y - h * 1.3, x0 + w * 0.33, y - h * 1.1,
                    x0, y - h);
        }
        if (rnd.nextDouble() < 0.4) {
            double y = horizon + (height - horizon) * uniform(0.05, 0.2);
            double s = scaleAt(y);
            double w = width * uniform(0.03, 0.08) * (0.5 + s);
            double h = height * 0.35 * s + 3;
            double x0 = rnd.nextBoolean() ? roadLeftAt(y) - w * 1.5 : roadRightAt(y) + w * 0.5;
            add("persongroup", x0, y, x0 + w, y, x0 + w * 0.9, y - h, x0 + w * 0.1, y - h);
        }
    }

    private record Placed(String kind, double x, double yBottom) {
    }

    private void traffic() {
        int n = rnd.nextInt(8, 20);
        List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble();
            // Spread depths so that some objects are tiny (near the horizon) and some fill the frame.
            double yb = horizon + 2 + (height - 1 - horizon - 2) * Math.pow(rnd.nextDouble(), 1.3) * 0.95;
            String kind;
            double x;
            if (u < 0.45) {
                kind = rnd.nextDouble() < 0.85 ? "car" : (rnd.nextBoolean() ? "truck" : "bus");
                x = uniform(roadLeftAt(yb), roadRightAt(yb));
            } else if (u < 0.8) {
                kind = "person";
                x = rnd.nextBoolean() ? uniform(0, roadLeftAt(yb)) : uniform(roadRightAt(yb), width);
            } else {
                kind = rnd.nextDouble() < 0.75 ? "bicycle" : "motorcycle";
                x = uniform(roadLeftAt(yb), roadRightAt(yb));
            }
            placed.add(new Placed(kind, x, yb));
        }
        placed.sort(Comparator.comparingDouble(Placed::yBottom));
        for (Placed p : placed) {
            double s = Math.max(0.02, scaleAt(p.yBottom()));
            switch (p.kind()) {
                case "car" -> car(p.x(), p.yBottom(), s);
                case "truck", "bus" -> box(p.kind(), p.x(), p.yBottom(), s);
                case "person" -> person("person", p.x(), p.yBottom(), height * 0.5 * s);
                default -> ridden(p.kind(), p.x(), p.yBottom(), s);
            }
        }
    }

    private void car(double cx, double yb, double s) {
        double w = width * 0.3 * s + 2;
        double h = w * uniform(0.4, 0.55);
        double x0 = cx - w / 2;
        double belt = yb - h * 0.55;
        add("car", x0, yb, x0 + w, yb, x0 + w, belt, x0 + w * 0.8, yb - h, x0 + w * 0.2, yb - h, x0, belt);
        if (s > 0.45 && rnd.nextDouble() < 0.7) {
            double pw = w * 0.18;
            double ph = Math.max(1, h * 0.08);
            double py = yb - h * 0.2;
            add("license plate", cx - pw / 2, py, cx + pw / 2, py, cx + pw / 2, py + ph, cx - pw / 2, py + ph);
        }
    }

    private void box(String kind, double cx, double yb, double s) {
        double w = width * (kind.equals("bus") ? 0.4 : 0.35) * s + 2;
        double h = w * uniform(0.7, 0.9);
        double x0 = cx - w / 2;
        add(kind, x0, yb, x0 + w, yb, x0 + w, yb - h, x0, yb - h);
    }

    private void person(String label, double cx, double yb, double h) {
        h = Math.max(3, h);
        double w = h * 0.32;
        double head = h * 0.15;
        add(label, cx - w * 0.35, yb, cx + w * 0.35, yb, cx + w * 0.5, yb - h * 0.55, cx + w * 0.3, yb - h + head,
                cx + w * 0.2, yb - h, cx - w * 0.2, yb - h, cx - w * 0.3, yb - h + head, cx - w * 0.5, yb - h * 0.55);
    }

    private void ridden(String vehicle, double cx, double yb, double s) {
        double w = width * 0.1 * s + 2;
        double h = w * 0.6;
        add(vehicle, cx - w / 2, yb, cx + w / 2, yb, cx + w / 2, yb - h * 0.6, cx + w * 0.1, yb - h, cx - w / 2, yb - h * 0.6);
        person("rider", cx, yb - h * 0.5, height * 0.28 * s);
    }

    private void voidRegions() {
        if (rnd.nextDouble() < 0.3) {
            double x = width * uniform(0, 0.9);
            double y = horizon + (height - horizon) * uniform(0.2, 0.6);
            double r = width * uniform(0.01, 0.03);
            objects.add(blob(rnd.nextBoolean() ? "static" : "dynamic", x, y, r, r * 0.7, 7));
        }
        // The ego vehicle's hood and the rectification border at the bottom corners, as in real frames.
        double hood = height * uniform(0.05, 0.1);
        add("ego vehicle", 0, height - 1, width - 1, height - 1, width - 1, height - hood * 0.6, width * 0.7, height - hood,
                width * 0.3, height - hood, 0, height - hood * 0.6);
        double b = Math.max(2, width * 0.02);
        add("rectification border", 0, height - 1 - b * 2, b, height - 1, 0, height - 1);
        add("rectification border", width - 1, height - 1 - b * 2, width - 1, height - 1, width - 1 - b, height - 1);
    }

    /** An irregular round outline. */
    private PolygonObject blob(String label, double cx, double cy, double rx, double ry, int vertices) {
        double[] xy = new double[vertices * 2];
        for (int i = 0; i < vertices; i++) {
            double a = 2 * Math.PI * i / vertices;
            double jitter = uniform(0.8, 1.15);
            xy[2 * i] = cx + Math.cos(a) * rx * jitter;
            xy[2 * i + 1] = cy + Math.sin(a) * ry * jitter;
        }
        return polygon(label, xy);
    }

    private void add(String label, double... xy) {
        objects.add(polygon(label, xy));
    }

    private PolygonObject polygon(String label, double... xy) {
        List<Point> pts = new ArrayList<>(xy.length / 2);
        for (int i = 0; i < xy.length; i += 2) {
            pts.add(new Point((int) Math.round(xy[i]), (int) Math.round(xy[i + 1])));
        }
        return new PolygonObject(label, pts, false);
    }

    private double uniform(double lo, double hi) {
        return lo >= hi ? lo : lo + (hi - lo) * rnd.nextDouble();
    }
}
