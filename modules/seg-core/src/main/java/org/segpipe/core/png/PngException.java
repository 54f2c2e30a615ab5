package org.segpipe.core.png;

/**
 * A PNG that cannot be used, with the file it came from, what was expected and what was found.
 * {@link #problem()} classifies the failure for rejects tables.
 */
public final class PngException extends RuntimeException {

    /** Why a PNG was refused. */
    public enum Problem {
        /** Not a PNG at all (wrong signature, empty file). */
        NOT_PNG,
        /** The file ends before the image does. */
        TRUNCATED,
        /** Checksums fail, chunks are out of order, or the compressed data is invalid. */
        CORRUPT,
        /** The header claims more pixels than the configured limits (decompression bomb guard). */
        TOO_LARGE,
        /** A valid PNG whose bit depth or colour type is not what the file's role needs. */
        WRONG_FORMAT,
        /** A valid PNG feature this codec does not implement (e.g. interlacing). */
        UNSUPPORTED
    }

    private final String source;
    private final Problem problem;

    public PngException(String source, Problem problem, String detail) {
        super(source + ": " + detail);
        this.source = source;
        this.problem = problem;
    }

    public PngException(String source, Problem problem, String detail, Throwable cause) {
        super(source + ": " + detail, cause);
        this.source = source;
        this.problem = problem;
    }

    public String source() {
        return source;
    }

    public Problem problem() {
        return problem;
    }
}
