package org.segpipe.core.dataset;

/**
 * Something wrong with an input, as it goes into a rejects table or an inspection report.
 *
 * @param path   the offending file (or folder)
 * @param stage  where it was found: {@code list}, {@code name}, {@code pair}, {@code read}, {@code decode},
 *               {@code validate}
 * @param reason what was expected and what was found
 */
public record DataProblem(String path, String stage, String reason) {

    public static final String LIST = "list";
    public static final String NAME = "name";
    public static final String PAIR = "pair";
    /** The file was listed but its bytes could not be read. */
    public static final String READ = "read";
    public static final String DECODE = "decode";
    public static final String VALIDATE = "validate";

    @Override
    public String toString() {
        return "[" + stage + "] " + reason + (reason.startsWith(path) ? "" : " (" + path + ")");
    }
}
