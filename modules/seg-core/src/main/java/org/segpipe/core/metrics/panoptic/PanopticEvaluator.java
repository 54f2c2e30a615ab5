package org.segpipe.core.metrics.panoptic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.InstanceIds;
import org.segpipe.core.cityscapes.Label;
import org.segpipe.core.metrics.instance.InstanceGroundTruth;

/**
 * Per-image panoptic counting ({@code pq_compute_single_core}). The (ground truth, prediction)
 * segment pairs are counted in one pass over the pixels, run by run, into a hash table of pairs.
 *
 * <p>Where the official script raises an error, the image is still evaluated and the problem is
 * reported: a segment id in the PNG but not in {@code segments_info}, a listed segment with no
 * pixels, or a category that is not evaluated; such segments are dropped (their pixels then belong
 * to no predicted segment).
 */
public final class PanopticEvaluator {

    /** Void: segment id 0 in both ground truth and prediction. */
    public static final long VOID = 0;

    /**
     * One image's result.
     *
     * @param counts   per-category counts
     * @param problems what was wrong with the prediction (empty when nothing)
     */
    public record ImageResult(PanopticCounts counts, List<String> problems) {
    }

    private PanopticEvaluator() {
    }

    /** Ground-truth segment id per instance value: the value itself, or void for ignored or unknown classes. */
    private static final int[] GT_SEGMENT = new int[65536];

    static {
        for (int v = 0; v < 65536; v++) {
            int labelId = InstanceIds.labelId(v);
            boolean valid = CityscapesLabels.isKnownId(labelId) && !CityscapesLabels.byId(labelId).ignoreInEval();
            GT_SEGMENT[v] = valid ? v : (int) VOID;
        }
    }

    /**
     * @param gt       ground truth (validated instance ids)
     * @param predIds  predicted segment id per pixel (R + 256 G + 65536 B), same size
     * @param segments the prediction's {@code segments_info}
     */
    public static ImageResult evaluate(InstanceGroundTruth gt, int[] predIds, List<PanopticSegment> segments) {
        short[] g = gt.map().values();
        if (predIds.length != g.length) {
            throw new IllegalArgumentException("prediction has " + predIds.length + " pixels but the ground truth "
                    + gt.width() + "x" + gt.height());
        }
        LongCounter pairs = new LongCounter(1024);
        long runKey = -1;
        long runLength = 0;
        for (int i = 0; i < g.length; i++) {
            long key = ((long) GT_SEGMENT[g[i] & 0xFFFF] << 24) | (predIds[i] & 0xFFFFFFL);
            if (key != runKey) {
                if (runLength > 0) {
                    pairs.add(runKey, runLength);
                }
                runKey = key;
                runLength = 0;
            }
            runLength++;
        }
        if (runLength > 0) {
            pairs.add(runKey, runLength);
        }
        return count(pairs, segments);
    }

    private static ImageResult count(LongCounter pairs, List<PanopticSegment> segments) {
        List<String> problems = new ArrayList<>();
        Map<Long, Long> gtArea = new LinkedHashMap<>();
        Map<Long, Long> predArea = new LinkedHashMap<>();
        long[] keys = pairs.keys();
        Arrays.sort(keys);
        for (long k : keys) {
            long c = pairs.get(k);
            gtArea.merge(k >>> 24, c, Long::sum);
            predArea.merge(k & 0xFFFFFFL, c, Long::sum);
        }
        Map<Long, Long> category = new LinkedHashMap<>();
        for (PanopticSegment s : segments) {
            if (PanopticCategories.index(s.categoryId()) < 0) {
                problems.add("segment " + s.id() + " has category_id " + s.categoryId()
                        + ", which is not an evaluated category (expected one of the 19 evaluated label ids)");
                continue;
            }
            if (s.id() == VOID) {
                problems.add("segment id 0 is void and cannot be listed in segments_info");
                continue;
            }
            if (category.put(s.id(), s.categoryId()) != null) {
                problems.add("segment " + s.id() + " is listed twice in segments_info; the last entry is used");
            }
        }
        List<Long> inPngOnly = new ArrayList<>();
        for (long id : predArea.keySet()) {
            if (id != VOID && !category.containsKey(id)) {
                boolean listedWithBadCategory = segments.stream().anyMatch(s -> s.id() == id);
                if (!listedWithBadCategory) {
                    inPngOnly.add(id);
                }
            }
        }
        if (!inPngOnly.isEmpty()) {
            problems.add("segment ids " + inPngOnly + " are in the PNG but not in segments_info; their pixels count as unassigned");
        }
        List<Long> inJsonOnly = new ArrayList<>();
        for (long id : new ArrayList<>(category.keySet())) {
            if (!predArea.containsKey(id)) {
                inJsonOnly.add(id);
                category.remove(id);
            }
        }
        if (!inJsonOnly.isEmpty()) {
            problems.add("segment ids " + inJsonOnly + " are in segments_info but have no pixels in the PNG");
        }

        PanopticCounts counts = PanopticCounts.zero();
        java.util.Set<Long> gtMatched = new java.util.HashSet<>();
        java.util.Set<Long> predMatched = new java.util.HashSet<>();
        for (long k : keys) {
            long gtId = k >>> 24;
            long predId = k & 0xFFFFFFL;
            if (gtId == VOID || !category.containsKey(predId)) {
                continue;
            }
            Label gtLabel = CityscapesLabels.byId(InstanceIds.labelId((int) gtId));
            if (isCrowd((int) gtId) || gtLabel.id() != category.get(predId)) {
                continue;
            }
            long intersection = pairs.get(k);
            long union = predArea.get(predId) + gtArea.get(gtId) - intersection - pairs.get(VOID << 24 | predId);
            double iou = (double) intersection / (double) union;
            if (iou > 0.5) {
                int c = PanopticCategories.index(gtLabel.id());
                counts.tp()[c]++;
                counts.iou()[c] = counts.iou()[c].plus(iou);
                gtMatched.add(gtId);
                predMatched.add(predId);
            }
        }
        Map<Long, Long> crowdByCategory = new LinkedHashMap<>();
        for (long gtId : gtArea.keySet()) {
            if (gtId == VOID || gtMatched.contains(gtId)) {
                continue;
            }
            long cat = InstanceIds.labelId((int) gtId);
            if (isCrowd((int) gtId)) {
                crowdByCategory.put(cat, gtId);
                continue;
            }
            counts.fn()[PanopticCategories.index(cat)]++;
        }
        for (Map.Entry<Long, Long> e : category.entrySet()) {
            long predId = e.getKey();
            if (predMatched.contains(predId)) {
                continue;
            }
            long intersection = pairs.get(VOID << 24 | predId);
            Long crowd = crowdByCategory.get(e.getValue());
            if (crowd != null) {
                intersection += pairs.get(crowd << 24 | predId);
            }
            if ((double) intersection / predArea.get(predId) > 0.5) {
                continue;
            }
            counts.fp()[PanopticCategories.index(e.getValue())]++;
        }
        return new ImageResult(counts, List.copyOf(problems));
    }

    /** Ground-truth values below 1000 of classes with instances are crowd regions (groups). */
    static boolean isCrowd(int gtValue) {
        return gtValue < InstanceIds.MAX_INSTANCES_PER_CLASS && CityscapesLabels.byId(gtValue).hasInstances();
    }

    /** An open-addressing map from non-negative long keys to counts. */
    static final class LongCounter {
        private long[] keys;
        private long[] values;
        private int size;

        LongCounter(int capacity) {
            int c = Integer.highestOneBit(Math.max(16, capacity) * 2);
            keys = new long[c];
            values = new long[c];
            Arrays.fill(keys, -1);
        }

        void add(long key, long count) {
            if (size * 2 >= keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            int i = (int) (mix(key) & mask);
            while (keys[i] != -1 && keys[i] != key) {
                i = (i + 1) & mask;
            }
            if (keys[i] == -1) {
                keys[i] = key;
                size++;
            }
            values[i] += count;
        }

        long get(long key) {
            int mask = keys.length - 1;
            int i = (int) (mix(key) & mask);
            while (keys[i] != -1) {
                if (keys[i] == key) {
                    return values[i];
                }
                i = (i + 1) & mask;
            }
            return 0;
        }

        long[] keys() {
            long[] out = new long[size];
            int j = 0;
            for (long k : keys) {
                if (k != -1) {
                    out[j++] = k;
                }
            }
            return out;
        }

        private void grow() {
            long[] oldKeys = keys;
            long[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new long[oldKeys.length * 2];
            Arrays.fill(keys, -1);
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != -1) {
                    add(oldKeys[i], oldValues[i]);
                }
            }
        }

        private static long mix(long x) {
            x ^= x >>> 33;
            x *= 0xff51afd7ed558ccdL;
            x ^= x >>> 33;
            return x;
        }
    }
}
