package org.segpipe.jobs;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.segpipe.core.config.Settings;

/**
 * A parsed command line: resolved settings, positional arguments, command-local options and the
 * streams to write to.
 */
public record Invocation(Settings settings, List<String> positional, Map<String, String> localOptions,
                         PrintStream out, PrintStream err) {

    /** The option's value (the last one when it was given more than once), or {@code fallback}. */
    public String local(String name, String fallback) {
        List<String> all = all(name);
        return all.isEmpty() ? fallback : all.get(all.size() - 1);
    }

    /** Every value of a repeatable option, in command-line order. */
    public List<String> all(String name) {
        String v = localOptions.get(name);
        return v == null ? List.of() : List.of(v.split("\n", -1));
    }

    public boolean flag(String name) {
        return localOptions.containsKey(name);
    }
}
