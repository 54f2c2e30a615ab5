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

    public String local(String name, String fallback) {
        return localOptions.getOrDefault(name, fallback);
    }

    public boolean flag(String name) {
        return localOptions.containsKey(name);
    }
}
