package org.segpipe.core.metrics.semantic;

import java.util.ArrayList;
import java.util.List;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.Label;

/**
 * The formulas of the pixel-level protocol over merged {@link SemanticCounts}, as
 * {@code getIouScoreForLabel}, {@code getInstanceIouScoreForLabel}, {@code getIouScoreForCategory},
 * {@code getInstanceIouScoreForCategory} and {@code getScoreAverage} compute them. Means add the
 * defined scores in label-id (or category) order, left to right, as the official script does.
 */
public final class SemanticMetrics {

    private static final int N = SemanticCounts.N;

    private SemanticMetrics() {
    }

    public static SemanticResult compute(SemanticCounts c) {
        double[] iouById = new double[N];
        double[] iiouById = new double[N];
        List<SemanticResult.ClassScore> classes = new ArrayList<>();
        long evaluatedPixels = 0;
        long correct = 0;
        for (int id = 0; id < N; id++) {
            evaluatedPixels += SemanticProtocol.ignored(id) ? 0 : rowSum(c, id);
        }
        double accSum = 0;
        int accN = 0;
        double fw = 0;
        for (int id = 0; id < N; id++) {
            Label label = CityscapesLabels.byId(id);
            iouById[id] = iou(c, id);
            iiouById[id] = iiou(c, id);
            if (label.ignoreInEval()) {
                continue;
            }
            long tp = c.cell(id, id);
            long row = rowSum(c, id);
            long fn = row - tp;
            long fp = falsePositives(c, id);
            correct += tp;
            double accuracy = row == 0 ? Double.NaN : (double) tp / row;
            if (!Double.isNaN(accuracy)) {
                accSum += accuracy;
                accN++;
                fw += ((double) row / evaluatedPixels) * iouById[id];
            }
            long diceDenominator = 2 * tp + fp + fn;
            classes.add(new SemanticResult.ClassScore(id, label.name(), tp, fp, fn, iouById[id], iiouById[id],
                    diceDenominator == 0 ? Double.NaN : (double) (2 * tp) / diceDenominator,
                    tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp), accuracy));
        }
        List<SemanticResult.CategoryScore> categories = new ArrayList<>();
        List<SemanticProtocol.Category> cats = SemanticProtocol.categories();
        double[] catIou = new double[cats.size()];
        double[] catIiou = new double[cats.size()];
        for (int k = 0; k < cats.size(); k++) {
            catIou[k] = categoryIou(c, k);
            catIiou[k] = categoryIiou(c, k);
            categories.add(new SemanticResult.CategoryScore(cats.get(k).name(), catIou[k], catIiou[k]));
        }
        return new SemanticResult(List.copyOf(classes), List.copyOf(categories), scoreAverage(iouById),
                scoreAverage(iiouById), scoreAverage(catIou), scoreAverage(catIiou),
                evaluatedPixels == 0 ? Double.NaN : (double) correct / evaluatedPixels,
                accN == 0 ? Double.NaN : accSum / accN, accN == 0 ? Double.NaN : fw, evaluatedPixels);
    }

    /** {@code getScoreAverage}: the mean of the non-NaN scores, added in order; NaN if none. */
    public static double scoreAverage(double[] scores) {
        int valid = 0;
        double sum = 0.0;
        for (double s : scores) {
            if (!Double.isNaN(s)) {
                valid++;
                sum += s;
            }
        }
        return valid == 0 ? Double.NaN : sum / valid;
    }

    static long rowSum(SemanticCounts c, int gtId) {
        long s = 0;
        for (int p = 0; p < N; p++) {
            s += c.cell(gtId, p);
        }
        return s;
    }

    /** Column sum of {@code predId} over rows of evaluated classes other than itself. */
    static long falsePositives(SemanticCounts c, int predId) {
        long fp = 0;
        for (int g = 0; g < N; g++) {
            if (g != predId && !SemanticProtocol.ignored(g)) {
                fp += c.cell(g, predId);
            }
        }
        return fp;
    }

    static double iou(SemanticCounts c, int id) {
        if (SemanticProtocol.ignored(id)) {
            return Double.NaN;
        }
        long tp = c.cell(id, id);
        long fn = rowSum(c, id) - tp;
        long fp = falsePositives(c, id);
        long denom = tp + fp + fn;
        return denom == 0 ? Double.NaN : (double) tp / denom;
    }

    static double iiou(SemanticCounts c, int id) {
        if (SemanticProtocol.ignored(id) || !SemanticProtocol.hasInstanceScore(id)) {
            return Double.NaN;
        }
        double tp = c.instTpWeighted()[id].value();
        double fn = c.instFnWeighted()[id].value();
        long fp = falsePositives(c, id);
        double denom = tp + fp + fn;
        return denom == 0 ? Double.NaN : tp / denom;
    }

    private static boolean inCategory(int labelId, String category) {
        return CityscapesLabels.byId(labelId).category().equals(category);
    }

    static double categoryIou(SemanticCounts c, int k) {
        SemanticProtocol.Category cat = SemanticProtocol.categories().get(k);
        List<Integer> ids = new ArrayList<>();
        for (int id : cat.labelIds()) {
            if (!SemanticProtocol.ignored(id)) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            return Double.NaN;
        }
        long tp = 0;
        long rows = 0;
        for (int g : ids) {
            rows += rowSum(c, g);
            for (int p : ids) {
                tp += c.cell(g, p);
            }
        }
        long fn = rows - tp;
        long fp = categoryFalsePositives(c, cat.name(), ids);
        long denom = tp + fp + fn;
        return denom == 0 ? Double.NaN : (double) tp / denom;
    }

    static double categoryIiou(SemanticCounts c, int k) {
        SemanticProtocol.Category cat = SemanticProtocol.categories().get(k);
        if (!cat.instanceLevel()) {
            return Double.NaN;
        }
        // As the official script: the FP columns are all label ids of the category, ignored ones included.
        List<Integer> ids = new ArrayList<>();
        for (int id : cat.labelIds()) {
            ids.add(id);
        }
        double tp = c.catTpWeighted()[k].value();
        double fn = c.catFnWeighted()[k].value();
        long fp = categoryFalsePositives(c, cat.name(), ids);
        double denom = tp + fp + fn;
        return denom == 0 ? Double.NaN : tp / denom;
    }

    private static long categoryFalsePositives(SemanticCounts c, String category, List<Integer> columns) {
        long fp = 0;
        for (int g = 0; g < N; g++) {
            if (SemanticProtocol.ignored(g) || inCategory(g, category)) {
                continue;
            }
            for (int p : columns) {
                fp += c.cell(g, p);
            }
        }
        return fp;
    }
}
