package org.segpipe.model.predict;

import java.util.ArrayList;
import java.util.List;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.Label;

/**
 * Instances from a semantic prediction: the 4-connected components of each evaluated class with
 * instances (person, rider, car, truck, bus, train, motorcycle, bicycle), at least
 * {@code minPixels} large, each with a confidence = the mean probability of its class over its
 * pixels. Components are numbered in raster order of their first pixel.
 */
public final class Instances {

    /**
     * One instance.
     *
     * @param labelId    Cityscapes label id (e.g. 26 for car)
     * @param confidence mean class probability over the pixels
     * @param pixels     row-major pixel indices, ascending
     */
    public record Instance(int labelId, double confidence, int[] pixels, int minX, int minY, int maxX, int maxY) {
        public int area() {
            return pixels.length;
        }
    }

    private static final boolean[] THING_TRAIN_ID = new boolean[256];

    static {
        for (Label l : CityscapesLabels.trainClasses()) {
            if (l.hasInstances() && !l.ignoreInEval()) {
                THING_TRAIN_ID[l.trainId()] = true;
            }
        }
    }

    private Instances() {
    }

    /** Whether the train id is a class with instances. */
    public static boolean isThing(int trainId) {
        return THING_TRAIN_ID[trainId & 0xFF];
    }

    public static List<Instance> extract(Predictor.Prediction p, int minPixels) {
        int w = p.width();
        int h = p.height();
        byte[] ids = p.trainIds();
        int[] component = new int[w * h];
        java.util.Arrays.fill(component, -1);
        int[] stack = new int[w * h];
        List<Instance> out = new ArrayList<>();
        int next = 0;
        for (int start = 0; start < ids.length; start++) {
            int t = ids[start] & 0xFF;
            if (component[start] >= 0 || !isThing(t)) {
                continue;
            }
            // flood fill of the component holding start
            int top = 0;
            stack[top++] = start;
            component[start] = next;
            List<Integer> members = new ArrayList<>();
            double confSum = 0;
            int minX = w;
            int minY = h;
            int maxX = -1;
            int maxY = -1;
            while (top > 0) {
                int q = stack[--top];
                members.add(q);
                confSum += p.confidence()[q];
                int x = q % w;
                int y = q / w;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                if (x > 0 && component[q - 1] < 0 && (ids[q - 1] & 0xFF) == t) {
                    component[q - 1] = next;
                    stack[top++] = q - 1;
                }
                if (x < w - 1 && component[q + 1] < 0 && (ids[q + 1] & 0xFF) == t) {
                    component[q + 1] = next;
                    stack[top++] = q + 1;
                }
                if (y > 0 && component[q - w] < 0 && (ids[q - w] & 0xFF) == t) {
                    component[q - w] = next;
                    stack[top++] = q - w;
                }
                if (y < h - 1 && component[q + w] < 0 && (ids[q + w] & 0xFF) == t) {
                    component[q + w] = next;
                    stack[top++] = q + w;
                }
            }
            next++;
            if (members.size() >= minPixels) {
                int[] px = members.stream().mapToInt(Integer::intValue).sorted().toArray();
                out.add(new Instance(CityscapesLabels.toLabelId(t), confSum / px.length, px, minX, minY, maxX, maxY));
            }
        }
        return out;
    }
}
