package org.segpipe.model.layers;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max-unpooling (SegNet): places each value of a low-resolution map at the position its 2x2
 * max-pooling window took its maximum from, zeros elsewhere. Inputs: (0) the features to unpool,
 * {@code [N, h, w, C]}; (1) the activations that were max-pooled, {@code [N, 2h, 2w, C]}. The pooling
 * indices are the argmax of each window of input 1 (first maximum in row-major order, as the pool
 * chose) - the same indices the pooling layer would have remembered, without state shared between
 * layers. No gradient flows into input 1 through the indices (they are piecewise constant).
 */
public class MaxUnpool2x2 extends GraphVertex {

    private static final long serialVersionUID = 1L;

    @Override
    public MaxUnpool2x2 clone() {
        return new MaxUnpool2x2();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaxUnpool2x2;
    }

    @Override
    public int hashCode() {
        return MaxUnpool2x2.class.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        return new MaxUnpool2x2Vertex(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 2) {
            throw new InvalidInputTypeException("max-unpooling takes 2 inputs (features, pooled activations), found " + vertexInputs.length);
        }
        InputType.InputTypeConvolutional features = Nhwc.convolutional(vertexInputs[0], "max-unpool");
        InputType.InputTypeConvolutional pooled = Nhwc.convolutional(vertexInputs[1], "max-unpool");
        if (pooled.getHeight() != 2 * features.getHeight() || pooled.getWidth() != 2 * features.getWidth()
                || pooled.getChannels() != features.getChannels()) {
            throw new InvalidInputTypeException("max-unpooling needs features [h, w, C] and pooled activations [2h, 2w, C], found "
                    + features + " and " + pooled);
        }
        return Nhwc.of(pooled.getHeight(), pooled.getWidth(), pooled.getChannels());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, MaxUnpool2x2.class, inputTypes[0], out)
                .standardMemory(0, 0)
                .workingMemory(0, out.arrayElementsPerExample(), MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }
}
