package org.segpipe.model.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameter-free 2x upsampling of NHWC activations, {@code nearest} (each pixel copied to its 2x2
 * block) or {@code bilinear} with half-pixel centres and clamped edges (what PyTorch's
 * {@code interpolate(scale_factor=2, mode="bilinear", align_corners=False)} computes): for a factor
 * of 2 every output row is {@code 0.75} of its own input row plus {@code 0.25} of the neighbour on
 * its side, and the same along columns.
 */
public class Resize2x extends NoParamLayer {

    private static final long serialVersionUID = 1L;

    private boolean bilinear;

    public Resize2x() {
    }

    public static Resize2x nearest() {
        return new Resize2x();
    }

    public static Resize2x bilinear() {
        Resize2x r = new Resize2x();
        r.bilinear = true;
        return r;
    }

    public boolean isBilinear() {
        return bilinear;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        Resize2xLayer layer = new Resize2xLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional in = Nhwc.convolutional(inputType, getLayerName());
        return Nhwc.of(2 * in.getHeight(), 2 * in.getWidth(), in.getChannels());
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(getLayerName(), Resize2x.class, inputType, out)
                .standardMemory(0, 0)
                .workingMemory(0, out.arrayElementsPerExample(), MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Resize2x r && super.equals(o) && r.bilinear == bilinear;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Boolean.hashCode(bilinear);
    }
}
