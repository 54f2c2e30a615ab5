package org.segpipe.jobs;

/**
 * A command-line option of a command. Options that set a config key are shorthand for
 * {@code --set key=value}; the others are read by the command itself.
 *
 * @param name    without dashes, e.g. {@code images}
 * @param key     the config key it sets, or null
 * @param argName placeholder shown in help, or null for a flag
 * @param help    one line
 */
public record CliOption(String name, String key, String argName, String help) {

    public static CliOption key(String name, String key, String argName, String help) {
        return new CliOption(name, key, argName, help);
    }

    public static CliOption local(String name, String argName, String help) {
        return new CliOption(name, null, argName, help);
    }

    public boolean isFlag() {
        return argName == null;
    }
}
