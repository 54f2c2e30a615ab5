package org.segpipe.core.metrics.coco;

import java.util.Arrays;

/**
 * pycocotools' {@code accumulate} for one category as a stream: detections arrive in
 * {@link CocoDetection#ACCUMULATION_ORDER}; state is a fixed set of counters per (area, maxDets,
 * threshold), so the input can be a distributed sort of any size.
 *
 * <p>Why it equals the array code: after pycocotools makes precision non-increasing from the
 * right, the precision at recall point r is the maximum precision over all detections whose
 * cumulative recall is &gt;= r; each detection therefore only raises the bucket of the highest
 * recall point it reaches, and a suffix maximum at the end gives the interpolated curve. Ignored
 * detections leave TP and FP unchanged and so add no new precision (the first of them only
 * supplies the score at recall 0, as {@code dtScoresSorted[0]} does).
 */
public final class CocoAccumulator {

    private static final int A = CocoParams.AREA_RNG.length;
    private static final int M = CocoParams.MAX_DETS.length;
    private static final int T = CocoParams.thresholdCount();
    private static final int R = CocoParams.recallCount();

    private final int categoryIndex;
    private final long[] npig;
    private final long[][][] tp = new long[A][M][T];
    private final long[][][] fp = new long[A][M][T];
    private final long[][] seen = new long[A][M];
    private final double[][][][] bucket = new double[A][M][T][R];
    private final double[][][][] scores = new double[A][M][T][R];
    private final int[][][] reached = new int[A][M][T];

    /** @param npig non-ignored ground-truth objects of the category per area range (summed over images) */
    public CocoAccumulator(int categoryIndex, long[] npig) {
        this.categoryIndex = categoryIndex;
        this.npig = npig.clone();
        for (int[][] x : reached) {
            for (int[] y : x) {
                Arrays.fill(y, -1);
            }
        }
    }

    public void accept(CocoDetection d) {
        if (d.categoryIndex() != categoryIndex) {
            throw new IllegalArgumentException("detection of category " + d.categoryIndex() + " given to the accumulator of "
                    + categoryIndex);
        }
        for (int a = 0; a < A; a++) {
            if (npig[a] == 0) {
                continue;
            }
            for (int m = 0; m < M; m++) {
                if (d.rank() >= CocoParams.MAX_DETS[m]) {
                    continue;
                }
                boolean first = seen[a][m]++ == 0;
                for (int t = 0; t < T; t++) {
                    if (first) {
                        scores[a][m][t][0] = d.score();
                        reached[a][m][t] = 0;
                    }
                    if (d.ignored(a, t)) {
                        continue;
                    }
                    if (d.matched(a, t)) {
                        tp[a][m][t]++;
                    } else {
                        fp[a][m][t]++;
                    }
                    double tps = tp[a][m][t];
                    double fps = fp[a][m][t];
                    double rc = tps / npig[a];
                    double pr = tps / (fps + tps + CocoParams.EPS);
                    int k = CocoParams.lastRecallIndexAtOrBelow(rc);
                    if (pr > bucket[a][m][t][k]) {
                        bucket[a][m][t][k] = pr;
                    }
                    for (int r = reached[a][m][t] + 1; r <= k; r++) {
                        scores[a][m][t][r] = d.score();
                    }
                    if (k > reached[a][m][t]) {
                        reached[a][m][t] = k;
                    }
                }
            }
        }
    }

    public CocoCategoryResult finish() {
        double[][][][] precision = new double[A][M][T][R];
        double[][][][] sc = new double[A][M][T][R];
        double[][][] recall = new double[A][M][T];
        for (int a = 0; a < A; a++) {
            for (int m = 0; m < M; m++) {
                for (int t = 0; t < T; t++) {
                    if (npig[a] == 0) {
                        Arrays.fill(precision[a][m][t], -1);
                        Arrays.fill(sc[a][m][t], -1);
                        recall[a][m][t] = -1;
                        continue;
                    }
                    double max = 0.0;
                    for (int r = R - 1; r >= 0; r--) {
                        max = Math.max(max, bucket[a][m][t][r]);
                        precision[a][m][t][r] = max;
                    }
                    for (int r = 0; r <= reached[a][m][t]; r++) {
                        sc[a][m][t][r] = scores[a][m][t][r];
                    }
                    recall[a][m][t] = (double) tp[a][m][t] / npig[a];
                }
            }
        }
        return new CocoCategoryResult(categoryIndex, precision, sc, recall, copy(tp), copy(fp), npig.clone());
    }

    private static long[][][] copy(long[][][] x) {
        long[][][] out = new long[x.length][][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new long[x[i].length][];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = x[i][j].clone();
            }
        }
        return out;
    }
}
