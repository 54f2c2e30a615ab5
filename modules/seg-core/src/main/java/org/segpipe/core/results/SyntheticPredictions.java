package org.segpipe.core.results;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.Label;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.image.InstanceRegion;
import org.segpipe.core.metrics.instance.BinaryMask;
import org.segpipe.core.metrics.panoptic.PanopticSegment;

/**
 * Plausible, imperfect predictions for a ground-truth frame, for tests and benchmarks: the ground
 * truth perturbed by a seeded random source (same seed and frame, same predictions). Semantic:
 * void predicted as road, a few rectangles of wrong classes, a one-pixel shift in places.
 * Instances: most instances found with a shifted mask and a score with two decimals (so ties
 * occur), some with the wrong class, some duplicates, some group regions, a few false positives.
 * Panoptic: the semantic prediction's stuff plus the instance masks, higher scores on top.
 */
public record SyntheticPredictions(ClassMask semantic, List<Instance> instances, int[] panopticIds,
                                   List<PanopticSegment> panopticSegments) {

    /** One predicted instance. */
    public record Instance(BinaryMask mask, int labelId, double score) {
    }

    private static final int[] STUFF = {7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23};
    private static final int[] THINGS = {24, 25, 26, 27, 28, 31, 32, 33};

    public static SyntheticPredictions create(long seed, SampleKey key, ClassMask gtLabels, InstanceMask gtInstances) {
        SplittableRandom rnd = new SplittableRandom(seed ^ fnv(key.toString()));
        int w = gtLabels.width();
        int h = gtLabels.height();
        byte[] sem = semantic(rnd, gtLabels);
        List<Instance> instances = instances(rnd, gtInstances);
        int[] ids = new int[w * h];
        for (int i = 0; i < ids.length; i++) {
            int v = sem[i] & 0xFF;
            Label l = CityscapesLabels.isKnownId(v) ? CityscapesLabels.byId(v) : null;
            ids[i] = l != null && !l.ignoreInEval() && !l.hasInstances() ? v : 0;
        }
        List<Instance> byScore = new ArrayList<>(instances);
        byScore.sort((a, b) -> Double.compare(a.score(), b.score()));
        int[] segmentLabel = new int[byScore.size()];
        for (int i = 0; i < byScore.size(); i++) {
            Instance in = byScore.get(i);
            if (isThing(in.labelId())) {
                int id = 1000 + i;
                segmentLabel[i] = in.labelId();
                BinaryMask m = in.mask();
                for (int r = 0; r < m.runs(); r++) {
                    java.util.Arrays.fill(ids, m.starts()[r], m.starts()[r] + m.lengths()[r], id);
                }
            }
        }
        boolean[] present = new boolean[1000 + byScore.size()];
        for (int id : ids) {
            present[id] = true;
        }
        List<PanopticSegment> segments = new ArrayList<>();
        for (int id = 1; id < present.length; id++) {
            if (present[id]) {
                segments.add(new PanopticSegment(id, id < 1000 ? id : segmentLabel[id - 1000]));
            }
        }
        return new SyntheticPredictions(new ClassMask(w, h, sem, ClassEncoding.LABEL_IDS), List.copyOf(instances), ids,
                List.copyOf(segments));
    }

    private static boolean isThing(int labelId) {
        for (int t : THINGS) {
            if (t == labelId) {
                return true;
            }
        }
        return false;
    }

    private static byte[] semantic(SplittableRandom rnd, ClassMask gt) {
        int w = gt.width();
        int h = gt.height();
        byte[] out = new byte[w * h];
        int shift = rnd.nextInt(3) - 1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = Math.min(w - 1, Math.max(0, x + (y % 7 == 0 ? shift : 0)));
                int v = gt.at(sx, y);
                out[y * w + x] = (byte) (CityscapesLabels.byId(v).ignoreInEval() ? 7 : v);
            }
        }
        int boxes = 2 + rnd.nextInt(4);
        for (int b = 0; b < boxes; b++) {
            int bw = 1 + rnd.nextInt(Math.max(1, w / 5));
            int bh = 1 + rnd.nextInt(Math.max(1, h / 5));
            int x0 = rnd.nextInt(w - bw + 1);
            int y0 = rnd.nextInt(h - bh + 1);
            int[] pool = rnd.nextBoolean() ? STUFF : THINGS;
            byte v = (byte) pool[rnd.nextInt(pool.length)];
            for (int y = y0; y < y0 + bh; y++) {
                java.util.Arrays.fill(out, y * w + x0, y * w + x0 + bw, v);
            }
        }
        return out;
    }

    private static List<Instance> instances(SplittableRandom rnd, InstanceMask gt) {
        int w = gt.width();
        int h = gt.height();
        List<Instance> out = new ArrayList<>();
        for (InstanceRegion r : gt.regions()) {
            Label label = CityscapesLabels.byId(r.labelId());
            if (!label.hasInstances()) {
                continue;
            }
            boolean group = !r.isInstance();
            if (rnd.nextDouble() >= (group ? 0.4 : 0.85)) {
                continue;
            }
            int dx = rnd.nextInt(5) - 2;
            int dy = rnd.nextInt(3) - 1;
            BinaryMask m = shifted(gt, r.value(), dx, dy);
            if (m.isEmpty()) {
                continue;
            }
            int labelId = rnd.nextDouble() < 0.92 ? label.id() : THINGS[rnd.nextInt(THINGS.length)];
            double score = Math.round(rnd.nextDouble() * 100) / 100.0;
            out.add(new Instance(m, labelId, score));
            if (rnd.nextDouble() < 0.1) {
                out.add(new Instance(shifted(gt, r.value(), -dx, 1 - dy), labelId, Math.round(rnd.nextDouble() * 50) / 100.0));
            }
        }
        int fps = 1 + rnd.nextInt(3);
        for (int i = 0; i < fps; i++) {
            int bw = 2 + rnd.nextInt(Math.max(1, w / 8));
            int bh = 2 + rnd.nextInt(Math.max(1, h / 8));
            int x0 = rnd.nextInt(Math.max(1, w - bw));
            int y0 = rnd.nextInt(Math.max(1, h - bh));
            boolean[] set = new boolean[w * h];
            for (int y = y0; y < Math.min(h, y0 + bh); y++) {
                for (int x = x0; x < Math.min(w, x0 + bw); x++) {
                    set[y * w + x] = true;
                }
            }
            out.add(new Instance(BinaryMask.of(set, w, h), THINGS[rnd.nextInt(THINGS.length)],
                    Math.round(rnd.nextDouble() * 60) / 100.0));
        }
        return out;
    }

    /** The pixels of one value, moved by (dx, dy), clipped to the image. */
    private static BinaryMask shifted(InstanceMask gt, int value, int dx, int dy) {
        int w = gt.width();
        int h = gt.height();
        byte[] b = new byte[w * h];
        short[] v = gt.values();
        for (int y = 0; y < h; y++) {
            int ty = y + dy;
            if (ty < 0 || ty >= h) {
                continue;
            }
            for (int x = 0; x < w; x++) {
                int tx = x + dx;
                if (tx >= 0 && tx < w && (v[y * w + x] & 0xFFFF) == value) {
                    b[ty * w + tx] = 1;
                }
            }
        }
        return BinaryMask.fromNonZero(b, w, h);
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
