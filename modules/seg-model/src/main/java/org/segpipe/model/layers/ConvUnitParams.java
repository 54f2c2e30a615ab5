package org.segpipe.model.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameter layout of {@link ConvUnit}: views into the network's flat parameter vector, in the
 * order W, b, gamma, beta, mean, var. Weights are drawn with the layer's weight init
 * (fan-in {@code in*k*k}, fan-out {@code out*k*k}); bias and beta start at 0, gamma and var at 1.
 */
final class ConvUnitParams implements ParamInitializer {

    static final ConvUnitParams INSTANCE = new ConvUnitParams();

    static final String WEIGHT = "W";
    static final String BIAS = "b";
    static final String GAMMA = "gamma";
    static final String BETA = "beta";
    static final String MEAN = "mean";
    static final String VAR = "var";

    private ConvUnitParams() {
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        ConvUnit u = (ConvUnit) layer;
        long out = u.getNOut();
        return out * u.getNIn() * u.getKernel() * u.getKernel() + (u.isBias() ? out : 0) + (u.isBatchNorm() ? 4 * out : 0);
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        ConvUnit u = (ConvUnit) layer;
        List<String> keys = new ArrayList<>(List.of(WEIGHT));
        if (u.isBias()) {
            keys.add(BIAS);
        }
        if (u.isBatchNorm()) {
            keys.addAll(List.of(GAMMA, BETA, MEAN, VAR));
        }
        return keys;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return ((ConvUnit) layer).isBias() ? List.of(BIAS) : List.of();
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
        ConvUnit u = (ConvUnit) conf.getLayer();
        Map<String, INDArray> views = views(u, paramsView);
        if (initializeParams) {
            long k = u.getKernel();
            long[] shape = {u.getNOut(), u.getNIn(), k, k};
            u.getWeightInitFn().init(u.getNIn() * k * k, u.getNOut() * k * k, shape, 'c', views.get(WEIGHT));
            if (u.isBias()) {
                views.get(BIAS).assign(u.getBiasInit());
            }
            if (u.isBatchNorm()) {
                views.get(GAMMA).assign(1);
                views.get(BETA).assign(0);
                views.get(MEAN).assign(0);
                views.get(VAR).assign(1);
            }
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views((ConvUnit) conf.getLayer(), gradientView);
    }

    private static Map<String, INDArray> views(ConvUnit u, INDArray flat) {
        long out = u.getNOut();
        long k = u.getKernel();
        long wLen = out * u.getNIn() * k * k;
        INDArray row = flat.reshape(flat.length());
        Map<String, INDArray> m = new LinkedHashMap<>();
        long at = 0;
        m.put(WEIGHT, row.get(NDArrayIndex.interval(at, at + wLen)).reshape('c', out, u.getNIn(), k, k));
        at += wLen;
        if (u.isBias()) {
            m.put(BIAS, row.get(NDArrayIndex.interval(at, at + out)));
            at += out;
        }
        if (u.isBatchNorm()) {
            for (String key : List.of(GAMMA, BETA, MEAN, VAR)) {
                m.put(key, row.get(NDArrayIndex.interval(at, at + out)));
                at += out;
            }
        }
        return m;
    }
}
