package org.segpipe.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves configuration once, on the driver, in this order of precedence (highest first):
 * <ol>
 *   <li>command-line values: {@code --set key=value} and a command's own options such as
 *       {@code --images 6}, later ones winning;</li>
 *   <li>the config file given with {@code --conf FILE};</li>
 *   <li>the defaults in {@link ConfigKeys}.</li>
 * </ol>
 * Config files hold {@code key = value} lines; {@code #} starts a comment. Keys must be known to
 * {@link ConfigKeys}, except {@code spark.*} and {@code spark-hadoop.*} keys, which pass through to
 * Spark and Hadoop. An unknown key is an error naming the file and line and the nearest known key.
 */
public final class SettingsResolver {

    private SettingsResolver() {
    }

    public static Settings resolve(Path confFile, List<String> overrides) {
        Map<String, String> values = new LinkedHashMap<>(ConfigKeys.defaults());
        if (confFile != null) {
            values.putAll(readFile(confFile));
        }
        for (String kv : overrides) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set expects key=value, found '" + kv + "'");
            }
            String key = kv.substring(0, eq).trim();
            checkKnown(key, "--set " + kv);
            values.put(key, kv.substring(eq + 1).trim());
        }
        return new Settings(values);
    }

    /** Reads a config file; every error names the file and line. */
    public static Map<String, String> readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return parse(lines, file.toString());
    }

    /** Parses config lines ({@code key = value}, {@code #} comments); errors name {@code source} and the line. */
    public static Map<String, String> parse(List<String> lines, String source) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            String where = source + ":" + (i + 1);
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(where + ": expected 'key = value', found '" + line + "'");
            }
            String key = line.substring(0, eq).trim();
            checkKnown(key, where);
            if (out.put(key, line.substring(eq + 1).trim()) != null) {
                throw new ConfigException(where + ": key '" + key + "' is set twice");
            }
        }
        return out;
    }

    private static void checkKnown(String key, String where) {
        if (key.startsWith("spark.") || key.startsWith("spark-hadoop.") || ConfigKeys.find(key).isPresent()) {
            return;
        }
        throw new ConfigException(where + ": unknown key '" + key + "'" + ConfigKeys.nearest(key)
                .map(k -> " (did you mean '" + k + "'?)").orElse("") + "; conf/README.md lists every key");
    }
}
