package org.segpipe.model.net;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.segpipe.model.layers.ChannelConcat;
import org.segpipe.model.layers.ConvUnit;
import org.segpipe.model.layers.MaxUnpool2x2;
import org.segpipe.model.layers.Resize2x;
import org.segpipe.model.layers.SegmentationOutput;
import org.segpipe.model.layers.UpConv2x2;
import org.segpipe.model.loss.LossSpec;

/**
 * Builds the UNet of a {@link UNetConfig} as a DL4J {@link ComputationGraph} of the fast NHWC
 * layers ({@link ConvUnit}, {@link UpConv2x2}, {@link Resize2x}, {@link MaxUnpool2x2},
 * {@link SegmentationOutput}). Input {@code "image"} is {@code [N, H, W, C]}; labels are train ids
 * {@code [N, H, W, 1]}; the output is per-pixel class probabilities {@code [N, H, W, classes]}.
 *
 * <p>Vertex names: {@code enc{l}-conv{i}}, {@code enc{l}-pool}, {@code mid-conv{i}},
 * {@code mid-dropout}, then per decoder level {@code dec{l}-up} (transposed),
 * {@code dec{l}-resize} + {@code dec{l}-up} (nearest, bilinear), {@code dec{l}-reduce} +
 * {@code dec{l}-up} (unpool), {@code dec{l}-concat}, {@code dec{l}-conv{i}}, and {@code head},
 * {@code output}. {@link StandardUNet} uses the same names for DL4J's built-in layers.
 */
public final class UNetBuilder {

    public static final String INPUT = "image";
    public static final String OUTPUT = "output";

    private UNetBuilder() {
    }

    public static ComputationGraph build(UNetConfig cfg, LossSpec loss, NetTraining training) {
        return build(cfg, loss, training, DataType.FLOAT);
    }

    public static ComputationGraph build(UNetConfig cfg, LossSpec loss, NetTraining training, DataType dataType) {
        ComputationGraph net = new ComputationGraph(configuration(cfg, loss, training, dataType));
        net.init();
        return net;
    }

    public static ComputationGraphConfiguration configuration(UNetConfig cfg, LossSpec loss, NetTraining training, DataType dataType) {
        loss.checkClasses(cfg.classes());
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(training.seed())
                .dataType(dataType)
                .updater(training.updater())
                .weightInit(WeightInit.RELU)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .cacheMode(CacheMode.NONE);
        if (training.weightDecay() > 0) {
            base.weightDecay(training.weightDecay());
        }
        ComputationGraphConfiguration.GraphBuilder g = base.graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(cfg.inputHeight(), cfg.inputWidth(),
                        cfg.inputChannels(), CNN2DFormat.NHWC));

        String prev = INPUT;
        String[] skips = new String[cfg.depth()];
        for (int l = 0; l < cfg.depth(); l++) {
            prev = block(g, "enc" + l, prev, cfg.filters(l), 2, 1);
            skips[l] = prev;
            g.addLayer("enc" + l + "-pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                    .dataFormat(CNN2DFormat.NHWC).build(), prev);
            prev = "enc" + l + "-pool";
        }
        prev = bottleneck(g, cfg, prev);
        if (cfg.dropout() > 0) {
            g.addLayer("mid-dropout", new DropoutLayer.Builder().dropOut(new Dropout(1 - cfg.dropout())).build(), prev);
            prev = "mid-dropout";
        }
        for (int l = cfg.depth() - 1; l >= 0; l--) {
            String up = upsample(g, cfg, l, prev, skips[l]);
            g.addVertex("dec" + l + "-concat", new ChannelConcat(), up, skips[l]);
            prev = block(g, "dec" + l, "dec" + l + "-concat", cfg.filters(l), 2, 1);
        }
        ConvUnit head = ConvUnit.of(cfg.classes(), 1, 1, true, false, false);
        head.setWeightInitFn(new WeightInitXavier());
        g.addLayer("head", head, prev);
        g.addLayer(OUTPUT, SegmentationOutput.of(cfg.classes(), loss), "head");
        g.setOutputs(OUTPUT);
        return g.build();
    }

    private static String block(ComputationGraphConfiguration.GraphBuilder g, String level, String in, int filters, int convs,
                                int dilation) {
        String prev = in;
        for (int i = 0; i < convs; i++) {
            String name = level + "-conv" + i;
            g.addLayer(name, ConvUnit.of(filters, 3, dilation, false, true, true), prev);
            prev = name;
        }
        return prev;
    }

    private static String bottleneck(ComputationGraphConfiguration.GraphBuilder g, UNetConfig cfg, String in) {
        int filters = cfg.filters(cfg.depth());
        if (cfg.dilationRates().isEmpty()) {
            return block(g, "mid", in, filters, 2, 1);
        }
        String prev = in;
        for (int i = 0; i < cfg.dilationRates().size(); i++) {
            String name = "mid-conv" + i;
            g.addLayer(name, ConvUnit.of(filters, 3, cfg.dilationRates().get(i), false, true, true), prev);
            prev = name;
        }
        return prev;
    }

    /** Adds the up step of level {@code l}; returns the vertex giving {@code filters(l)} channels at level l's size. */
    private static String upsample(ComputationGraphConfiguration.GraphBuilder g, UNetConfig cfg, int l, String in, String skip) {
        String up = "dec" + l + "-up";
        int filters = cfg.filters(l);
        switch (cfg.upsampling()) {
            case TRANSPOSED -> g.addLayer(up, UpConv2x2.of(filters), in);
            case NEAREST, BILINEAR -> {
                String resize = "dec" + l + "-resize";
                g.addLayer(resize, cfg.upsampling() == Upsampling.NEAREST ? Resize2x.nearest() : Resize2x.bilinear(), in);
                g.addLayer(up, ConvUnit.of(filters, 3, 1, true, false, false), resize);
            }
            case UNPOOL -> {
                String reduce = "dec" + l + "-reduce";
                g.addLayer(reduce, ConvUnit.of(filters, 1, 1, true, false, false), in);
                g.addVertex(up, new MaxUnpool2x2(), reduce, skip);
            }
            default -> throw new IllegalStateException("unknown upsampling " + cfg.upsampling());
        }
        return up;
    }
}
