package org.segpipe.core.config;

/**
 * One documented configuration key.
 *
 * @param name         kebab-case, dotted by area: {@code generate.images}
 * @param defaultValue the value when neither file nor command line sets it; null for required keys
 * @param type         what values look like, for people: {@code int}, {@code path}, {@code list of splits}
 * @param doc          one sentence: what it does, with its unit
 */
public record ConfigKey(String name, String defaultValue, String type, String doc) {

    public ConfigKey {
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)+")) {
            throw new IllegalArgumentException("config key '" + name + "' must be dotted kebab-case, e.g. 'train.input-height'");
        }
    }
}
