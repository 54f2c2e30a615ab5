package org.segpipe.model.layers;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * A 2x2, stride-2 transposed convolution ("up-convolution") with bias on NHWC activations: each
 * input pixel {@code (h, w)} writes the 2x2 output block {@code (2h + a, 2w + b)} as
 * {@code sum_i x[h, w, i] * W[i, o, a, b] + bias[o]}. Because the blocks do not overlap this is
 * exactly one matrix product {@code [N*H*W, in] x [in, 4*out]} followed by a pixel shuffle, which
 * BLAS runs far faster than a general deconvolution.
 *
 * <p>Parameters: {@code W} {@code [in, out, 2, 2]} then {@code b} {@code [out]}.
 */
public class UpConv2x2 extends FeedForwardLayer {

    private static final long serialVersionUID = 1L;

    static final String WEIGHT = "W";
    static final String BIAS = "b";

    public UpConv2x2() {
    }

    public static UpConv2x2 of(long nOut) {
        UpConv2x2 u = new UpConv2x2();
        u.setNOut(nOut);
        return u;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        UpConv2x2Layer layer = new UpConv2x2Layer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return Params.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional in = Nhwc.convolutional(inputType, getLayerName());
        return Nhwc.of(2 * in.getHeight(), 2 * in.getWidth(), nOut);
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
        return WEIGHT.equals(paramName) ? regularization : regularizationBias;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long params = initializer().numParams(this);
        return new LayerMemoryReport.Builder(getLayerName(), UpConv2x2.class, inputType, out)
                .standardMemory(params, params)
                .workingMemory(0, out.arrayElementsPerExample(), MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /** W {@code [in, out, 2, 2]} (fan-in {@code in}, each output sees one input pixel), then b. */
    static final class Params implements ParamInitializer {

        static final Params INSTANCE = new Params();

        @Override
        public long numParams(NeuralNetConfiguration conf) {
            return numParams(conf.getLayer());
        }

        @Override
        public long numParams(Layer layer) {
            UpConv2x2 u = (UpConv2x2) layer;
            return u.getNIn() * u.getNOut() * 4 + u.getNOut();
        }

        @Override
        public List<String> paramKeys(Layer layer) {
            return List.of(WEIGHT, BIAS);
        }

        @Override
        public List<String> weightKeys(Layer layer) {
            return List.of(WEIGHT);
        }

        @Override
        public List<String> biasKeys(Layer layer) {
            return List.of(BIAS);
        }

        @Override
        public boolean isWeightParam(Layer layer, String key) {
            return WEIGHT.equals(key);
        }

        @Override
        public boolean isBiasParam(Layer layer, String key) {
            return BIAS.equals(key);
        }

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
            UpConv2x2 u = (UpConv2x2) conf.getLayer();
            Map<String, INDArray> views = views(u, paramsView);
            if (initializeParams) {
                long[] shape = {u.getNIn(), u.getNOut(), 2, 2};
                u.getWeightInitFn().init(u.getNIn(), u.getNOut() * 4, shape, 'c', views.get(WEIGHT));
                views.get(BIAS).assign(u.getBiasInit());
            }
            return views;
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
            return views((UpConv2x2) conf.getLayer(), gradientView);
        }

        private static Map<String, INDArray> views(UpConv2x2 u, INDArray flat) {
            long wLen = u.getNIn() * u.getNOut() * 4;
            INDArray row = flat.reshape(flat.length());
            Map<String, INDArray> m = new LinkedHashMap<>();
            m.put(WEIGHT, row.get(NDArrayIndex.interval(0, wLen)).reshape('c', u.getNIn(), u.getNOut(), 2, 2));
            m.put(BIAS, row.get(NDArrayIndex.interval(wLen, wLen + u.getNOut())));
            return m;
        }
    }
}
