package org.segpipe.core.augment;

import java.io.Serializable;
import java.util.List;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;

/**
 * How samples are augmented: the pipeline, the seed and the image fill.
 *
 * @param pipeline     the steps ({@code augment.pipeline})
 * @param seed         {@code augment.seed}, or {@code run.seed} when that is empty
 * @param imageFillRgb packed 0xRRGGBB given to image pixels a geometric step uncovers ({@code augment.image-fill})
 */
public record AugmentConfig(Pipeline pipeline, long seed, int imageFillRgb) implements Serializable {

    public static final String PIPELINE = "augment.pipeline";
    public static final String SEED = "augment.seed";
    public static final String IMAGE_FILL = "augment.image-fill";

    public static AugmentConfig from(Settings s) {
        return from(s, PIPELINE);
    }

    /**
     * The config with the steps taken from {@code pipelineKey} (e.g. {@code train.augment}, the
     * on-the-fly pipeline of training) and the seed and fill from the {@code augment.*} keys.
     */
    public static AugmentConfig from(Settings s, String pipelineKey) {
        Pipeline pipeline = Pipeline.parse(s.find(pipelineKey).orElse("none"), pipelineKey);
        String seedText = s.find(SEED).map(String::trim).orElse("");
        long seed = seedText.isEmpty() ? s.longValue("run.seed") : s.longValue(SEED);
        return new AugmentConfig(pipeline, seed, parseFill(s.find(IMAGE_FILL).orElse("0,0,0")));
    }

    /** The augmenter for this config. */
    public PipelineAugmenter augmenter() {
        return new PipelineAugmenter(pipeline, seed, imageFillRgb);
    }

    /** A gray level {@code 0..255} or {@code r,g,b}. */
    static int parseFill(String text) {
        List<String> parts = List.of(text.trim().split("\\s*,\\s*"));
        String rule = "'" + IMAGE_FILL + "' is '" + text + "' but must be a gray level 0-255 or r,g,b with each 0-255";
        if (parts.size() != 1 && parts.size() != 3) {
            throw new ConfigException(rule);
        }
        int[] c = new int[3];
        for (int i = 0; i < 3; i++) {
            String p = parts.get(parts.size() == 1 ? 0 : i);
            try {
                c[i] = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new ConfigException(rule);
            }
            if (c[i] < 0 || c[i] > 255) {
                throw new ConfigException(rule);
            }
        }
        return (c[0] << 16) | (c[1] << 8) | c[2];
    }
}
