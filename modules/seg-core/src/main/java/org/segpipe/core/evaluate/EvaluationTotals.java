package org.segpipe.core.evaluate;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.segpipe.core.metrics.coco.CocoCounts;
import org.segpipe.core.metrics.coco.CocoParams;
import org.segpipe.core.metrics.instance.CityscapesProtocol;
import org.segpipe.core.metrics.panoptic.PanopticCounts;
import org.segpipe.core.metrics.semantic.SemanticCounts;
import org.segpipe.core.results.EvalProblem;

/**
 * The small, mergeable totals of a run: their size never depends on the number of images, so a
 * cluster can merge them on the driver. The score-sorted parts of AP are not here (see
 * {@link LocalEvaluator} and the Spark job).
 *
 * @param images           ground-truth images seen
 * @param evaluated        images whose ground truth was usable
 * @param instancePredictions predictions used by the instance protocols
 * @param semantic         pixel-level counts
 * @param csTp             Cityscapes [class][overlap] true entries (matched instances)
 * @param csFp             Cityscapes [class][overlap] false entries (false positives)
 * @param hardFn           Cityscapes [class][overlap] ground-truth instances without a match
 * @param gtInstances      Cityscapes [class] evaluated ground-truth instances
 * @param predictions      Cityscapes [class] non-empty predictions
 * @param npig             COCO [category][area range] non-ignored ground-truth objects
 * @param panoptic         panoptic counts
 * @param problems         problems by kind
 * @param fingerprint      sum of the per-image input fingerprints, modulo 2^64
 */
public record EvaluationTotals(long images, long evaluated, long instancePredictions, SemanticCounts semantic,
                               long[][] csTp, long[][] csFp, long[][] hardFn, long[] gtInstances, long[] predictions, long[][] npig,
                               PanopticCounts panoptic, TreeMap<String, Long> problems, long fingerprint)
        implements Serializable {

    public static EvaluationTotals zero() {
        int c = CityscapesProtocol.classCount();
        int t = CityscapesProtocol.thresholdCount();
        return new EvaluationTotals(0, 0, 0, SemanticCounts.zero(), new long[c][t], new long[c][t], new long[c][t],
                new long[c], new long[c], new long[c][CocoParams.AREA_RNG.length], PanopticCounts.zero(), new TreeMap<>(), 0);
    }

    public static EvaluationTotals of(ImageEvaluation e) {
        EvaluationTotals z = zero();
        TreeMap<String, Long> problems = new TreeMap<>();
        for (EvalProblem p : e.problems()) {
            problems.merge(p.kind(), 1L, Long::sum);
        }
        long[][] csTp = z.csTp;
        long[][] csFp = z.csFp;
        long[][] hardFn = z.hardFn;
        long[] gt = z.gtInstances;
        long[] preds = z.predictions;
        if (e.cityscapes() != null) {
            hardFn = copy(e.cityscapes().hardFn());
            for (var m : e.cityscapes().matches()) {
                (m.isTrue() ? csTp : csFp)[m.classIndex()][m.thresholdIndex()]++;
            }
            gt = e.cityscapes().gtInstances().clone();
            preds = e.cityscapes().predictions().clone();
        }
        return new EvaluationTotals(1, e.evaluated() ? 1 : 0, e.instancePredictions(),
                e.semantic() == null ? z.semantic : e.semantic(), csTp, csFp, hardFn, gt, preds,
                e.coco() == null ? z.npig : copy(e.coco().npig()), e.panoptic() == null ? z.panoptic : e.panoptic(), problems,
                e.fingerprint());
    }

    public static EvaluationTotals merge(EvaluationTotals a, EvaluationTotals b) {
        TreeMap<String, Long> problems = new TreeMap<>(a.problems);
        for (Map.Entry<String, Long> en : b.problems.entrySet()) {
            problems.merge(en.getKey(), en.getValue(), Long::sum);
        }
        return new EvaluationTotals(a.images + b.images, a.evaluated + b.evaluated,
                a.instancePredictions + b.instancePredictions, SemanticCounts.merge(a.semantic, b.semantic),
                CocoCounts.addNpig(a.csTp, b.csTp), CocoCounts.addNpig(a.csFp, b.csFp), CocoCounts.addNpig(a.hardFn, b.hardFn), add(a.gtInstances, b.gtInstances), add(a.predictions, b.predictions),
                CocoCounts.addNpig(a.npig, b.npig), PanopticCounts.merge(a.panoptic, b.panoptic), problems,
                a.fingerprint + b.fingerprint);
    }

    /** Total problems. */
    public long problemCount() {
        return problems.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long[] add(long[] a, long[] b) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    private static long[][] copy(long[][] x) {
        long[][] out = new long[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
        }
        return out;
    }

    /** Value equality. */
    public boolean sameAs(EvaluationTotals o) {
        return images == o.images && evaluated == o.evaluated && instancePredictions == o.instancePredictions
                && semantic.sameAs(o.semantic) && java.util.Arrays.deepEquals(hardFn, o.hardFn)
                && java.util.Arrays.deepEquals(csTp, o.csTp) && java.util.Arrays.deepEquals(csFp, o.csFp)
                && java.util.Arrays.equals(gtInstances, o.gtInstances) && java.util.Arrays.equals(predictions, o.predictions)
                && java.util.Arrays.deepEquals(npig, o.npig) && panoptic.sameAs(o.panoptic) && problems.equals(o.problems)
                && fingerprint == o.fingerprint;
    }
}
