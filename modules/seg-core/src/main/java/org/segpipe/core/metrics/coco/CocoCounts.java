package org.segpipe.core.metrics.coco;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.segpipe.core.metrics.instance.CityscapesProtocol;

/**
 * Mergeable COCO totals for local evaluation and tests: all detections (which carry their image
 * and rank, so the accumulation order does not depend on merge order) and the non-ignored
 * ground-truth counts. The Spark job keeps detections in a distributed table instead and only
 * merges {@link #npig}.
 */
public record CocoCounts(List<CocoDetection> detections, long[][] npig) implements Serializable {

    public static CocoCounts zero() {
        return new CocoCounts(List.of(), new long[CityscapesProtocol.classCount()][CocoParams.AREA_RNG.length]);
    }

    public static CocoCounts of(CocoImageResult image) {
        return new CocoCounts(image.detections(), addNpig(new long[CityscapesProtocol.classCount()][CocoParams.AREA_RNG.length],
                image.npig()));
    }

    public static CocoCounts merge(CocoCounts a, CocoCounts b) {
        List<CocoDetection> all = new ArrayList<>(a.detections.size() + b.detections.size());
        all.addAll(a.detections);
        all.addAll(b.detections);
        return new CocoCounts(List.copyOf(all), addNpig(addNpig(zero().npig, a.npig), b.npig));
    }

    /** Element-wise sum into a new array. */
    public static long[][] addNpig(long[][] a, long[][] b) {
        long[][] out = new long[a.length][];
        for (int k = 0; k < a.length; k++) {
            out[k] = new long[a[k].length];
            for (int x = 0; x < a[k].length; x++) {
                out[k][x] = a[k][x] + b[k][x];
            }
        }
        return out;
    }
}
