package org.segpipe.model.net;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The same UNet built from DL4J's built-in layers in their default NCHW layout: ConvolutionLayer
 * (no bias) + BatchNormalization ({@code useLogStd=false}) + ActivationLayer(ReLU) per conv, max
 * pooling, Deconvolution2D or Upsampling2D + ConvolutionLayer, MergeVertex, and a CnnLossLayer with
 * softmax cross-entropy (one-hot NCHW labels). It is the in-run baseline of {@code seg bench model}
 * and the reference the fast layers are tested against; bilinear and unpool have no built-in
 * equivalent and are refused.
 *
 * <p>Names follow {@link UNetBuilder}; a fast {@code ConvUnit} named X corresponds to the
 * convolution X plus the batch norm {@code X-bn}.
 */
public final class StandardUNet {

    private StandardUNet() {
    }

    public static ComputationGraph build(UNetConfig cfg, NetTraining training, DataType dataType) {
        ComputationGraph net = new ComputationGraph(configuration(cfg, training, dataType));
        net.init();
        return net;
    }

    public static ComputationGraphConfiguration configuration(UNetConfig cfg, NetTraining training, DataType dataType) {
        if (cfg.upsampling() == Upsampling.BILINEAR || cfg.upsampling() == Upsampling.UNPOOL) {
            throw new IllegalArgumentException("DL4J has no built-in layer for '" + cfg.upsampling().configName()
                    + "' upsampling; the standard-layer network supports transposed and nearest");
        }
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(training.seed())
                .dataType(dataType)
                .updater(training.updater())
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .cacheMode(CacheMode.NONE);
        if (training.weightDecay() > 0) {
            base.weightDecay(training.weightDecay());
        }
        ComputationGraphConfiguration.GraphBuilder g = base.graphBuilder()
                .addInputs(UNetBuilder.INPUT)
                .setInputTypes(InputType.convolutional(cfg.inputHeight(), cfg.inputWidth(), cfg.inputChannels(), CNN2DFormat.NCHW));
        String prev = UNetBuilder.INPUT;
        String[] skips = new String[cfg.depth()];
        for (int l = 0; l < cfg.depth(); l++) {
            prev = block(g, "enc" + l, prev, cfg.filters(l), 2, 1);
            skips[l] = prev;
            g.addLayer("enc" + l + "-pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), prev);
            prev = "enc" + l + "-pool";
        }
        int mid = cfg.filters(cfg.depth());
        if (cfg.dilationRates().isEmpty()) {
            prev = block(g, "mid", prev, mid, 2, 1);
        } else {
            for (int i = 0; i < cfg.dilationRates().size(); i++) {
                prev = conv(g, "mid-conv" + i, prev, mid, cfg.dilationRates().get(i));
            }
        }
        if (cfg.dropout() > 0) {
            g.addLayer("mid-dropout", new DropoutLayer.Builder().dropOut(new Dropout(1 - cfg.dropout())).build(), prev);
            prev = "mid-dropout";
        }
        for (int l = cfg.depth() - 1; l >= 0; l--) {
            String up = "dec" + l + "-up";
            int f = cfg.filters(l);
            if (cfg.upsampling() == Upsampling.TRANSPOSED) {
                g.addLayer(up, new Deconvolution2D.Builder(2, 2).stride(2, 2).nOut(f).activation(Activation.IDENTITY)
                        .convolutionMode(ConvolutionMode.Truncate).build(), prev);
            } else {
                g.addLayer("dec" + l + "-resize", new Upsampling2D.Builder(2).build(), prev);
                g.addLayer(up, new ConvolutionLayer.Builder(3, 3).nOut(f).activation(Activation.IDENTITY).build(), "dec" + l + "-resize");
            }
            g.addVertex("dec" + l + "-concat", new MergeVertex(), up, skips[l]);
            prev = block(g, "dec" + l, "dec" + l + "-concat", f, 2, 1);
        }
        g.addLayer("head", new ConvolutionLayer.Builder(1, 1).nOut(cfg.classes()).activation(Activation.IDENTITY)
                .weightInit(WeightInit.XAVIER).build(), prev);
        g.addLayer(UNetBuilder.OUTPUT, new CnnLossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build(),
                "head");
        g.setOutputs(UNetBuilder.OUTPUT);
        return g.build();
    }

    /**
     * Copies the parameters of a standard network into the fast network of the same
     * {@link UNetConfig}, so that both compute the same function: a fast unit {@code X} takes the
     * weights of convolution {@code X} and the batch-norm parameters of {@code X-bn}.
     */
    public static void transferParams(ComputationGraph standard, ComputationGraph fast) {
        java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> from = standard.paramTable();
        for (java.util.Map.Entry<String, org.nd4j.linalg.api.ndarray.INDArray> e : fast.paramTable().entrySet()) {
            String key = e.getKey();
            int sep = key.lastIndexOf('_');
            String layer = key.substring(0, sep);
            String param = key.substring(sep + 1);
            String source = switch (param) {
                case "gamma", "beta", "mean", "var" -> layer + "-bn_" + param;
                default -> key;
            };
            org.nd4j.linalg.api.ndarray.INDArray value = from.get(source);
            if (value == null || value.length() != e.getValue().length()) {
                throw new IllegalArgumentException("no standard parameter matching " + key + " (looked for " + source + ")");
            }
            e.getValue().assign(value.reshape(e.getValue().shape()));
        }
    }

    private static String block(ComputationGraphConfiguration.GraphBuilder g, String level, String in, int filters, int convs,
                                int dilation) {
        String prev = in;
        for (int i = 0; i < convs; i++) {
            prev = conv(g, level + "-conv" + i, prev, filters, dilation);
        }
        return prev;
    }

    private static String conv(ComputationGraphConfiguration.GraphBuilder g, String name, String in, int filters, int dilation) {
        g.addLayer(name, new ConvolutionLayer.Builder(3, 3).nOut(filters).dilation(dilation, dilation).hasBias(false)
                .activation(Activation.IDENTITY).build(), in);
        g.addLayer(name + "-bn", new BatchNormalization.Builder().useLogStd(false).build(), name);
        g.addLayer(name + "-relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "-bn");
        return name + "-relu";
    }
}
