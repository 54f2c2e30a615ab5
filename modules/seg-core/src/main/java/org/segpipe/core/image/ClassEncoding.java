package org.segpipe.core.image;

/** Which id space the values of a {@link ClassMask} are in. */
public enum ClassEncoding {
    /** Cityscapes label ids 0..33, as in {@code *_labelIds.png}. */
    LABEL_IDS,
    /** Train ids 0..18 with 255 = ignore, as fed to the network. */
    TRAIN_IDS
}
