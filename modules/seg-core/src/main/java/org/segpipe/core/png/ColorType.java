package org.segpipe.core.png;

/** PNG colour types (PNG spec 11.2.2) with their channel counts. */
public enum ColorType {
    GRAY(0, 1, "grayscale"),
    RGB(2, 3, "RGB"),
    PALETTE(3, 1, "palette"),
    GRAY_ALPHA(4, 2, "grayscale+alpha"),
    RGBA(6, 4, "RGBA");

    private final int code;
    private final int channels;
    private final String description;

    ColorType(int code, int channels, String description) {
        this.code = code;
        this.channels = channels;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public int channels() {
        return channels;
    }

    public String description() {
        return description;
    }

    public static ColorType fromCode(int code) {
        for (ColorType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
