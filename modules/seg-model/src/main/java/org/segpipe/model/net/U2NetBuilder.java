package org.segpipe.model.net;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.nd4j.linalg.api.buffer.DataType;
import org.segpipe.model.layers.ConvUnit;
import org.segpipe.model.layers.Resize2x;
import org.segpipe.model.layers.SegmentationOutput;
import org.segpipe.model.loss.LossSpec;

/**
 * A light U²-Net (Qin et al. 2020) for salient object detection: a U-Net whose encoder and decoder
 * stages are themselves small U-Nets (residual U-blocks, RSU) — the nested two-level U-structure —
 * with a side output per decoder stage and the bottom, upsampled to the input size and fused by a
 * 1x1 convolution. Every side output and the fused map is a one-channel sigmoid output with the
 * same binary loss (deep supervision); the fused map is output 0, the one prediction uses.
 *
 * <p>From a {@link UNetConfig}: {@code depth} outer stages (each pooled by 2, then a dilated
 * bottom stage), stage {@code l} an RSU of height {@code depth + 1 - l} (at least 2) with
 * {@code filters(l)} output and {@code baseFilters} inner channels ("light": the paper's small
 * U²-Net-P uses 16 inner, 64 output channels); {@code classes} must be 1.
 *
 * <p>RSU-L(in, mid, out): {@code x0 = conv(in -> out)}; encoder {@code e1 = conv(x0 -> mid)}, then
 * pool + conv for {@code e2..e(L-1)}, {@code eL = conv(dilation 2)(e(L-1))}; decoder
 * {@code d(L-1) = conv(concat(eL, e(L-1)))}, then upsample + concat with {@code e(k)} + conv;
 * {@code d1} has {@code out} channels; the block returns {@code d1 + x0} (residual).
 */
public final class U2NetBuilder {

    /** Output names: the fused map first, then the side outputs from the top stage down. */
    public static final String FUSED = UNetBuilder.OUTPUT;

    private U2NetBuilder() {
    }

    public static ComputationGraph build(UNetConfig cfg, LossSpec loss, NetTraining training) {
        ComputationGraph net = new ComputationGraph(configuration(cfg, loss, training, DataType.FLOAT));
        net.init();
        return net;
    }

    public static ComputationGraphConfiguration configuration(UNetConfig cfg, LossSpec loss, NetTraining training,
                                                              DataType dataType) {
        if (cfg.classes() != 1 || !loss.kind().binary()) {
            throw new IllegalArgumentException("the U²-Net is a saliency network: it needs 'model.classes' = 1 and a binary "
                    + "loss (bce, iou or bce-iou), found " + cfg.classes() + " classes and " + loss.kind().configName());
        }
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
                .addInputs(UNetBuilder.INPUT)
                .setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(cfg.inputHeight(), cfg.inputWidth(),
                        cfg.inputChannels(), CNN2DFormat.NHWC));
        int depth = cfg.depth();
        int mid = cfg.baseFilters();
        String prev = UNetBuilder.INPUT;
        String[] enc = new String[depth];
        for (int l = 0; l < depth; l++) {
            enc[l] = rsu(g, "en" + l, prev, mid, cfg.filters(l), height(depth, l));
            g.addLayer("en" + l + "-pool", pool(), enc[l]);
            prev = "en" + l + "-pool";
        }
        String bottom = rsu(g, "bottom", prev, mid, cfg.filters(depth), 2);
        List<String> sides = new ArrayList<>();
        sides.add(side(g, "side-bottom", bottom, depth));
        prev = bottom;
        List<String> decSides = new ArrayList<>();
        for (int l = depth - 1; l >= 0; l--) {
            g.addLayer("de" + l + "-up", Resize2x.bilinear(), prev);
            g.addVertex("de" + l + "-cat", new MergeVertex(), "de" + l + "-up", enc[l]);
            prev = rsu(g, "de" + l, "de" + l + "-cat", mid, cfg.filters(l), height(depth, l));
            decSides.add(0, side(g, "side" + l, prev, l));
        }
        sides.addAll(0, decSides); // side0 (top) .. side(depth-1), then the bottom
        g.addVertex("fuse-cat", new MergeVertex(), sides.toArray(new String[0]));
        ConvUnit fuse = ConvUnit.of(1, 1, 1, true, false, false);
        fuse.setWeightInitFn(new WeightInitXavier());
        g.addLayer("fuse", fuse, "fuse-cat");
        List<String> outputs = new ArrayList<>();
        g.addLayer(FUSED, SegmentationOutput.of(1, loss), "fuse");
        outputs.add(FUSED);
        for (String s : sides) {
            g.addLayer(s + "-out", SegmentationOutput.of(1, loss), s);
            outputs.add(s + "-out");
        }
        g.setOutputs(outputs.toArray(new String[0]));
        return g.build();
    }

    /** Heights of the RSU blocks: the top stage deepest, at least 2. */
    static int height(int depth, int level) {
        return Math.max(2, depth + 1 - level);
    }

    /** A side output: 3x3 conv to one logit channel, upsampled {@code level} times to the input size. */
    private static String side(ComputationGraphConfiguration.GraphBuilder g, String name, String in, int level) {
        ConvUnit conv = ConvUnit.of(1, 3, 1, true, false, false);
        conv.setWeightInitFn(new WeightInitXavier());
        g.addLayer(name, conv, in);
        String prev = name;
        for (int i = 0; i < level; i++) {
            g.addLayer(name + "-up" + i, Resize2x.bilinear(), prev);
            prev = name + "-up" + i;
        }
        return prev;
    }

    private static SubsamplingLayer pool() {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).dataFormat(CNN2DFormat.NHWC).build();
    }

    private static ConvUnit conv(int filters, int dilation) {
        return ConvUnit.of(filters, 3, dilation, false, true, true);
    }

    /** A residual U-block of height {@code h}; returns the vertex of its output ({@code out} channels). */
    static String rsu(ComputationGraphConfiguration.GraphBuilder g, String name, String in, int mid, int out, int h) {
        g.addLayer(name + "-in", conv(out, 1), in);
        String[] e = new String[h + 1];
        e[1] = name + "-e1";
        g.addLayer(e[1], conv(mid, 1), name + "-in");
        for (int k = 2; k < h; k++) {
            g.addLayer(name + "-p" + k, pool(), e[k - 1]);
            e[k] = name + "-e" + k;
            g.addLayer(e[k], conv(mid, 1), name + "-p" + k);
        }
        e[h] = name + "-e" + h;
        g.addLayer(e[h], conv(mid, 2), e[h - 1]);
        String d = name + "-d" + (h - 1);
        g.addVertex(d + "-cat", new MergeVertex(), e[h], e[h - 1]);
        g.addLayer(d, conv(h - 1 == 1 ? out : mid, 1), d + "-cat");
        for (int k = h - 2; k >= 1; k--) {
            String up = name + "-u" + k;
            g.addLayer(up, Resize2x.bilinear(), d);
            String next = name + "-d" + k;
            g.addVertex(next + "-cat", new MergeVertex(), up, e[k]);
            g.addLayer(next, conv(k == 1 ? out : mid, 1), next + "-cat");
            d = next;
        }
        g.addVertex(name + "-res", new ElementWiseVertex(ElementWiseVertex.Op.Add), d, name + "-in");
        return name + "-res";
    }
}
