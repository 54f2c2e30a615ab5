package org.segpipe.core.generate;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segpipe.core.cityscapes.Split;

/**
 * What {@code seg generate} writes.
 *
 * @param out            dataset root; the Cityscapes folders are created below it
 * @param imagesPerSplit how many frames per split, in split order
 * @param height         image height in pixels (default 1024)
 * @param width          image width in pixels (default 2048)
 * @param seed           every random choice derives from this and the frame's key
 * @param cities         the cities per split; frames are dealt to them in turn
 * @param threads        worker threads; the output does not depend on it
 */
public record GenerateConfig(Path out, Map<Split, Integer> imagesPerSplit, int height, int width, long seed,
                             Map<Split, List<String>> cities, int threads) {

    /** Real Cityscapes city names per split, so generated trees look like the real one. */
    public static final Map<Split, List<String>> DEFAULT_CITIES = defaultCities();

    public GenerateConfig {
        if (out == null) {
            throw new IllegalArgumentException("'generate.out' is required: the folder to write the dataset to");
        }
        if (height < 16 || width < 16) {
            throw new IllegalArgumentException("'generate.height' x 'generate.width' is " + height + "x" + width
                    + " but must be at least 16x16");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("'generate.threads' is " + threads + " but must be at least 1");
        }
        if (imagesPerSplit.isEmpty()) {
            throw new IllegalArgumentException("'generate.splits' is empty but must name at least one split");
        }
        for (Map.Entry<Split, Integer> e : imagesPerSplit.entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("'generate.images' for split " + e.getKey() + " is " + e.getValue()
                        + " but must not be negative");
            }
            List<String> c = cities.get(e.getKey());
            if (c == null || c.isEmpty()) {
                throw new IllegalArgumentException("'generate.cities' names no city for split " + e.getKey());
            }
            for (String city : c) {
                if (!city.matches("[a-z][a-z-]*")) {
                    throw new IllegalArgumentException("'generate.cities' has '" + city
                            + "' but city names must be lower-case letters and '-' (they are part of file names)");
                }
            }
        }
        imagesPerSplit = Collections.unmodifiableMap(new EnumMap<>(imagesPerSplit));
        cities = Collections.unmodifiableMap(new EnumMap<>(cities));
    }

    /** Deals {@code total} frames over the splits as evenly as possible, earlier splits first. */
    public static Map<Split, Integer> spread(int total, List<Split> splits) {
        if (total < 0) {
            throw new IllegalArgumentException("'generate.images' is " + total + " but must not be negative");
        }
        Map<Split, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < splits.size(); i++) {
            out.put(splits.get(i), total / splits.size() + (i < total % splits.size() ? 1 : 0));
        }
        return out;
    }

    /** Builds the config from resolved settings ({@code generate.*}, {@code run.seed}, {@code run.threads}). */
    public static GenerateConfig from(org.segpipe.core.config.Settings s) {
        List<Split> splits = new java.util.ArrayList<>();
        for (String name : s.list("generate.splits")) {
            try {
                splits.add(Split.fromFolderName(name));
            } catch (IllegalArgumentException e) {
                throw new org.segpipe.core.config.ConfigException("'generate.splits' has '" + name
                        + "' but splits are train, val, test and train_extra");
            }
        }
        if (splits.isEmpty()) {
            throw new org.segpipe.core.config.ConfigException("'generate.splits' is empty but must name at least one split");
        }
        String images = s.string("generate.images");
        Map<Split, Integer> perSplit;
        if (images.contains("=")) {
            perSplit = new LinkedHashMap<>();
            for (String part : s.list("generate.images")) {
                String[] kv = part.split("=", 2);
                Split split;
                int n;
                try {
                    split = Split.fromFolderName(kv[0].trim());
                    n = Integer.parseInt(kv[1].trim());
                } catch (RuntimeException e) {
                    throw new org.segpipe.core.config.ConfigException("'generate.images' has '" + part
                            + "' but per-split counts look like 'train=200,val=50'");
                }
                perSplit.put(split, n);
            }
        } else {
            int total;
            try {
                total = Integer.parseInt(images);
            } catch (NumberFormatException e) {
                throw new org.segpipe.core.config.ConfigException("'generate.images' is '" + images
                        + "' but must be a count such as 6, or per split such as 'train=200,val=50'");
            }
            if (total < 0) {
                throw new org.segpipe.core.config.ConfigException("'generate.images' is " + total + " but must not be negative");
            }
            perSplit = spread(total, splits);
        }
        List<String> cityList = s.list("generate.cities");
        Map<Split, List<String>> cities = new EnumMap<>(Split.class);
        for (Split split : perSplit.keySet()) {
            cities.put(split, cityList.isEmpty() ? DEFAULT_CITIES.get(split) : cityList);
        }
        int threads = s.integerAtLeast("run.threads", 0);
        String out = s.find("generate.out").filter(v -> !v.isBlank()).orElseThrow(() ->
                new org.segpipe.core.config.ConfigException("'generate.out' is not set: give --out DIR"));
        return new GenerateConfig(Path.of(out), perSplit, s.integer("generate.height"), s.integer("generate.width"),
                s.longValue("run.seed"), cities, threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
    }

    public int totalImages() {
        return imagesPerSplit.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static Map<Split, List<String>> defaultCities() {
        Map<Split, List<String>> m = new EnumMap<>(Split.class);
        m.put(Split.TRAIN, List.of("aachen", "bochum", "bremen"));
        m.put(Split.VAL, List.of("frankfurt", "lindau", "munster"));
        m.put(Split.TEST, List.of("berlin", "bielefeld", "bonn"));
        m.put(Split.TRAIN_EXTRA, List.of("augsburg", "bad-honnef", "bamberg"));
        return Collections.unmodifiableMap(m);
    }
}
