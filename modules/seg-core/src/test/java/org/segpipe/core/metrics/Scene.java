package org.segpipe.core.metrics;

import java.util.Arrays;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.metrics.instance.BinaryMask;
import org.segpipe.core.metrics.instance.InstanceGroundTruth;
import org.segpipe.core.metrics.instance.PredictionOverlap;
import org.segpipe.core.metrics.instance.ScoredPrediction;

/** Tiny scenes for hand-derived metric tests: instance maps and masks drawn as rectangles. */
public final class Scene {

    private final int width;
    private final int height;
    private final short[] values;

    public Scene(int width, int height, int background) {
        this.width = width;
        this.height = height;
        this.values = new short[width * height];
        Arrays.fill(values, (short) background);
    }

    /** Paints value v over columns x0..x0+w-1, rows y0..y0+h-1. */
    public Scene rect(int x0, int y0, int w, int h, int v) {
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                values[y * width + x] = (short) v;
            }
        }
        return this;
    }

    public InstanceMask instances() {
        return new InstanceMask(width, height, values.clone());
    }

    public InstanceGroundTruth groundTruth() {
        return InstanceGroundTruth.of(instances());
    }

    public ClassMask labels() {
        return instances().toLabelIds();
    }

    public static ClassMask labelMask(int width, int height, int... ids) {
        byte[] b = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            b[i] = (byte) ids[i];
        }
        return new ClassMask(width, height, b, ClassEncoding.LABEL_IDS);
    }

    /** A mask of one or more rectangles, each given as x0, y0, w, h. */
    public BinaryMask mask(int... rects) {
        boolean[] set = new boolean[width * height];
        for (int r = 0; r < rects.length; r += 4) {
            for (int y = rects[r + 1]; y < rects[r + 1] + rects[r + 3]; y++) {
                for (int x = rects[r]; x < rects[r] + rects[r + 2]; x++) {
                    set[y * width + x] = true;
                }
            }
        }
        return BinaryMask.of(set, width, height);
    }

    public ScoredPrediction prediction(int labelId, double score, int... rects) {
        return new ScoredPrediction(labelId, score, PredictionOverlap.of(mask(rects), groundTruth()), "test");
    }
}
