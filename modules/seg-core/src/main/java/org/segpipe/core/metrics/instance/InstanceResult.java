package org.segpipe.core.metrics.instance;

import java.util.List;

/**
 * Scores of the Cityscapes instance protocol.
 *
 * @param classes the 8 classes in label-id order
 * @param ap      {@code np.nanmean} of AP over classes and overlaps
 * @param ap50    {@code np.nanmean} of AP at overlap 0.5 over classes
 */
public record InstanceResult(List<ClassAp> classes, double ap, double ap50) {

    /**
     * One class.
     *
     * @param apPerThreshold AP per overlap (NaN without ground truth)
     * @param ap             mean over the 10 overlaps ({@code np.average}: NaN if any is NaN)
     * @param ap50           AP at overlap 0.5
     * @param tp             per overlap: matched ground-truth instances
     * @param fp             per overlap: false-positive predictions (not ignored)
     * @param fn             per overlap: ground-truth instances without a match
     */
    public record ClassAp(int labelId, String name, double[] apPerThreshold, double ap, double ap50, long[] tp,
                          long[] fp, long[] fn) {
    }

    public ClassAp byName(String name) {
        return classes.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no instance class '" + name + "'"));
    }
}
