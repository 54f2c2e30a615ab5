package org.segpipe.core.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Resolved configuration: every key's final value as a string, with typed accessors whose errors
 * name the key, the value and the rule. Built only by {@link SettingsResolver}; immutable.
 */
public final class Settings {

    private final Map<String, String> values;

    Settings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Settings from a plain map, for tests and programmatic use; defaults are not applied. */
    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    public Map<String, String> asMap() {
        return values;
    }

    public Optional<String> find(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String string(String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new ConfigException("'" + key + "' is not set but is required");
        }
        return v.trim();
    }

    public int integer(String key) {
        String v = string(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("'" + key + "' is '" + v + "' but must be an integer");
        }
    }

    public long longValue(String key) {
        String v = string(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("'" + key + "' is '" + v + "' but must be an integer");
        }
    }

    public double decimal(String key) {
        String v = string(key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("'" + key + "' is '" + v + "' but must be a number");
        }
    }

    public boolean bool(String key) {
        String v = string(key).toLowerCase();
        return switch (v) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException("'" + key + "' is '" + v + "' but must be true or false");
        };
    }

    /** A comma-separated list; empty entries are dropped. */
    public List<String> list(String key) {
        String v = values.get(key);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** An integer that must be at least {@code min}. */
    public int integerAtLeast(String key, int min) {
        int v = integer(key);
        if (v < min) {
            throw new ConfigException("'" + key + "' is " + v + " but must be at least " + min);
        }
        return v;
    }

    /**
     * The values with those of keys that look like secrets (secret, password, token, credential,
     * access/session keys) replaced by {@code ***}: what may be printed, logged or recorded.
     */
    public Map<String, String> redacted() {
        TreeMap<String, String> safe = new TreeMap<>();
        values.forEach((k, v) -> safe.put(k, isSecret(k) ? "***" : v));
        return Collections.unmodifiableMap(safe);
    }

    /** True for keys whose values must never be printed or recorded. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("secret") || k.contains("password") || k.contains("token") || k.contains("credential")
                || k.endsWith("access.key") || k.endsWith("session.key");
    }

    /** SHA-256 over the sorted key=value lines: the config hash recorded with every artifact. */
    public String hash() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : values.entrySet()) {
                md.update((e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return redacted().toString();
    }
}
