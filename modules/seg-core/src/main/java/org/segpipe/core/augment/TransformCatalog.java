package org.segpipe.core.augment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import org.segpipe.core.config.ConfigException;

/**
 * Every transform a pipeline may name, with its parameters, defaults and rules: the one table the
 * parser validates against and conf/README.md documents (a test keeps them in step).
 */
final class TransformCatalog {

    /** What values a parameter takes. */
    enum Kind { NUMBER, INTEGER, BOOLEAN, CHOICE }

    /**
     * One parameter.
     *
     * @param defaultValue text of the default; null when the parameter is required
     * @param valid        the rule on numbers (null for booleans and choices)
     * @param rule         the rule in words, for messages: "in [0, 1]"
     * @param choices      allowed words of a CHOICE
     */
    record Param(String name, Kind kind, String defaultValue, DoublePredicate valid, String rule, List<String> choices,
                 String doc) {
    }

    /** One transform: its name, default probability, parameters and how to build it. */
    record Spec(String name, double defaultP, List<Param> params, String doc, Function<Args, Transform> build) {
        Param param(String name) {
            for (Param p : params) {
                if (p.name().equals(name)) {
                    return p;
                }
            }
            return null;
        }
    }

    /** Validated parameter values of one step, for {@link Spec#build}; errors carry the step's context. */
    static final class Args {
        private final Map<String, Object> values;
        private final String context;

        Args(Map<String, Object> values, String context) {
            this.values = values;
            this.context = context;
        }

        double number(String name) {
            return ((Number) values.get(name)).doubleValue();
        }

        int integer(String name) {
            return (Integer) values.get(name);
        }

        boolean bool(String name) {
            return (Boolean) values.get(name);
        }

        String choice(String name) {
            return (String) values.get(name);
        }

        /** Checks a rule between parameters; the message says what was found and what is needed. */
        void require(boolean ok, String message) {
            if (!ok) {
                throw new ConfigException(context + ": " + message);
            }
        }

        /** Checks {@code lo <= hi} for a pair of range parameters. */
        void ordered(String lo, String hi) {
            require(number(lo) <= number(hi), lo + " is " + Pipeline.format(number(lo)) + " but must not exceed " + hi
                    + " (" + Pipeline.format(number(hi)) + "); the range would be empty");
        }
    }

    static final String P = "p";

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static {
        add(new Spec("hflip", 0.5, List.of(), "mirror left-right", a -> new GeometricTransforms.HFlip()));
        add(new Spec("scale", 1, List.of(
                num("min", "0.5", v -> v > 0 && v <= 8, "in (0, 8]", "smallest ratio"),
                num("max", "2.0", v -> v > 0 && v <= 8, "in (0, 8]", "largest ratio"),
                integer("base-height", "0", v -> v >= 0 && v <= 16384, "in [0, 16384]",
                        "with base-width: the size the ratio applies to (MMSeg RandomResize scale); 0 = the sample's own size"),
                integer("base-width", "0", v -> v >= 0 && v <= 16384, "in [0, 16384]", "see base-height"),
                bool("keep-size", "false", "zoom about the centre and keep the sample's size")),
                "resize by a ratio drawn uniformly from [min, max]", a -> {
            a.ordered("min", "max");
            a.require((a.integer("base-height") == 0) == (a.integer("base-width") == 0), "base-height is "
                    + a.integer("base-height") + " and base-width is " + a.integer("base-width")
                    + " but they must be both 0 or both positive");
            a.require(!(a.bool("keep-size") && a.integer("base-height") > 0),
                    "keep-size=true cannot be combined with base-height/base-width");
            return new GeometricTransforms.Scale(a.number("min"), a.number("max"), a.integer("base-height"),
                    a.integer("base-width"), a.bool("keep-size"));
        }));
        add(new Spec("crop", 1, List.of(
                integer("height", null, v -> v >= 1 && v <= 16384, "in [1, 16384]", "window height, px"),
                integer("width", null, v -> v >= 1 && v <= 16384, "in [1, 16384]", "window width, px"),
                num("cat-max-ratio", "1.0", v -> v > 0 && v <= 1, "in (0, 1]",
                        "redraw while one class covers this share or more of the window (1 = never redraw)"),
                integer("retries", "10", v -> v >= 0 && v <= 1000, "in [0, 1000]", "redraws at most; the last draw is kept"),
                choice("if-smaller", "pad", List.of("pad", "fail"),
                        "a sample smaller than the window: pad right/bottom with fill, or refuse it")),
                "cut a window at a uniformly drawn offset", a -> new GeometricTransforms.Crop(a.integer("height"),
                a.integer("width"), a.number("cat-max-ratio"), a.integer("retries"), a.choice("if-smaller").equals("pad"))));
        add(new Spec("rotate", 1, List.of(
                num("max-degrees", "10", v -> v >= 0 && v <= 180, "in [0, 180]", "angle drawn uniformly from [-max, max]")),
                "rotate about the centre, positive = clockwise", a -> new GeometricTransforms.Rotate(a.number("max-degrees"))));
        add(new Spec("translate", 1, List.of(
                num("max-x", "0.1", v -> v >= 0 && v <= 1, "in [0, 1]", "largest shift as a share of the width"),
                num("max-y", "0.1", v -> v >= 0 && v <= 1, "in [0, 1]", "largest shift as a share of the height")),
                "shift by whole pixels", a -> new GeometricTransforms.Translate(a.number("max-x"), a.number("max-y"))));
        add(new Spec("brightness", 1, List.of(
                num("delta", "32", v -> v >= 0 && v <= 255, "in [0, 255]", "gray levels added, drawn from [-delta, delta]")),
                "add a constant", a -> new PhotometricTransforms.Brightness(a.number("delta"))));
        add(new Spec("contrast", 1, rangeParams("min", "max", "0.5", "1.5", v -> v >= 0 && v <= 10, "in [0, 10]", "factor"),
                "multiply by a factor", a -> {
            a.ordered("min", "max");
            return new PhotometricTransforms.Contrast(a.number("min"), a.number("max"));
        }));
        add(new Spec("saturation", 1, rangeParams("min", "max", "0.5", "1.5", v -> v >= 0 && v <= 10, "in [0, 10]", "factor"),
                "scale HSV saturation", a -> {
            a.ordered("min", "max");
            return new PhotometricTransforms.Saturation(a.number("min"), a.number("max"));
        }));
        add(new Spec("hue", 1, List.of(
                num("max-degrees", "36", v -> v >= 0 && v <= 180, "in [0, 180]", "shift drawn from [-max, max] degrees")),
                "rotate HSV hue", a -> new PhotometricTransforms.Hue(a.number("max-degrees"))));
        add(new Spec("gamma", 1, rangeParams("min", "max", "0.7", "1.5", v -> v > 0 && v <= 10, "in (0, 10]", "gamma"),
                "255*(v/255)^gamma", a -> {
            a.ordered("min", "max");
            return new PhotometricTransforms.Gamma(a.number("min"), a.number("max"));
        }));
        add(new Spec("noise", 1, rangeParams("min-sigma", "max-sigma", "0", "10", v -> v >= 0 && v <= 255, "in [0, 255]",
                "standard deviation, gray levels"), "add Gaussian noise", a -> {
            a.ordered("min-sigma", "max-sigma");
            return new PhotometricTransforms.Noise(a.number("min-sigma"), a.number("max-sigma"));
        }));
        add(new Spec("blur", 1, rangeParams("min-sigma", "max-sigma", "0.5", "2.0", v -> v > 0 && v <= 20, "in (0, 20]",
                "standard deviation, px"), "Gaussian blur", a -> {
            a.ordered("min-sigma", "max-sigma");
            return new PhotometricTransforms.Blur(a.number("min-sigma"), a.number("max-sigma"));
        }));
        add(new Spec("photometric", 1, List.of(
                num("brightness-delta", "32", v -> v >= 0 && v <= 255, "in [0, 255]", "as brightness(delta)"),
                num("contrast-min", "0.5", v -> v >= 0 && v <= 10, "in [0, 10]", "as contrast(min)"),
                num("contrast-max", "1.5", v -> v >= 0 && v <= 10, "in [0, 10]", "as contrast(max)"),
                num("saturation-min", "0.5", v -> v >= 0 && v <= 10, "in [0, 10]", "as saturation(min)"),
                num("saturation-max", "1.5", v -> v >= 0 && v <= 10, "in [0, 10]", "as saturation(max)"),
                num("hue-degrees", "36", v -> v >= 0 && v <= 180, "in [0, 180]", "as hue(max-degrees)")),
                "MMSeg's PhotoMetricDistortion: each part with probability 0.5", a -> {
            a.ordered("contrast-min", "contrast-max");
            a.ordered("saturation-min", "saturation-max");
            return new PhotometricTransforms.Photometric(a.number("brightness-delta"), a.number("contrast-min"),
                    a.number("contrast-max"), a.number("saturation-min"), a.number("saturation-max"), a.number("hue-degrees"));
        }));
    }

    private TransformCatalog() {
    }

    static Map<String, Spec> specs() {
        return java.util.Collections.unmodifiableMap(SPECS);
    }

    static Spec find(String name) {
        return SPECS.get(name);
    }

    /** The probability parameter every transform has. */
    static Param probability(Spec spec) {
        return num(P, Pipeline.format(spec.defaultP()), v -> v >= 0 && v <= 1, "in [0, 1]", "probability of applying the step");
    }

    private static void add(Spec spec) {
        SPECS.put(spec.name(), spec);
    }

    private static List<Param> rangeParams(String lo, String hi, String loDefault, String hiDefault, DoublePredicate valid,
                                           String rule, String what) {
        List<Param> out = new ArrayList<>();
        out.add(num(lo, loDefault, valid, rule, "smallest " + what));
        out.add(num(hi, hiDefault, valid, rule, "largest " + what));
        return out;
    }

    private static Param num(String name, String def, DoublePredicate valid, String rule, String doc) {
        return new Param(name, Kind.NUMBER, def, valid, rule, List.of(), doc);
    }

    private static Param integer(String name, String def, DoublePredicate valid, String rule, String doc) {
        return new Param(name, Kind.INTEGER, def, valid, rule, List.of(), doc);
    }

    private static Param bool(String name, String def, String doc) {
        return new Param(name, Kind.BOOLEAN, def, null, "true or false", List.of(), doc);
    }

    private static Param choice(String name, String def, List<String> choices, String doc) {
        return new Param(name, Kind.CHOICE, def, null, "one of " + String.join(", ", choices), choices, doc);
    }
}
