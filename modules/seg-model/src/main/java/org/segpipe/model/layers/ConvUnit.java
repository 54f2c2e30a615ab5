package org.segpipe.model.layers;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * A fused convolution unit on NHWC activations: a k x k convolution (stride 1, "same" padding,
 * optional dilation and bias), then optionally batch normalisation and ReLU. One layer instead of
 * DL4J's three (ConvolutionLayer, BatchNormalization, ActivationLayer), computing the same function
 * with the same parameters, but through libnd4j's native conv2d (oneDNN in the {@code -onednn}
 * builds) and BLAS column sums for the batch statistics.
 *
 * <p>Parameters, in this order: {@code W} {@code [out, in, k, k]} (DL4J's ConvolutionLayer layout),
 * {@code b} {@code [out]} when {@code bias}, and with batch normalisation {@code gamma},
 * {@code beta}, {@code mean}, {@code var} {@code [out]} (DL4J's BatchNormalization with
 * {@code useLogStd=false}). The running {@code mean}/{@code var} are updated in the training
 * forward pass ({@code running = decay * running + (1 - decay) * batch}); their gradient is zero and
 * their updater a no-op, so optimisers and weight decay never touch them.
 */
public class ConvUnit extends FeedForwardLayer {

    private static final long serialVersionUID = 1L;

    private int kernel = 3;
    private int dilation = 1;
    private boolean bias;
    private boolean batchNorm = true;
    private boolean relu = true;
    private double bnEps = 1e-5;
    private double bnDecay = 0.9;

    /** For JSON deserialisation and {@link #of}. */
    public ConvUnit() {
    }

    /**
     * @param nOut      output channels
     * @param kernel    kernel size (odd)
     * @param dilation  dilation rate (1 = none)
     * @param bias      whether the convolution has a bias (usually not when batch norm follows)
     * @param batchNorm whether batch normalisation follows
     * @param relu      whether ReLU follows
     */
    public static ConvUnit of(long nOut, int kernel, int dilation, boolean bias, boolean batchNorm, boolean relu) {
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel must be odd and positive, found " + kernel);
        }
        if (dilation < 1) {
            throw new IllegalArgumentException("dilation must be at least 1, found " + dilation);
        }
        ConvUnit u = new ConvUnit();
        u.setNOut(nOut);
        u.kernel = kernel;
        u.dilation = dilation;
        u.bias = bias;
        u.batchNorm = batchNorm;
        u.relu = relu;
        return u;
    }

    public int getKernel() {
        return kernel;
    }

    public int getDilation() {
        return dilation;
    }

    public boolean isBias() {
        return bias;
    }

    public boolean isBatchNorm() {
        return batchNorm;
    }

    public boolean isRelu() {
        return relu;
    }

    public double getBnEps() {
        return bnEps;
    }

    public double getBnDecay() {
        return bnDecay;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        ConvUnitLayer layer = new ConvUnitLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> table = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return ConvUnitParams.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional in = Nhwc.convolutional(inputType, getLayerName());
        return Nhwc.of(in.getHeight(), in.getWidth(), nOut);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeConvolutional in = Nhwc.convolutional(inputType, getLayerName());
        if (nIn <= 0 || override) {
            nIn = in.getChannels();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return switch (paramName) {
            case ConvUnitParams.WEIGHT -> regularization;
            case ConvUnitParams.BIAS -> regularizationBias;
            default -> List.of();
        };
    }

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        return switch (paramName) {
            case ConvUnitParams.MEAN, ConvUnitParams.VAR -> new NoOp();
            case ConvUnitParams.BIAS -> biasUpdater != null ? biasUpdater : iUpdater;
            default -> iUpdater;
        };
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long params = initializer().numParams(this);
        long perExample = out.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(getLayerName(), ConvUnit.class, inputType, out)
                .standardMemory(params, params)
                .workingMemory(0, perExample, MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ConvUnit other) || !super.equals(o)) {
            return false;
        }
        return kernel == other.kernel && dilation == other.dilation && bias == other.bias && batchNorm == other.batchNorm
                && relu == other.relu && bnEps == other.bnEps && bnDecay == other.bnDecay;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(super.hashCode(), kernel, dilation, bias, batchNorm, relu, bnEps, bnDecay);
    }
}
