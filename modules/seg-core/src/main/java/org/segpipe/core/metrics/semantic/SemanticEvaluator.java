package org.segpipe.core.metrics.semantic;

import java.util.ArrayList;
import java.util.List;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.InstanceIds;
import org.segpipe.core.cityscapes.Label;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;

/**
 * Per-image counting of the pixel-level protocol: one pass for the confusion matrix and one over
 * the instance pixels for the instance-weighted TP/FN, each a flat array increment per pixel.
 */
public final class SemanticEvaluator {

    /** Instance values are {@code labelId * 1000 + k}; the official script takes values above 1000. */
    private static final int FIRST_INSTANCE_VALUE = 1001;

    /** [labelId][predicted value]: whether the prediction lies in the label's instance-level category. */
    private static final boolean[][] IN_CATEGORY = new boolean[SemanticCounts.N][256];
    /** Label id of every instance value ({@code v / 1000}), as a table: one load instead of a division per pixel. */
    private static final byte[] LABEL_OF = new byte[65536];
    /** Category index of an instance-level category per label id, else -1. */
    private static final int[] CATEGORY_OF = new int[SemanticCounts.N];

    static {
        for (int v = 0; v < 65536; v++) {
            LABEL_OF[v] = (byte) Math.min(255, v / InstanceIds.MAX_INSTANCES_PER_CLASS);
        }
        java.util.Arrays.fill(CATEGORY_OF, -1);
        List<SemanticProtocol.Category> cats = SemanticProtocol.categories();
        for (int c = 0; c < cats.size(); c++) {
            SemanticProtocol.Category cat = cats.get(c);
            if (!cat.instanceLevel()) {
                continue;
            }
            for (int id : cat.labelIds()) {
                CATEGORY_OF[id] = c;
                for (int member : cat.labelIds()) {
                    IN_CATEGORY[id][member] = true;
                }
            }
        }
    }

    /**
     * One image's counts.
     *
     * @param counts             the counts
     * @param unknownPredictedIds predicted values outside 0..33, counted as 0 (unlabeled)
     * @param unknownPredictedPx  pixels carrying them
     */
    public record ImageCounts(SemanticCounts counts, int[] unknownPredictedIds, long unknownPredictedPx) {
    }

    private SemanticEvaluator() {
    }

    /**
     * Counts one image.
     *
     * @param gt          ground-truth label ids
     * @param gtInstances ground-truth instance ids, or null (then iIoU counts stay zero)
     * @param prediction  predicted label ids, same size
     * @throws IllegalArgumentException when sizes differ, the prediction is not in label ids, or the
     *         ground truth holds ids outside the label table (the message names what was found)
     */
    public static ImageCounts count(ClassMask gt, InstanceMask gtInstances, ClassMask prediction) {
        if (gt.width() != prediction.width() || gt.height() != prediction.height()) {
            throw new IllegalArgumentException("prediction is " + prediction.width() + "x" + prediction.height()
                    + " but the ground truth is " + gt.width() + "x" + gt.height());
        }
        if (prediction.encoding() != ClassEncoding.LABEL_IDS || gt.encoding() != ClassEncoding.LABEL_IDS) {
            throw new IllegalArgumentException("expected label ids, found " + prediction.encoding());
        }
        if (gtInstances != null && (gtInstances.width() != gt.width() || gtInstances.height() != gt.height())) {
            throw new IllegalArgumentException("ground-truth instanceIds are " + gtInstances.width() + "x"
                    + gtInstances.height() + " but labelIds are " + gt.width() + "x" + gt.height());
        }
        byte[] g = gt.values();
        byte[] p = prediction.values();
        int[] joint = new int[256 * 256];
        for (int i = 0; i < g.length; i++) {
            joint[((g[i] & 0xFF) << 8) | (p[i] & 0xFF)]++;
        }
        SemanticCounts counts = SemanticCounts.zero();
        long[] conf = counts.confusion();
        List<Integer> unknownGt = new ArrayList<>();
        boolean[] unknownPred = new boolean[256];
        long unknownPx = 0;
        for (int gv = 0; gv < 256; gv++) {
            int base = gv << 8;
            for (int pv = 0; pv < 256; pv++) {
                int c = joint[base | pv];
                if (c == 0) {
                    continue;
                }
                if (gv >= SemanticCounts.N) {
                    if (!unknownGt.contains(gv)) {
                        unknownGt.add(gv);
                    }
                    continue;
                }
                int col = pv;
                if (pv >= SemanticCounts.N) {
                    unknownPred[pv] = true;
                    unknownPx += c;
                    col = 0;
                }
                conf[gv * SemanticCounts.N + col] += c;
            }
        }
        if (!unknownGt.isEmpty()) {
            throw new IllegalArgumentException("ground truth holds label ids " + unknownGt + " outside the label table (0.."
                    + CityscapesLabels.MAX_LABEL_ID + ")");
        }
        if (gtInstances != null) {
            countInstances(gtInstances, p, counts);
        }
        int unknownCount = 0;
        for (boolean b : unknownPred) {
            unknownCount += b ? 1 : 0;
        }
        int[] unknownIds = new int[unknownCount];
        for (int v = 0, j = 0; v < 256; v++) {
            if (unknownPred[v]) {
                unknownIds[j++] = v;
            }
        }
        return new ImageCounts(counts, unknownIds, unknownPx);
    }

    private static void countInstances(InstanceMask gtInstances, byte[] p, SemanticCounts counts) {
        short[] inst = gtInstances.values();
        int[] size = new int[65536];
        int[] tp = new int[65536];
        int[] catTp = new int[65536];
        for (int i = 0; i < inst.length; i++) {
            int v = inst[i] & 0xFFFF;
            if (v >= FIRST_INSTANCE_VALUE) {
                size[v]++;
                int label = LABEL_OF[v] & 0xFF;
                int pv = p[i] & 0xFF;
                if (pv == label) {
                    tp[v]++;
                }
                if (label < SemanticCounts.N && IN_CATEGORY[label][pv]) {
                    catTp[v]++;
                }
            }
        }
        for (int v = FIRST_INSTANCE_VALUE; v < 65536; v++) {
            if (size[v] == 0) {
                continue;
            }
            String problem = InstanceIds.problem(v);
            if (problem != null) {
                throw new IllegalArgumentException("ground-truth instanceIds: " + problem);
            }
            int labelId = InstanceIds.labelId(v);
            Label label = CityscapesLabels.byId(labelId);
            if (label.ignoreInEval()) {
                continue;
            }
            int s = size[v];
            double weight = SemanticProtocol.averageInstanceSizePx(label.name()) / (double) s;
            int fn = s - tp[v];
            counts.instTp()[labelId] += tp[v];
            counts.instFn()[labelId] += fn;
            counts.instTpWeighted()[labelId] = counts.instTpWeighted()[labelId].plus((double) tp[v] * weight);
            counts.instFnWeighted()[labelId] = counts.instFnWeighted()[labelId].plus((double) fn * weight);
            int c = CATEGORY_OF[labelId];
            if (c >= 0) {
                int cfn = s - catTp[v];
                counts.catTp()[c] += catTp[v];
                counts.catFn()[c] += cfn;
                counts.catTpWeighted()[c] = counts.catTpWeighted()[c].plus((double) catTp[v] * weight);
                counts.catFnWeighted()[c] = counts.catFnWeighted()[c].plus((double) cfn * weight);
            }
        }
    }
}
