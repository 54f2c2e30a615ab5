package org.segpipe.core.metrics.coco;

import java.util.ArrayList;
import java.util.List;
import org.segpipe.core.cityscapes.Label;
import org.segpipe.core.metrics.NumpyMath;
import org.segpipe.core.metrics.instance.CityscapesProtocol;

/**
 * Accumulation and {@code summarize} of COCOeval: each mean takes the valid entries (&gt; -1) of
 * the precision or recall array in numpy's C order (threshold, recall point, category) and adds
 * them with numpy's pairwise summation.
 */
public final class CocoMetrics {

    private CocoMetrics() {
    }

    /** Sorts each category's detections and accumulates them (local evaluation). */
    public static CocoResult compute(CocoCounts counts) {
        List<CocoCategoryResult> perCategory = new ArrayList<>();
        for (int k = 0; k < CityscapesProtocol.classCount(); k++) {
            final int cat = k;
            CocoAccumulator acc = new CocoAccumulator(k, counts.npig()[k]);
            counts.detections().stream().filter(d -> d.categoryIndex() == cat).sorted(CocoDetection.ACCUMULATION_ORDER)
                    .forEach(acc::accept);
            perCategory.add(acc.finish());
        }
        return summarize(perCategory);
    }

    /** The summary numbers from accumulated categories (in category order), however accumulated. */
    public static CocoResult summarize(List<CocoCategoryResult> cats) {
        int T = CocoParams.thresholdCount();
        int all = CocoParams.AREA_ALL;
        int m100 = CocoParams.MAX_DET_100;
        List<CocoResult.ClassCoco> classes = new ArrayList<>();
        List<Label> labels = CityscapesProtocol.classes();
        for (CocoCategoryResult c : cats) {
            long[] tp = new long[T];
            long[] fp = new long[T];
            long[] fn = new long[T];
            for (int t = 0; t < T; t++) {
                tp[t] = c.tp()[all][m100][t];
                fp[t] = c.fp()[all][m100][t];
                fn[t] = c.npig()[all] - tp[t];
            }
            Label l = labels.get(c.categoryIndex());
            classes.add(new CocoResult.ClassCoco(l.id(), l.name(), precisionMean(List.of(c), -1, all, m100),
                    precisionMean(List.of(c), 0, all, m100), precisionMean(List.of(c), 5, all, m100),
                    recallMean(List.of(c), all, m100), tp, fp, fn, c.npig()[all]));
        }
        return new CocoResult(precisionMean(cats, -1, all, m100), precisionMean(cats, CocoParams.thresholdIndex(0.5), all, m100),
                precisionMean(cats, CocoParams.thresholdIndex(0.75), all, m100), precisionMean(cats, -1, 1, m100),
                precisionMean(cats, -1, 2, m100), precisionMean(cats, -1, 3, m100), recallMean(cats, all, 0),
                recallMean(cats, all, 1), recallMean(cats, all, m100), recallMean(cats, 1, m100), recallMean(cats, 2, m100),
                recallMean(cats, 3, m100), List.copyOf(classes), List.copyOf(cats));
    }

    /** Mean of precision[t][r][k] &gt; -1 for one threshold (t &gt;= 0) or all (t = -1). */
    static double precisionMean(List<CocoCategoryResult> cats, int onlyT, int a, int m) {
        List<Double> values = new ArrayList<>();
        for (int t = 0; t < CocoParams.thresholdCount(); t++) {
            if (onlyT >= 0 && t != onlyT) {
                continue;
            }
            for (int r = 0; r < CocoParams.recallCount(); r++) {
                for (CocoCategoryResult c : cats) {
                    double v = c.precision()[a][m][t][r];
                    if (v > -1) {
                        values.add(v);
                    }
                }
            }
        }
        return NumpyMath.mean(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Mean of recall[t][k] &gt; -1. */
    static double recallMean(List<CocoCategoryResult> cats, int a, int m) {
        List<Double> values = new ArrayList<>();
        for (int t = 0; t < CocoParams.thresholdCount(); t++) {
            for (CocoCategoryResult c : cats) {
                double v = c.recall()[a][m][t];
                if (v > -1) {
                    values.add(v);
                }
            }
        }
        return NumpyMath.mean(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
