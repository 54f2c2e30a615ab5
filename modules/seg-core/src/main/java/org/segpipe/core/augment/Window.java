package org.segpipe.core.augment;

import java.io.Serializable;

/**
 * A frame a pixel must fall in to be covered: the pixel (x, y) of the current output maps through
 * {@code toFrame} to (u, v) and is covered when its nearest frame pixel exists, that is
 * {@code -0.5 <= u < width - 0.5} and {@code -0.5 <= v < height - 0.5}. The source image is such a
 * frame, and so is the output of every earlier geometric step: what a crop cut away must not come
 * back when a later step looks outside it.
 */
record Window(Affine toFrame, int width, int height) implements Serializable {

    Window after(Affine inner) {
        return new Window(toFrame.after(inner), width, height);
    }

    /**
     * True when every pixel of an output of {@code w x h} is covered. Checks the corners of the
     * output's continuous extent; frames are convex, so corners inside means all inside.
     */
    boolean contains(int w, int h) {
        double[] xs = {-0.5, w - 0.5};
        double[] ys = {-0.5, h - 0.5};
        for (double x : xs) {
            for (double y : ys) {
                double u = toFrame.u(x, y);
                double v = toFrame.v(x, y);
                if (u < -0.5 || u > width - 0.5 || v < -0.5 || v > height - 0.5) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Narrows {@code span} ({@code [from, to)} of the columns of output row {@code y}) to the
     * columns this frame covers. Along a row u and v are linear in x, so the covered columns form
     * one interval.
     */
    void clip(int y, int[] span) {
        clipLinear(toFrame.a(), toFrame.b() * y + toFrame.c(), width, span);
        clipLinear(toFrame.d(), toFrame.e() * y + toFrame.f(), height, span);
    }

    /** Narrows span to the integer x with {@code -0.5 <= alpha*x + beta < size - 0.5}. */
    static void clipLinear(double alpha, double beta, int size, int[] span) {
        double lo = -0.5;
        double hi = size - 0.5;
        int from;
        int to;
        if (alpha == 0) {
            if (beta >= lo && beta < hi) {
                return;
            }
            from = 0;
            to = 0;
        } else if (alpha > 0) {
            from = (int) Math.max(Integer.MIN_VALUE / 2, Math.ceil((lo - beta) / alpha));
            to = (int) Math.min(Integer.MAX_VALUE / 2, Math.ceil((hi - beta) / alpha));
        } else {
            from = (int) Math.max(Integer.MIN_VALUE / 2, Math.floor((hi - beta) / alpha) + 1);
            to = (int) Math.min(Integer.MAX_VALUE / 2, Math.floor((lo - beta) / alpha) + 1);
        }
        span[0] = Math.max(span[0], from);
        span[1] = Math.min(span[1], to);
        if (span[1] < span[0]) {
            span[1] = span[0];
        }
    }
}
