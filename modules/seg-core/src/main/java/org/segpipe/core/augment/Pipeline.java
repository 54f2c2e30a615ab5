package org.segpipe.core.augment;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.segpipe.core.config.ConfigException;

/**
 * An ordered list of augmentation steps, each a transform with its parameters and the probability
 * of applying it. Written in config as a preset name or as steps separated by {@code ;}:
 * <pre>
 * augment.pipeline = scale(min=0.5, max=2.0); crop(height=512, width=1024, cat-max-ratio=0.75); hflip(p=0.5)
 * </pre>
 * A step is {@code name} or {@code name(key=value, ...)}; every step takes {@code p} (the
 * probability, in [0, 1]) besides its own parameters. Unknown names and parameters, values that
 * break a rule and empty ranges are errors naming the config key, the step, the value and the
 * rule. See conf/README.md for every transform.
 *
 * @param description the text it was parsed from (a preset name or steps)
 * @param steps       in order
 */
public record Pipeline(String description, List<Step> steps) implements Serializable {

    /** Presets by name: what {@code augment.pipeline = NAME} means. */
    public static final Map<String, String> PRESETS = presets();

    private static final Pattern STEP = Pattern.compile("([a-z][a-z0-9-]*)\\s*(?:\\((.*)\\))?", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    /**
     * One step.
     *
     * @param name      the transform's name
     * @param params    every parameter (given or default) as canonical text, in the catalog's order
     * @param p         the probability of applying it
     * @param transform what it does
     */
    public record Step(String name, Map<String, String> params, double p, Transform transform) implements Serializable {

        /** Canonical text, every parameter spelt out: {@code crop(height=512, ..., p=1)}. */
        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            params.forEach((k, v) -> parts.add(k + "=" + v));
            parts.add("p=" + format(p));
            return name + "(" + String.join(", ", parts) + ")";
        }
    }

    public Pipeline {
        steps = List.copyOf(steps);
    }

    /** Canonical text of all steps (what provenance records); empty for no steps. */
    public String canonical() {
        return steps.stream().map(Step::toString).collect(Collectors.joining("; "));
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /**
     * Parses a preset name or a list of steps.
     *
     * @param key the config key the text came from, named in every message
     */
    public static Pipeline parse(String text, String key) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            throw new ConfigException("'" + key + "' is empty; write 'none' for no augmentation, a preset ("
                    + String.join(", ", PRESETS.keySet()) + ") or steps such as 'hflip(p=0.5); scale(min=0.5, max=2.0)'");
        }
        String preset = PRESETS.get(trimmed);
        if (preset != null) {
            return new Pipeline(trimmed, preset.isEmpty() ? List.of() : parseSteps(preset, key));
        }
        return new Pipeline(trimmed, parseSteps(trimmed, key));
    }

    private static List<Step> parseSteps(String text, String key) {
        List<Step> steps = new ArrayList<>();
        List<String> parts = splitSteps(text, key);
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i).trim();
            if (part.isEmpty()) {
                if (i == parts.size() - 1 && i > 0) {
                    continue; // a trailing ';'
                }
                throw new ConfigException("'" + key + "' step " + (i + 1) + " is empty in '" + text
                        + "'; steps are separated by ';'");
            }
            steps.add(parseStep(part, i + 1, key));
        }
        return steps;
    }

    /** Splits on ';' outside parentheses, checking that parentheses pair up. */
    private static List<String> splitSteps(String text, String key) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
                if (depth > 1) {
                    throw new ConfigException("'" + key + "' has a '(' inside parentheses at character " + (i + 1)
                            + " of '" + text + "'; is a ')' missing?");
                }
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    throw new ConfigException("'" + key + "' has a ')' without '(' at character " + (i + 1) + " of '"
                            + text + "'");
                }
            } else if (c == ';') {
                if (depth > 0) {
                    throw new ConfigException("'" + key + "' has a ';' inside parentheses at character " + (i + 1)
                            + " of '" + text + "'; is a ')' missing?");
                }
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new ConfigException("'" + key + "' has a '(' that is never closed in '" + text + "'");
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static Step parseStep(String part, int index, String key) {
        Matcher m = STEP.matcher(part);
        if (!m.matches()) {
            throw new ConfigException("'" + key + "' step " + index + " is '" + part
                    + "' but a step looks like 'name' or 'name(key=value, ...)'");
        }
        String name = m.group(1);
        String where = "'" + key + "' step " + index + " '" + part + "'";
        TransformCatalog.Spec spec = TransformCatalog.find(name);
        if (spec == null) {
            String hint = PRESETS.containsKey(name)
                    ? " ('" + name + "' is a preset; a preset stands alone as the whole value, or write its steps: "
                    + PRESETS.get(name) + ")"
                    : nearest(name).map(n -> " (did you mean '" + n + "'?)").orElse("");
            throw new ConfigException(where + ": unknown transform '" + name + "'" + hint + "; transforms are "
                    + String.join(", ", TransformCatalog.specs().keySet()));
        }
        Map<String, String> given = new LinkedHashMap<>();
        String args = m.group(2);
        if (args != null && !args.isBlank()) {
            for (String arg : args.split(",", -1)) {
                int eq = arg.indexOf('=');
                String k = eq < 0 ? arg.trim() : arg.substring(0, eq).trim();
                String v = eq < 0 ? "" : arg.substring(eq + 1).trim();
                if (eq < 0 || !NAME.matcher(k).matches() || v.isEmpty()) {
                    throw new ConfigException(where + ": '" + arg.trim() + "' is not a parameter; parameters look like "
                            + "'key=value', separated by ','");
                }
                if (given.put(k, v) != null) {
                    throw new ConfigException(where + ": parameter '" + k + "' is given twice");
                }
            }
        }
        List<TransformCatalog.Param> all = new ArrayList<>(spec.params());
        all.add(TransformCatalog.probability(spec));
        for (String k : given.keySet()) {
            if (all.stream().noneMatch(p -> p.name().equals(k))) {
                throw new ConfigException(where + ": " + name + " has no parameter '" + k + "'; its parameters are "
                        + all.stream().map(TransformCatalog.Param::name).collect(Collectors.joining(", ")));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> canonical = new LinkedHashMap<>();
        for (TransformCatalog.Param p : all) {
            String raw = given.getOrDefault(p.name(), p.defaultValue());
            if (raw == null) {
                throw new ConfigException(where + ": " + name + " needs parameter '" + p.name() + "' (" + p.doc() + ")");
            }
            Object value = value(p, raw, where);
            values.put(p.name(), value);
            if (!p.name().equals(TransformCatalog.P)) {
                canonical.put(p.name(), value instanceof Double d ? format(d) : value.toString());
            }
        }
        TransformCatalog.Args a = new TransformCatalog.Args(values, where);
        Transform t = spec.build().apply(a);
        return new Step(name, canonical, a.number(TransformCatalog.P), t);
    }

    private static Object value(TransformCatalog.Param p, String raw, String where) {
        switch (p.kind()) {
            case NUMBER, INTEGER -> {
                double d;
                try {
                    d = Double.parseDouble(raw);
                } catch (NumberFormatException e) {
                    throw new ConfigException(where + ": " + p.name() + " is '" + raw + "' but must be a number " + p.rule());
                }
                if (!Double.isFinite(d) || !p.valid().test(d)) {
                    throw new ConfigException(where + ": " + p.name() + " is " + raw + " but must be " + p.rule());
                }
                if (p.kind() == TransformCatalog.Kind.INTEGER) {
                    if (d != Math.rint(d)) {
                        throw new ConfigException(where + ": " + p.name() + " is " + raw + " but must be a whole number "
                                + p.rule());
                    }
                    return (int) d;
                }
                return d;
            }
            case BOOLEAN -> {
                if (raw.equals("true") || raw.equals("false")) {
                    return Boolean.parseBoolean(raw);
                }
                throw new ConfigException(where + ": " + p.name() + " is '" + raw + "' but must be true or false");
            }
            default -> {
                if (p.choices().contains(raw)) {
                    return raw;
                }
                throw new ConfigException(where + ": " + p.name() + " is '" + raw + "' but must be " + p.rule());
            }
        }
    }

    /** Shortest plain decimal: 2.0 -> "2", 0.75 -> "0.75". */
    static String format(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static java.util.Optional<String> nearest(String name) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : TransformCatalog.specs().keySet()) {
            int d = distance(name, k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return bestD <= Math.max(2, name.length() / 3) ? java.util.Optional.of(best) : java.util.Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Map<String, String> presets() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("none", "");
        // Size-preserving and mild: safe for any input size.
        m.put("light", "hflip(p=0.5); scale(min=0.9, max=1.1, keep-size=true); brightness(delta=16, p=0.5); "
                + "contrast(min=0.9, max=1.1, p=0.5)");
        // MMSeg's Cityscapes training pipeline (configs/_base_/datasets/cityscapes.py): RandomResize of
        // (2048, 1024) with ratio 0.5-2.0, RandomCrop 512x1024 with cat_max_ratio 0.75, RandomFlip 0.5,
        // PhotoMetricDistortion. The crop pads to 512x1024 with ignore where a sample is smaller.
        m.put("cityscapes-standard", "scale(min=0.5, max=2.0, base-height=1024, base-width=2048); "
                + "crop(height=512, width=1024, cat-max-ratio=0.75); hflip(p=0.5); photometric");
        return java.util.Collections.unmodifiableMap(m);
    }
}
