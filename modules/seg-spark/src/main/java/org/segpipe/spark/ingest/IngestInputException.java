package org.segpipe.spark.ingest;

/**
 * A problem of the whole input (nothing found, a missing folder, a URI no file system serves):
 * nothing was written, and the one-line message says what to fix. {@code seg ingest} exits with 2.
 */
public final class IngestInputException extends IllegalArgumentException {

    public IngestInputException(String message) {
        super(message);
    }

    public IngestInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
