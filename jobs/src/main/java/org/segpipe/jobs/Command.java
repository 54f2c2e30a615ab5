package org.segpipe.jobs;

import java.util.List;

/** One {@code scripts/seg} command. */
public interface Command {

    String name();

    String summary();

    /** Usage after the command name, e.g. {@code DIR [--threads N]}. */
    String usage();

    List<CliOption> options();

    /** Runs the command; returns the process exit code (see {@link ExitCodes}). */
    int run(Invocation invocation) throws Exception;
}
