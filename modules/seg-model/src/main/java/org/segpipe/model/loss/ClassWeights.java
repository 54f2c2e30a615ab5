package org.segpipe.model.loss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.image.ClassEncoding;

/**
 * Class weights for weighted cross-entropy from pixel counts, the standard ways:
 *
 * <ul>
 *   <li>{@code inverse-frequency}: {@code w_c = N / (C * n_c)} with {@code n_c} the pixels of class
 *       c and {@code N} all counted pixels ("balanced" weights: the pixel-average weight is 1);</li>
 *   <li>{@code median-frequency} (Eigen and Fergus, 2015): {@code w_c = median(f) / f_c} with
 *       {@code f_c = n_c / P_c}, {@code P_c} the counted pixels of the images in which class c
 *       occurs. When only global counts are known (an ingest manifest), {@code P_c = N} for every
 *       class, i.e. {@code f_c} is the global frequency.</li>
 * </ul>
 * Classes with no pixels get weight 0 (nothing to weight) and are left out of the median.
 * Counted pixels are those with a train id; ignored pixels (train id 255) never count.
 */
public final class ClassWeights {

    /** How to turn counts into weights ({@code loss.class-weights}). */
    public enum Method {
        INVERSE_FREQUENCY("inverse-frequency"),
        MEDIAN_FREQUENCY("median-frequency");

        private final String configName;

        Method(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static java.util.Optional<Method> find(String name) {
            for (Method m : values()) {
                if (m.configName.equals(name.trim())) {
                    return java.util.Optional.of(m);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /**
     * Pixel counts per train id, and optionally per class the counted pixels of the images where it
     * occurs (for the exact median-frequency definition). Merge counts of images with {@link #plus}.
     */
    public static final class Counts implements java.io.Serializable {

        private static final long serialVersionUID = 1L;
        // a class, not a record: Spark's Kryo cannot serialise records
        private final long[] pixels;
        private final long[] presentImagePixels;

        public Counts(long[] pixels, long[] presentImagePixels) {
            if (presentImagePixels != null && presentImagePixels.length != pixels.length) {
                throw new IllegalArgumentException("presence counts have " + presentImagePixels.length + " entries, pixel counts "
                        + pixels.length);
            }
            this.pixels = pixels.clone();
            this.presentImagePixels = presentImagePixels == null ? null : presentImagePixels.clone();
        }

        public static Counts zero(int classes) {
            return new Counts(new long[classes], new long[classes]);
        }

        /** The counts of one image from its train-id histogram (256 bins, 255 = ignore). */
        public static Counts ofImage(long[] trainIdHistogram, int classes) {
            long[] px = new long[classes];
            long counted = 0;
            for (int c = 0; c < classes; c++) {
                px[c] = trainIdHistogram[c];
                counted += px[c];
            }
            long[] present = new long[classes];
            for (int c = 0; c < classes; c++) {
                present[c] = px[c] > 0 ? counted : 0;
            }
            return new Counts(px, present);
        }

        public Counts plus(Counts o) {
            long[] px = pixels.clone();
            long[] pr = presentImagePixels == null || o.presentImagePixels == null ? null : presentImagePixels.clone();
            for (int c = 0; c < px.length; c++) {
                px[c] += o.pixels[c];
                if (pr != null) {
                    pr[c] += o.presentImagePixels[c];
                }
            }
            return new Counts(px, pr);
        }

        public long[] pixels() {
            return pixels.clone();
        }

        public long[] presentImagePixels() {
            return presentImagePixels == null ? null : presentImagePixels.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Counts c && Arrays.equals(c.pixels, pixels) && Arrays.equals(c.presentImagePixels, presentImagePixels);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(pixels) + Arrays.hashCode(presentImagePixels);
        }

        @Override
        public String toString() {
            return "Counts" + Arrays.toString(pixels);
        }
    }

    private ClassWeights() {
    }

    /**
     * Train-id counts from a count array as a manifest or histogram gives it: indexed by label id
     * ({@code LABEL_IDS}: label ids without a train id are dropped) or by train id
     * ({@code TRAIN_IDS}: entries from 19 on, e.g. 255, are ignored). Any length that covers the
     * ids is accepted (34 label ids, 19 train ids, 256 histogram bins).
     */
    public static long[] toTrainIdCounts(long[] counts, ClassEncoding encoding) {
        long[] out = new long[CityscapesLabels.NUM_TRAIN_IDS];
        if (encoding == ClassEncoding.TRAIN_IDS) {
            if (counts.length < out.length) {
                throw new IllegalArgumentException("train-id counts need at least " + out.length + " entries, found " + counts.length);
            }
            System.arraycopy(counts, 0, out, 0, out.length);
        } else {
            if (counts.length <= CityscapesLabels.MAX_LABEL_ID) {
                throw new IllegalArgumentException("label-id counts need at least " + (CityscapesLabels.MAX_LABEL_ID + 1)
                        + " entries (ids 0.." + CityscapesLabels.MAX_LABEL_ID + "), found " + counts.length);
            }
            for (int id = 0; id < counts.length && id < 256; id++) {
                int t = CityscapesLabels.toTrainId(id);
                if (t < out.length) {
                    out[t] += counts[id];
                }
            }
        }
        for (long v : out) {
            if (v < 0) {
                throw new IllegalArgumentException("pixel counts must be non-negative, found " + Arrays.toString(out));
            }
        }
        return out;
    }

    public static double[] compute(Counts counts, Method method) {
        long[] n = counts.pixels();
        int classes = n.length;
        long total = 0;
        int present = 0;
        for (long v : n) {
            total += v;
            present += v > 0 ? 1 : 0;
        }
        if (total == 0) {
            throw new IllegalArgumentException("cannot weight classes: the counts hold no labelled pixels");
        }
        double[] w = new double[classes];
        if (method == Method.INVERSE_FREQUENCY) {
            for (int c = 0; c < classes; c++) {
                w[c] = n[c] == 0 ? 0 : (double) total / ((double) classes * n[c]);
            }
            return w;
        }
        long[] p = counts.presentImagePixels();
        double[] f = new double[classes];
        List<Double> freqs = new ArrayList<>(present);
        for (int c = 0; c < classes; c++) {
            if (n[c] > 0) {
                f[c] = (double) n[c] / (p == null ? total : p[c]);
                freqs.add(f[c]);
            }
        }
        double median = median(freqs);
        for (int c = 0; c < classes; c++) {
            w[c] = n[c] == 0 ? 0 : median / f[c];
        }
        return w;
    }

    /** The median; for an even count the mean of the two middle values. */
    static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int k = s.size();
        return k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2;
    }

    /** Parses an explicit weight list ({@code loss.class-weights = 1,2,...}) of exactly {@code classes} entries. */
    public static double[] parse(String text, String key, int classes) {
        String[] parts = text.split(",");
        if (parts.length != classes) {
            throw new ConfigException("'" + key + "' has " + parts.length + " weights but the network has " + classes
                    + " classes (" + "model.classes" + "); give one weight per class in train-id order, or inverse-frequency, "
                    + "median-frequency or none");
        }
        double[] w = new double[classes];
        for (int i = 0; i < classes; i++) {
            try {
                w[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new ConfigException("'" + key + "' entry " + (i + 1) + " is '" + parts[i].trim() + "' but must be a number");
            }
            if (!(w[i] >= 0) || Double.isInfinite(w[i])) {
                throw new ConfigException("'" + key + "' entry " + (i + 1) + " is " + w[i] + " but must be finite and non-negative");
            }
        }
        return w;
    }
}
