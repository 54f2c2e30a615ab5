package org.segpipe.model.net;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;
import org.segpipe.model.loss.LossSpec;

/** Which network a {@link UNetConfig} is built into ({@code model.architecture}). */
public enum NetArchitecture {
    /** The UNet of {@link UNetBuilder} (softmax head, or a sigmoid head with {@code model.classes = 1}). */
    UNET("unet"),
    /** The light U²-Net of {@link U2NetBuilder} (saliency: one sigmoid channel, deep supervision). */
    U2NET_LITE("u2net-lite");

    public static final String KEY = "model.architecture";

    private final String configName;

    NetArchitecture(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static NetArchitecture from(Settings s) {
        String v = s.find(KEY).orElse("unet").trim();
        for (NetArchitecture a : values()) {
            if (a.configName.equals(v)) {
                return a;
            }
        }
        throw new ConfigException("'" + KEY + "' is '" + v + "' but must be unet or u2net-lite");
    }

    public ComputationGraph build(UNetConfig cfg, LossSpec loss, NetTraining training) {
        return this == UNET ? UNetBuilder.build(cfg, loss, training) : U2NetBuilder.build(cfg, loss, training);
    }
}
