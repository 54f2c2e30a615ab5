package org.segpipe.core.config;

/** A configuration that cannot be used; the message names the key, the value and the rule. */
public final class ConfigException extends IllegalArgumentException {

    public ConfigException(String message) {
        super(message);
    }
}
