package org.segpipe.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;

/** The runtime of {@link MaxUnpool2x2}. */
public class MaxUnpool2x2Vertex extends BaseGraphVertex {

    /** One-hot of each window's argmax, {@code [N*h*w*C, 4]}, kept from the forward pass for backprop. */
    private INDArray windowMask;

    public MaxUnpool2x2Vertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    /** {@code [N, 2h, 2w, C]} as rows of the four values of each window, {@code [N*h*w*C, 4]} in (dy, dx) order. */
    private static INDArray windows(INDArray full, LayerWorkspaceMgr mgr, ArrayType type) {
        long n = full.size(0);
        long h = full.size(1) / 2;
        long w = full.size(2) / 2;
        long c = full.size(3);
        INDArray out = mgr.createUninitialized(type, full.dataType(), new long[] {n, h, w, c, 2, 2}, 'c');
        out.assign(full.reshape('c', n, h, 2, w, 2, c).permute(0, 1, 3, 5, 2, 4));
        return out.reshape('c', n * h * w * c, 4);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr mgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("max-unpool '" + vertexName + "': inputs not set");
        }
        INDArray features = Nhwc.dense(inputs[0], mgr, ArrayType.FF_WORKING_MEM);
        INDArray pooled = Nhwc.dense(inputs[1], mgr, ArrayType.FF_WORKING_MEM);
        long n = features.size(0);
        long h = features.size(1);
        long w = features.size(2);
        long c = features.size(3);
        if (pooled.size(1) != 2 * h || pooled.size(2) != 2 * w || pooled.size(3) != c) {
            throw new IllegalStateException("max-unpool '" + vertexName + "': features " + java.util.Arrays.toString(features.shape())
                    + " do not match pooled activations " + java.util.Arrays.toString(pooled.shape()));
        }
        INDArray win = windows(pooled, mgr, ArrayType.FF_WORKING_MEM);
        INDArray argmax = Nd4j.argMax(win, 1);
        INDArray mask = mgr.createUninitialized(training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM, features.dataType(),
                new long[] {n * h * w * c, 4}, 'c');
        Nd4j.exec(DynamicCustomOp.builder("onehot").addInputs(argmax).addOutputs(mask)
                .addIntegerArguments(-1, 4).addFloatingPointArguments(1.0, 0.0).build());
        INDArray placed = mgr.createUninitialized(ArrayType.FF_WORKING_MEM, features.dataType(), new long[] {n * h * w * c, 4}, 'c');
        Nd4j.exec(new BroadcastMulOp(mask, features.reshape('c', new long[] {n * h * w * c}), placed, 0));
        INDArray y = mgr.createUninitialized(ArrayType.ACTIVATIONS, features.dataType(), new long[] {n, h, 2, w, 2, c}, 'c');
        y.assign(placed.reshape('c', n, h, w, c, 2, 2).permute(0, 1, 4, 2, 5, 3));
        windowMask = training ? mask : null;
        return y.reshape('c', n, 2 * h, 2 * w, c);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr mgr) {
        if (!canDoBackward() || windowMask == null) {
            throw new IllegalStateException("max-unpool '" + vertexName + "': backprop without a training forward pass");
        }
        INDArray features = inputs[0];
        long n = features.size(0);
        long h = features.size(1);
        long w = features.size(2);
        long c = features.size(3);
        INDArray eps = Nhwc.dense(epsilon, mgr, ArrayType.BP_WORKING_MEM);
        INDArray win = windows(eps, mgr, ArrayType.BP_WORKING_MEM);
        win.muli(windowMask);
        INDArray dFeatures = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, features.dataType(), new long[] {n * h * w * c}, 'c');
        Nd4j.exec(DynamicCustomOp.builder("reduce_sum").addInputs(win).addOutputs(dFeatures).addIntegerArguments(1).build());
        INDArray dPooled = mgr.create(ArrayType.ACTIVATION_GRAD, features.dataType(), inputs[1].shape(), 'c');
        windowMask = null;
        return new Pair<>(new DefaultGradient(), new INDArray[] {dFeatures.reshape('c', n, h, w, c), dPooled});
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("max-unpool '" + vertexName + "' has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public String toString() {
        return "MaxUnpool2x2Vertex(" + vertexName + ")";
    }
}
