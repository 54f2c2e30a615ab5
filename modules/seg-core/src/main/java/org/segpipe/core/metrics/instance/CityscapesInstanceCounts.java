package org.segpipe.core.metrics.instance;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mergeable totals of the Cityscapes instance protocol: per (class, overlap) the number of true
 * and false entries per distinct score, the hard FNs, and per class the evaluated ground-truth
 * instances and predictions. Merging adds counts, so any grouping of images gives the same totals.
 *
 * <p>The score tables grow with the number of distinct scores; this in-memory form serves local
 * evaluation and tests. The Spark job does not merge them: it aggregates (class, overlap, score)
 * counts and sorts them distributed, then streams them through {@link CityscapesAp}.
 */
public record CityscapesInstanceCounts(TreeMap<Double, long[]>[][] scores, long[][] hardFn, long[] gtInstances,
                                       long[] predictions) implements Serializable {

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static CityscapesInstanceCounts zero() {
        int c = CityscapesProtocol.classCount();
        int t = CityscapesProtocol.thresholdCount();
        TreeMap<Double, long[]>[][] s = new TreeMap[c][t];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < t; j++) {
                s[i][j] = new TreeMap<>();
            }
        }
        return new CityscapesInstanceCounts(s, new long[c][t], new long[c], new long[c]);
    }

    public static CityscapesInstanceCounts of(CityscapesImageResult image) {
        CityscapesInstanceCounts out = zero();
        for (ScoredMatch m : image.matches()) {
            long[] tf = out.scores[m.classIndex()][m.thresholdIndex()].computeIfAbsent(m.score(), k -> new long[2]);
            tf[m.isTrue() ? 0 : 1]++;
        }
        for (int c = 0; c < out.hardFn.length; c++) {
            for (int t = 0; t < out.hardFn[c].length; t++) {
                out.hardFn[c][t] = image.hardFn()[c][t];
            }
            out.gtInstances[c] = image.gtInstances()[c];
            out.predictions[c] = image.predictions()[c];
        }
        return out;
    }

    public static CityscapesInstanceCounts merge(CityscapesInstanceCounts a, CityscapesInstanceCounts b) {
        CityscapesInstanceCounts out = zero();
        for (int c = 0; c < out.hardFn.length; c++) {
            for (int t = 0; t < out.hardFn[c].length; t++) {
                for (CityscapesInstanceCounts x : new CityscapesInstanceCounts[] {a, b}) {
                    for (Map.Entry<Double, long[]> e : x.scores[c][t].entrySet()) {
                        long[] tf = out.scores[c][t].computeIfAbsent(e.getKey(), k -> new long[2]);
                        tf[0] += e.getValue()[0];
                        tf[1] += e.getValue()[1];
                    }
                }
                out.hardFn[c][t] = a.hardFn[c][t] + b.hardFn[c][t];
            }
            out.gtInstances[c] = a.gtInstances[c] + b.gtInstances[c];
            out.predictions[c] = a.predictions[c] + b.predictions[c];
        }
        return out;
    }

    /** Total true entries of a (class, overlap): the TPs. */
    public long trues(int c, int t) {
        return scores[c][t].values().stream().mapToLong(v -> v[0]).sum();
    }

    /** Total false entries of a (class, overlap): the FPs. */
    public long falses(int c, int t) {
        return scores[c][t].values().stream().mapToLong(v -> v[1]).sum();
    }

    /** The (class, overlap) entries as distinct scores in ascending order. */
    public java.util.Iterator<ScoreCount> ascending(int c, int t) {
        return scores[c][t].entrySet().stream()
                .map(e -> new ScoreCount(e.getKey(), e.getValue()[0], e.getValue()[1])).iterator();
    }

    /** Value equality. */
    public boolean sameAs(CityscapesInstanceCounts o) {
        for (int c = 0; c < hardFn.length; c++) {
            if (gtInstances[c] != o.gtInstances[c] || predictions[c] != o.predictions[c]) {
                return false;
            }
            for (int t = 0; t < hardFn[c].length; t++) {
                if (hardFn[c][t] != o.hardFn[c][t] || scores[c][t].size() != o.scores[c][t].size()) {
                    return false;
                }
                for (Map.Entry<Double, long[]> e : scores[c][t].entrySet()) {
                    long[] other = o.scores[c][t].get(e.getKey());
                    if (other == null || other[0] != e.getValue()[0] || other[1] != e.getValue()[1]) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
