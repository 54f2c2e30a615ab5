package org.segpipe.model.loss;

import java.util.List;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;
import org.segpipe.core.image.ClassEncoding;

/**
 * The {@code loss.*} keys, validated where they are read. Class weights are either explicit, or
 * computed ({@code inverse-frequency}, {@code median-frequency}) from class pixel counts that are
 * either given ({@code loss.class-counts}: 19 train-id counts or 34+ label-id counts, e.g. from an
 * ingest manifest) or counted by a pass over the training data.
 *
 * @param kind           the loss
 * @param weighting      "none", a method name, or null when explicit weights are given
 * @param explicitWeights the weights when given as a list, else null
 * @param explicitCounts train-id pixel counts when given, else null (count the data)
 * @param diceWeight     weight of the Dice term in ce-dice
 * @param diceSmooth     Dice smoothing
 */
public record LossConfig(LossKind kind, String weighting, double[] explicitWeights, long[] explicitCounts, double diceWeight,
                         double diceSmooth) {

    public static final String NAME = "loss.name";
    public static final String CLASS_WEIGHTS = "loss.class-weights";
    public static final String CLASS_COUNTS = "loss.class-counts";
    public static final String DICE_WEIGHT = "loss.dice-weight";
    public static final String DICE_SMOOTH = "loss.dice-smooth";

    public static LossConfig from(Settings s, int classes) {
        LossKind kind = LossKind.parse(s.string(NAME), NAME);
        String w = s.find(CLASS_WEIGHTS).orElse("none").trim();
        String weighting = null;
        double[] explicit = null;
        if (w.equals("none") || ClassWeights.Method.find(w).isPresent()) {
            weighting = w;
        } else {
            explicit = ClassWeights.parse(w, CLASS_WEIGHTS, classes);
        }
        if (kind == LossKind.WEIGHTED_CE && "none".equals(weighting)) {
            throw new ConfigException("'" + NAME + "' is weighted-ce but '" + CLASS_WEIGHTS
                    + "' is none; use inverse-frequency, median-frequency or one weight per class");
        }
        long[] counts = null;
        List<String> c = s.list(CLASS_COUNTS);
        if (!c.isEmpty()) {
            long[] raw = new long[c.size()];
            for (int i = 0; i < raw.length; i++) {
                try {
                    raw[i] = Long.parseLong(c.get(i));
                } catch (NumberFormatException e) {
                    throw new ConfigException("'" + CLASS_COUNTS + "' entry " + (i + 1) + " is '" + c.get(i) + "' but must be a pixel count");
                }
            }
            ClassEncoding enc;
            if (raw.length == org.segpipe.core.cityscapes.CityscapesLabels.NUM_TRAIN_IDS) {
                enc = ClassEncoding.TRAIN_IDS;
            } else if (raw.length > org.segpipe.core.cityscapes.CityscapesLabels.MAX_LABEL_ID) {
                enc = ClassEncoding.LABEL_IDS;
            } else {
                throw new ConfigException("'" + CLASS_COUNTS + "' has " + raw.length + " counts but must have 19 (per train id) or "
                        + "at least 34 (per label id 0..33)");
            }
            try {
                counts = ClassWeights.toTrainIdCounts(raw, enc);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("'" + CLASS_COUNTS + "': " + e.getMessage());
            }
        }
        double diceWeight = s.decimal(DICE_WEIGHT);
        double diceSmooth = s.decimal(DICE_SMOOTH);
        if (!(diceWeight >= 0) || !(diceSmooth >= 0)) {
            throw new ConfigException("'" + DICE_WEIGHT + "' and '" + DICE_SMOOTH + "' must be non-negative, found "
                    + diceWeight + " and " + diceSmooth);
        }
        return new LossConfig(kind, weighting, explicit, counts, diceWeight, diceSmooth);
    }

    /** Whether class weights are used and must be computed from counts. */
    public boolean needsCounts() {
        return usesWeights() && explicitWeights == null && explicitCounts == null;
    }

    private boolean usesWeights() {
        return (kind == LossKind.WEIGHTED_CE || kind == LossKind.CE_DICE) && !"none".equals(weighting);
    }

    /**
     * The loss to train with; {@code counted} are the counts from a pass over the data when
     * {@link #needsCounts()}, else ignored (may be null).
     */
    public LossSpec spec(int classes, ClassWeights.Counts counted) {
        double[] weights = null;
        if (usesWeights()) {
            if (explicitWeights != null) {
                weights = explicitWeights;
            } else {
                ClassWeights.Counts counts = explicitCounts != null ? new ClassWeights.Counts(explicitCounts, null) : counted;
                if (counts == null) {
                    throw new IllegalStateException("class counts are needed for " + weighting + " weights");
                }
                long[] px = counts.pixels();
                long[] pr = counts.presentImagePixels();
                long[] pxC = new long[classes];
                long[] prC = pr == null ? null : new long[classes];
                for (int i = 0; i < classes && i < px.length; i++) {
                    pxC[i] = px[i];
                    if (prC != null) {
                        prC[i] = pr[i];
                    }
                }
                weights = ClassWeights.compute(new ClassWeights.Counts(pxC, prC),
                        ClassWeights.Method.find(weighting).orElseThrow());
            }
        }
        return new LossSpec(kind, weights, diceWeight, diceSmooth);
    }
}
