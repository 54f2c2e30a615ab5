package org.segpipe.core.cityscapes;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The Cityscapes splits; {@code train_extra} exists only with coarse annotations. */
public enum Split {
    TRAIN("train"),
    VAL("val"),
    TEST("test"),
    TRAIN_EXTRA("train_extra");

    private final String folderName;

    Split(String folderName) {
        this.folderName = folderName;
    }

    /** The folder name, as in {@code leftImg8bit/train_extra}. */
    public String folderName() {
        return folderName;
    }

    public static Split fromFolderName(String name) {
        for (Split s : values()) {
            if (s.folderName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split '" + name + "' (expected one of "
                + Arrays.stream(values()).map(Split::folderName).collect(Collectors.joining(", ")) + ")");
    }

    public static boolean isSplitName(String name) {
        for (Split s : values()) {
            if (s.folderName.equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return folderName;
    }
}
