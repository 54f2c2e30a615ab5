package org.segpipe.core.augment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segpipe.core.dataset.DecodedSample;

/**
 * An augmented sample with everything that was drawn for it.
 *
 * @param sample the augmented sample (same key and split as the input)
 * @param seed   the augmentation seed
 * @param epoch  the epoch (the copy index, for materialised copies)
 * @param steps  one entry per pipeline step, in order
 */
public record AugmentResult(DecodedSample sample, long seed, int epoch, List<AppliedStep> steps) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public AugmentResult {
        steps = List.copyOf(steps);
    }

    /**
     * The drawn parameters as JSON, as the {@code augment_params} column holds them:
     * {@code {"seed":42,"epoch":0,"steps":[{"t":"scale","applied":true,"ratio":1.3,...},...]}}.
     */
    public String paramsJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("seed", seed);
        root.put("epoch", epoch);
        List<Map<String, Object>> list = new ArrayList<>();
        for (AppliedStep s : steps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("t", s.transform());
            m.put("applied", s.applied());
            m.putAll(s.drawn());
            list.add(m);
        }
        root.put("steps", list);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write augmentation parameters as JSON", e);
        }
    }
}
