package org.segpipe.model.loss;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.segpipe.core.config.ConfigException;

/** The training losses, by their config name ({@code loss.name}). */
public enum LossKind {
    /** Pixel-wise cross-entropy averaged over the pixels that are not ignored. */
    CE("ce"),
    /** Cross-entropy with a weight per class, normalised by the summed weights of the counted pixels. */
    WEIGHTED_CE("weighted-ce"),
    /** Soft multi-class Dice over the batch: {@code 1 - mean_c (2 sum p y + s) / (sum p + sum y + s)}. */
    DICE("dice"),
    /** {@code CE (weighted when class weights are given) + diceWeight * Dice}. */
    CE_DICE("ce-dice");

    private final String configName;

    LossKind(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public boolean usesCrossEntropy() {
        return this != DICE;
    }

    public boolean usesDice() {
        return this == DICE || this == CE_DICE;
    }

    /** The kind named {@code name}; the error lists the known names. */
    public static LossKind parse(String name, String key) {
        for (LossKind k : values()) {
            if (k.configName.equals(name.trim())) {
                return k;
            }
        }
        throw new ConfigException("'" + key + "' is '" + name + "' but must be one of "
                + Arrays.stream(values()).map(LossKind::configName).collect(Collectors.joining(", ")));
    }
}
