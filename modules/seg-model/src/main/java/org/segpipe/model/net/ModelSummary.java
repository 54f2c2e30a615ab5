package org.segpipe.model.net;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.segpipe.model.layers.ConvUnit;
import org.segpipe.model.layers.MaxUnpool2x2;
import org.segpipe.model.layers.Resize2x;
import org.segpipe.model.layers.UpConv2x2;

/**
 * Per-layer table of a UNet: output shape, parameters, theoretical receptive field and forward
 * FLOPs, with totals. The receptive field of a pixel is the side, in input pixels, of the input
 * window it depends on: a k x k convolution with dilation d adds {@code (k - 1) * d * jump}, a 2x2
 * pooling adds {@code jump} and doubles it, a 2x upsampling halves it (bilinear also adds the
 * neighbour it reads), a concatenation takes the largest of its inputs. FLOPs count the multiply-adds
 * of convolutions twice (the usual convention); normalisation, activations and pooling are left out.
 */
public final class ModelSummary {

    /** One vertex of the network. */
    public record Row(String name, String type, long height, long width, long channels, long params, long receptiveField,
                      double flops) {
    }

    /** The table and its totals. */
    public record Summary(List<Row> rows, long params, double flops, long receptiveField, InputType input) {
    }

    private ModelSummary() {
    }

    /** The summary of {@code net}, built from {@code cfg} (whose input size it reports). */
    public static Summary of(ComputationGraph net, UNetConfig cfg) {
        ComputationGraphConfiguration conf = net.getConfiguration();
        InputType input = InputType.convolutional(cfg.inputHeight(), cfg.inputWidth(), cfg.inputChannels(),
                org.deeplearning4j.nn.conf.CNN2DFormat.NHWC);
        Map<String, InputType> types = conf.getLayerActivationTypes(input);
        Map<String, Long> params = new HashMap<>();
        for (org.deeplearning4j.nn.graph.vertex.GraphVertex v : net.getVertices()) {
            params.put(v.getVertexName(), v.hasLayer() ? v.getLayer().numParams() : 0L);
        }
        Map<String, Double> rf = new HashMap<>();
        Map<String, Double> jump = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        double totalFlops = 0;
        long totalParams = 0;
        String last = null;
        for (int idx : net.topologicalSortOrder()) {
            String name = net.getVertices()[idx].getVertexName();
            InputType out = types.get(name);
            if (conf.getNetworkInputs().contains(name)) {
                rf.put(name, 1.0);
                jump.put(name, 1.0);
                rows.add(row(name, "input", out, 0, 1, 0));
                continue;
            }
            List<String> ins = conf.getVertexInputs().get(name);
            GraphVertex v = conf.getVertices().get(name);
            Layer layer = v instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
            String in0 = ins.get(0);
            double r = rf.get(in0);
            double j = jump.get(in0);
            double flops = 0;
            InputType inType = types.get(in0);
            if (layer instanceof ConvUnit c) {
                r += (c.getKernel() - 1) * c.getDilation() * j;
                flops = 2.0 * pixels(out) * c.getKernel() * c.getKernel() * c.getNIn() * c.getNOut();
            } else if (layer instanceof SubsamplingLayer s) {
                r += (s.getKernelSize()[0] - 1) * j;
                j *= s.getStride()[0];
            } else if (layer instanceof UpConv2x2 u) {
                j /= 2;
                flops = 2.0 * pixels(inType) * u.getNIn() * 4 * u.getNOut();
            } else if (layer instanceof Resize2x z) {
                if (z.isBilinear()) {
                    r += j;
                }
                j /= 2;
            } else if (v instanceof MaxUnpool2x2) {
                // an output pixel reads its feature pixel and, for the index, the 2x2 window of the pooled input
                double pooledJump = jump.get(ins.get(1));
                r = Math.max(r, rf.get(ins.get(1)) + pooledJump);
                j = pooledJump;
            } else if (ins.size() > 1) {
                for (String other : ins) {
                    r = Math.max(r, rf.get(other));
                }
            }
            rf.put(name, r);
            jump.put(name, j);
            long p = params.getOrDefault(name, 0L);
            totalParams += p;
            totalFlops += flops;
            rows.add(row(name, layer != null ? layer.getClass().getSimpleName() : v.getClass().getSimpleName(), out, p, Math.round(r), flops));
            last = name;
        }
        return new Summary(rows, totalParams, totalFlops, last == null ? 1 : Math.round(rf.get(last)), input);
    }

    private static long pixels(InputType t) {
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) t;
        return c.getHeight() * c.getWidth();
    }

    private static Row row(String name, String type, InputType t, long params, long rf, double flops) {
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) t;
        return new Row(name, type, c.getHeight(), c.getWidth(), c.getChannels(), params, rf, flops);
    }

    public static void print(Summary s, UNetConfig cfg, PrintStream out) {
        out.printf(Locale.ROOT, "UNet depth %d, base filters %d, growth %s, upsampling %s, dilation %s, dropout %s, %d classes, input %dx%dx%d (HxWxC)%n",
                cfg.depth(), cfg.baseFilters(), cfg.filterGrowth(), cfg.upsampling().configName(),
                cfg.dilationRates().isEmpty() ? "none" : cfg.dilationRates().toString(), cfg.dropout(), cfg.classes(),
                cfg.inputHeight(), cfg.inputWidth(), cfg.inputChannels());
        out.printf(Locale.ROOT, "%-16s %-20s %-18s %12s %10s %12s%n", "layer", "type", "output (HxWxC)", "params", "RF (px)", "MFLOP/img");
        for (Row r : s.rows()) {
            out.printf(Locale.ROOT, "%-16s %-20s %-18s %,12d %10d %12.1f%n", r.name(), r.type(),
                    r.height() + "x" + r.width() + "x" + r.channels(), r.params(), r.receptiveField(), r.flops() / 1e6);
        }
        out.printf(Locale.ROOT, "total: %,d parameters (%.3f M), %.2f GFLOP per image forward, receptive field %d px%n", s.params(),
                s.params() / 1e6, s.flops() / 1e9, s.receptiveField());
    }
}
