package org.segpipe.model.loss;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A loss as the output layer applies it.
 *
 * @param kind         which loss
 * @param classWeights one weight per class for the cross-entropy part, or null for unweighted
 * @param diceWeight   weight of the Dice term in {@link LossKind#CE_DICE}
 * @param diceSmooth   additive smoothing {@code s} of the Dice ratio (keeps absent classes finite)
 */
public record LossSpec(LossKind kind, double[] classWeights, double diceWeight, double diceSmooth) implements Serializable {

    public LossSpec {
        if (classWeights != null) {
            classWeights = classWeights.clone();
            for (double w : classWeights) {
                if (!(w >= 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("class weights must be finite and non-negative, found " + Arrays.toString(classWeights));
                }
            }
        }
        if (kind == LossKind.WEIGHTED_CE && classWeights == null) {
            throw new IllegalArgumentException("weighted-ce needs class weights");
        }
        if (!(diceWeight >= 0) || !(diceSmooth >= 0)) {
            throw new IllegalArgumentException("dice weight and smoothing must be non-negative, found " + diceWeight + " and " + diceSmooth);
        }
    }

    public static LossSpec crossEntropy() {
        return new LossSpec(LossKind.CE, null, 1.0, 1.0);
    }

    @Override
    public double[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    /** Checks the weights against the number of classes of the network. */
    public void checkClasses(int classes) {
        if (classWeights != null && classWeights.length != classes) {
            throw new IllegalArgumentException("class weights have " + classWeights.length + " entries but the network has "
                    + classes + " classes");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossSpec s && s.kind == kind && Arrays.equals(s.classWeights, classWeights)
                && s.diceWeight == diceWeight && s.diceSmooth == diceSmooth;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + Arrays.hashCode(classWeights)) + Double.hashCode(diceWeight + 7 * diceSmooth);
    }

    @Override
    public String toString() {
        return kind.configName() + (classWeights == null ? "" : " weights=" + Arrays.toString(classWeights))
                + (kind.usesDice() ? " diceWeight=" + diceWeight + " diceSmooth=" + diceSmooth : "");
    }
}
