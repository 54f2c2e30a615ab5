package org.segpipe.model.train;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * Polynomial learning-rate decay per iteration, {@code lr = initial * (1 - iteration / maxIter)^power},
 * reaching 0 at {@code maxIter} and staying there. DL4J 1.0.0-M2.1's own {@code PolySchedule}
 * computes {@code (1 + iteration / maxIter)^power} instead, so the rate grows; this replaces it.
 */
public final class PolyDecay implements ISchedule {

    private static final long serialVersionUID = 1L;

    private double initialValue;
    private double power;
    private long maxIter;

    /** For JSON deserialisation. */
    public PolyDecay() {
    }

    public PolyDecay(double initialValue, double power, long maxIter) {
        if (maxIter < 1) {
            throw new IllegalArgumentException("maxIter must be at least 1, found " + maxIter);
        }
        this.initialValue = initialValue;
        this.power = power;
        this.maxIter = maxIter;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double left = 1.0 - (double) iteration / maxIter;
        return left <= 0 ? 0.0 : initialValue * Math.pow(left, power);
    }

    @Override
    public ISchedule clone() {
        return new PolyDecay(initialValue, power, maxIter);
    }

    public double getInitialValue() {
        return initialValue;
    }

    public void setInitialValue(double initialValue) {
        this.initialValue = initialValue;
    }

    public double getPower() {
        return power;
    }

    public void setPower(double power) {
        this.power = power;
    }

    public long getMaxIter() {
        return maxIter;
    }

    public void setMaxIter(long maxIter) {
        this.maxIter = maxIter;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolyDecay p && p.initialValue == initialValue && p.power == power && p.maxIter == maxIter;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(initialValue, power, maxIter);
    }

    @Override
    public String toString() {
        return "PolyDecay(" + initialValue + ", power " + power + ", maxIter " + maxIter + ")";
    }
}
