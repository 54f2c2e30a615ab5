package org.segpipe.core.cityscapes;

/** The two annotation sets of Cityscapes. */
public enum AnnotationSet {
    GT_FINE("gtFine"),
    GT_COARSE("gtCoarse");

    private final String folderName;

    AnnotationSet(String folderName) {
        this.folderName = folderName;
    }

    /** Both the top-level folder name and the type token in file names. */
    public String folderName() {
        return folderName;
    }

    public static AnnotationSet fromName(String name) {
        for (AnnotationSet a : values()) {
            if (a.folderName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown annotation set '" + name + "' (expected gtFine or gtCoarse)");
    }

    @Override
    public String toString() {
        return folderName;
    }
}
