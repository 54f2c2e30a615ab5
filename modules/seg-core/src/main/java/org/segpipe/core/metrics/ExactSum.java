package org.segpipe.core.metrics;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * An exact, mergeable sum of doubles: every term is added without rounding and the total is
 * rounded to a double once, by {@link #value()}. Addition is therefore associative and
 * commutative, so per-image partial sums merged in any grouping give the same bits.
 *
 * <p>The official tools add such terms one by one in image order; their result can differ from
 * this correctly rounded total in the last bits (about 1e-16 relative), never more.
 */
public record ExactSum(BigDecimal total) implements Serializable {

    private static final ExactSum ZERO = new ExactSum(BigDecimal.ZERO);

    public ExactSum {
        if (total == null) {
            throw new IllegalArgumentException("total must not be null");
        }
    }

    public static ExactSum zero() {
        return ZERO;
    }

    public static ExactSum of(double term) {
        return ZERO.plus(term);
    }

    /** This sum plus a finite term. */
    public ExactSum plus(double term) {
        if (!Double.isFinite(term)) {
            throw new IllegalArgumentException("cannot add a non-finite term " + term + " to an exact sum");
        }
        return term == 0 ? this : new ExactSum(total.add(new BigDecimal(term)));
    }

    public static ExactSum merge(ExactSum a, ExactSum b) {
        if (a.total.signum() == 0) {
            return b;
        }
        if (b.total.signum() == 0) {
            return a;
        }
        return new ExactSum(a.total.add(b.total));
    }

    /** The total, correctly rounded to the nearest double. */
    public double value() {
        return total.doubleValue();
    }

    /** Exact equality of the totals (scale-independent). */
    public boolean sameTotal(ExactSum other) {
        return total.compareTo(other.total) == 0;
    }
}
