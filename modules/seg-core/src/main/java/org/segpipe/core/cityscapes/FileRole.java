package org.segpipe.core.cityscapes;

/** What a file of a Cityscapes sample holds, with its file-name suffix. */
public enum FileRole {
    /** {@code _leftImg8bit.png}: 8-bit RGB camera image. */
    IMAGE("leftImg8bit", ".png"),
    /** {@code _labelIds.png}: 8-bit grayscale label ids. */
    LABEL_IDS(null, "_labelIds.png"),
    /** {@code _instanceIds.png}: 16-bit grayscale, labelId*1000+k for instances. */
    INSTANCE_IDS(null, "_instanceIds.png"),
    /** {@code _color.png}: the label ids in the official palette, for people. */
    COLOR(null, "_color.png"),
    /** {@code _polygons.json}: the polygon annotation the label images are drawn from. */
    POLYGONS(null, "_polygons.json"),
    /** {@code _labelTrainIds.png}: train ids, written by createTrainIdLabelImgs. */
    LABEL_TRAIN_IDS(null, "_labelTrainIds.png"),
    /** {@code _instanceTrainIds.png}: train-id instances, written by createTrainIdInstanceImgs. */
    INSTANCE_TRAIN_IDS(null, "_instanceTrainIds.png");

    private final String fixedType;
    private final String suffix;

    FileRole(String fixedType, String suffix) {
        this.fixedType = fixedType;
        this.suffix = suffix;
    }

    /** The suffix after the type token, e.g. {@code _labelIds.png}. */
    public String suffix() {
        return suffix;
    }

    public boolean isAnnotation() {
        return fixedType == null;
    }

    /** The type token: {@code leftImg8bit} for images, else the annotation set's name. */
    public String typeToken(AnnotationSet annotations) {
        return fixedType != null ? fixedType : annotations.folderName();
    }
}
