package org.segpipe.jobs;

/** Process exit codes of scripts/seg, so schedulers can tell failures apart. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** The command ran and found problems in its input (e.g. inspect). */
    public static final int PROBLEMS_FOUND = 1;
    /** Bad command line or configuration; nothing was done. */
    public static final int USAGE = 2;
    /** The command failed while running. */
    public static final int FAILED = 3;

    private ExitCodes() {
    }
}
