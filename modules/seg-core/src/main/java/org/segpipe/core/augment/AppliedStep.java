package org.segpipe.core.augment;

import java.util.Map;

/**
 * What one step did to one sample.
 *
 * @param transform the transform's name
 * @param applied   whether the probability draw chose to apply it
 * @param drawn     the parameters it drew (empty when not applied), in the order drawn
 */
public record AppliedStep(String transform, boolean applied, Map<String, Object> drawn) {

    public AppliedStep {
        drawn = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(drawn));
    }
}
