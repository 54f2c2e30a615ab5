package org.segpipe.model.net;

import java.util.ArrayList;
import java.util.List;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;

/**
 * The shape of a UNet: {@code depth} 2x poolings; level {@code l} has
 * {@code round(baseFilters * filterGrowth^l)} filters (the bottleneck is level {@code depth});
 * each level is a block of two 3x3 convolutions with batch norm and ReLU, except the bottleneck,
 * which has one dilated 3x3 convolution per rate when {@code dilationRates} is not empty.
 * Dropout (drop probability) applies to the bottleneck output during training.
 *
 * @param inputHeight network input height in px (training crop size; summary and benchmark size)
 * @param inputWidth  network input width in px
 */
public record UNetConfig(int depth, int baseFilters, double filterGrowth, Upsampling upsampling, List<Integer> dilationRates,
                         double dropout, int classes, int inputChannels, int inputHeight, int inputWidth) {

    public static final String DEPTH = "model.depth";
    public static final String BASE_FILTERS = "model.base-filters";
    public static final String FILTER_GROWTH = "model.filter-growth";
    public static final String UPSAMPLING = "model.upsampling";
    public static final String DILATION_RATES = "model.dilation-rates";
    public static final String DROPOUT = "model.dropout";
    public static final String CLASSES = "model.classes";
    public static final String INPUT_CHANNELS = "model.input-channels";
    public static final String INPUT_HEIGHT = "model.input-height";
    public static final String INPUT_WIDTH = "model.input-width";

    public UNetConfig {
        dilationRates = List.copyOf(dilationRates);
        check(depth >= 1 && depth <= 8, DEPTH, depth, "must be between 1 and 8");
        check(baseFilters >= 1, BASE_FILTERS, baseFilters, "must be at least 1");
        check(filterGrowth >= 1 && filterGrowth <= 4, FILTER_GROWTH, filterGrowth, "must be between 1 and 4");
        check(dropout >= 0 && dropout < 1, DROPOUT, dropout, "must be a drop probability in [0, 1)");
        check(classes >= 2 && classes <= 255, CLASSES, classes, "must be between 2 and 255 (255 is the ignore label)");
        check(inputChannels >= 1, INPUT_CHANNELS, inputChannels, "must be at least 1");
        for (int r : dilationRates) {
            check(r >= 1 && r <= 64, DILATION_RATES, dilationRates, "must hold rates between 1 and 64");
        }
        int multiple = 1 << depth;
        check(inputHeight >= multiple && inputHeight % multiple == 0, INPUT_HEIGHT, inputHeight,
                "must be a positive multiple of 2^" + DEPTH + " = " + multiple);
        check(inputWidth >= multiple && inputWidth % multiple == 0, INPUT_WIDTH, inputWidth,
                "must be a positive multiple of 2^" + DEPTH + " = " + multiple);
    }

    private static void check(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new ConfigException("'" + key + "' is " + value + " but " + rule);
        }
    }

    /** The reference network of the benchmark: depth 4, 16 base filters, transposed upsampling, 19 classes, 3x256x512. */
    public static UNetConfig reference() {
        return new UNetConfig(4, 16, 2.0, Upsampling.TRANSPOSED, List.of(), 0.0, CityscapesLabels.NUM_TRAIN_IDS, 3, 256, 512);
    }

    public static UNetConfig from(Settings s) {
        List<Integer> rates = new ArrayList<>();
        for (String r : s.list(DILATION_RATES)) {
            try {
                rates.add(Integer.parseInt(r));
            } catch (NumberFormatException e) {
                throw new ConfigException("'" + DILATION_RATES + "' is '" + s.find(DILATION_RATES).orElse("") + "' but must be a list of integers, e.g. 2,4");
            }
        }
        return new UNetConfig(s.integer(DEPTH), s.integer(BASE_FILTERS), s.decimal(FILTER_GROWTH),
                Upsampling.parse(s.string(UPSAMPLING), UPSAMPLING), rates, s.decimal(DROPOUT), s.integer(CLASSES),
                s.integer(INPUT_CHANNELS), s.integer(INPUT_HEIGHT), s.integer(INPUT_WIDTH));
    }

    /** Filters at level {@code level} (0 = full resolution, {@code depth} = bottleneck). */
    public int filters(int level) {
        return (int) Math.max(1, Math.round(baseFilters * Math.pow(filterGrowth, level)));
    }

    /** Height and width of any input must be multiples of this. */
    public int sizeMultiple() {
        return 1 << depth;
    }

    /** The same network at another input size (for validation and prediction at full resolution). */
    public UNetConfig withInputSize(int height, int width) {
        return new UNetConfig(depth, baseFilters, filterGrowth, upsampling, dilationRates, dropout, classes, inputChannels, height, width);
    }

    /** Why an image of this size cannot go through the network, or null if it can. */
    public String sizeProblem(int height, int width) {
        int m = sizeMultiple();
        if (height % m != 0 || width % m != 0) {
            return "input " + width + "x" + height + " is not a multiple of 2^" + DEPTH + " = " + m + " in both dimensions";
        }
        return null;
    }
}
