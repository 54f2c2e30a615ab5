package org.segpipe.core.cityscapes;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity of a Cityscapes frame: {@code {city}_{seq:06d}_{frame:06d}}, e.g.
 * {@code aachen_000000_000019}. Results files are matched to ground truth by this key.
 */
public record SampleKey(String city, int sequence, int frame) implements Comparable<SampleKey> {

    static final String CITY_PATTERN = "[a-z][a-z-]*";
    private static final Pattern KEY = Pattern.compile("(" + CITY_PATTERN + ")_(\\d{6})_(\\d{6})");
    private static final Pattern KEY_INSIDE = Pattern.compile("(?<![a-z-])(" + CITY_PATTERN + ")_(\\d{6})_(\\d{6})(?!\\d)");

    public SampleKey {
        if (city == null || !city.matches(CITY_PATTERN)) {
            throw new IllegalArgumentException("city '" + city + "' must match " + CITY_PATTERN);
        }
        if (sequence < 0 || sequence > 999_999 || frame < 0 || frame > 999_999) {
            throw new IllegalArgumentException("sequence and frame must be in 0..999999, found "
                    + sequence + " and " + frame);
        }
    }

    /** Parses exactly {@code city_seq_frame}. */
    public static SampleKey parse(String text) {
        Matcher m = KEY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a key {city}_{seq:06d}_{frame:06d}, found '" + text + "'");
        }
        return new SampleKey(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    /**
     * Finds the first key inside a longer name, as the official evaluators match prediction files
     * such as {@code aachen_000000_000019_pred.png} to ground truth.
     */
    public static java.util.Optional<SampleKey> find(String text) {
        Matcher m = KEY_INSIDE.matcher(text);
        if (!m.find()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new SampleKey(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
    }

    @Override
    public String toString() {
        return String.format("%s_%06d_%06d", city, sequence, frame);
    }

    @Override
    public int compareTo(SampleKey o) {
        int c = city.compareTo(o.city);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(sequence, o.sequence);
        return c != 0 ? c : Integer.compare(frame, o.frame);
    }
}
