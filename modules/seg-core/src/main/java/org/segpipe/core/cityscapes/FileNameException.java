package org.segpipe.core.cityscapes;

/** A path that does not follow the Cityscapes layout or file-name grammar. */
public final class FileNameException extends IllegalArgumentException {

    private final String path;

    public FileNameException(String path, String expectation) {
        super(path + ": " + expectation);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
