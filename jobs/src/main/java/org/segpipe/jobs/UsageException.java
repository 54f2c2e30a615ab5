package org.segpipe.jobs;

/** A command line that cannot be understood; the message says what to type instead. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
