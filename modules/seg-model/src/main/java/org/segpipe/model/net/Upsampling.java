package org.segpipe.model.net;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.segpipe.core.config.ConfigException;

/** How the decoder doubles resolution at each level ({@code model.upsampling}). */
public enum Upsampling {
    /** A learned 2x2 stride-2 transposed convolution with bias (the original UNet "up-convolution"). */
    TRANSPOSED("transposed"),
    /** Nearest-neighbour 2x, then a 3x3 convolution with bias ("resize-convolution"). */
    NEAREST("nearest"),
    /** Bilinear 2x (half-pixel centres), then a 3x3 convolution with bias. */
    BILINEAR("bilinear"),
    /** A 1x1 convolution with bias to the skip's channels, then max-unpooling at the encoder's pooling indices (SegNet). */
    UNPOOL("unpool");

    private final String configName;

    Upsampling(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Upsampling parse(String name, String key) {
        for (Upsampling u : values()) {
            if (u.configName.equals(name.trim())) {
                return u;
            }
        }
        throw new ConfigException("'" + key + "' is '" + name + "' but must be one of "
                + Arrays.stream(values()).map(Upsampling::configName).collect(Collectors.joining(", ")));
    }
}
