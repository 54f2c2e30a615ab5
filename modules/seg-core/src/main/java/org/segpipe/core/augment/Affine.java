package org.segpipe.core.augment;

import java.io.Serializable;

/**
 * An affine map between pixel-index coordinates (integer coordinates are pixel centres):
 * {@code u = a*x + b*y + c}, {@code v = d*x + e*y + f}. Geometric transforms are expressed as the
 * map from their output pixels back to their input pixels, so a chain of transforms composes into
 * one map from the final output to the source and is resampled once.
 */
record Affine(double a, double b, double c, double d, double e, double f) implements Serializable {

    static final Affine IDENTITY = new Affine(1, 0, 0, 0, 1, 0);

    static Affine translate(double dx, double dy) {
        return new Affine(1, 0, dx, 0, 1, dy);
    }

    /** {@code this(inner(p))}: first {@code inner}, then this. */
    Affine after(Affine inner) {
        return new Affine(
                a * inner.a + b * inner.d, a * inner.b + b * inner.e, a * inner.c + b * inner.f + c,
                d * inner.a + e * inner.d, d * inner.b + e * inner.e, d * inner.c + e * inner.f + f);
    }

    double u(double x, double y) {
        return a * x + b * y + c;
    }

    double v(double x, double y) {
        return d * x + e * y + f;
    }

    /** True when rows map to rows and columns to columns (no rotation): index tables apply. */
    boolean axisAligned() {
        return b == 0 && d == 0;
    }

    boolean isIdentity() {
        return equals(IDENTITY);
    }
}
