package org.segpipe.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The runtime of {@link Resize2x}: the upsampling is separable, done along H then W; backprop is its adjoint. */
public class Resize2xLayer extends AbstractLayer<Resize2x> {

    public Resize2xLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        INDArray x = input;
        long n = x.size(0);
        long h = x.size(1);
        long w = x.size(2);
        long c = x.size(3);
        boolean bilinear = layerConf().isBilinear();
        INDArray tall = mgr.createUninitialized(ArrayType.FF_WORKING_MEM, x.dataType(), new long[] {n, 2 * h, w, c}, 'c');
        upsample(x, 1, bilinear, tall);
        INDArray y = mgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), new long[] {n, 2 * h, 2 * w, c}, 'c');
        upsample(tall, 2, bilinear, y);
        return y;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        long n = input.size(0);
        long h = input.size(1);
        long w = input.size(2);
        long c = input.size(3);
        boolean bilinear = layerConf().isBilinear();
        INDArray eps = Nhwc.dense(epsilon, mgr, ArrayType.BP_WORKING_MEM);
        INDArray tall = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, eps.dataType(), new long[] {n, 2 * h, w, c}, 'c');
        adjoint(eps, 2, bilinear, tall);
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, eps.dataType(), new long[] {n, h, w, c}, 'c');
        adjoint(tall, 1, bilinear, dx);
        return new Pair<>(new DefaultGradient(), backpropDropOutIfPresent(dx));
    }

    /** Writes the 2x upsampling of {@code x} along {@code axis} (1 = H, 2 = W) into {@code out}. */
    static void upsample(INDArray x, int axis, boolean bilinear, INDArray out) {
        long len = x.size(axis);
        INDArray pairs = out.reshape('c', splitShape(x.shape(), axis));
        INDArray even = pairs.get(pick(5, axis + 1, NDArrayIndex.point(0)));
        INDArray odd = pairs.get(pick(5, axis + 1, NDArrayIndex.point(1)));
        even.assign(x);
        odd.assign(x);
        if (!bilinear) {
            return;
        }
        even.muli(0.75);
        odd.muli(0.75);
        if (len > 1) {
            // out[2i] += 0.25 x[i-1] for i >= 1; out[2i+1] += 0.25 x[i+1] for i <= len-2
            even.get(pick(4, axis, NDArrayIndex.interval(1, len))).addi(x.get(pick(4, axis, NDArrayIndex.interval(0, len - 1))).mul(0.25));
            odd.get(pick(4, axis, NDArrayIndex.interval(0, len - 1))).addi(x.get(pick(4, axis, NDArrayIndex.interval(1, len))).mul(0.25));
        }
        // clamped edges: the missing neighbour is the edge pixel itself
        even.get(pick(4, axis, NDArrayIndex.interval(0, 1))).addi(x.get(pick(4, axis, NDArrayIndex.interval(0, 1))).mul(0.25));
        odd.get(pick(4, axis, NDArrayIndex.interval(len - 1, len))).addi(x.get(pick(4, axis, NDArrayIndex.interval(len - 1, len))).mul(0.25));
    }

    /** The transpose of {@link #upsample}: gradient w.r.t. the input from the gradient w.r.t. the output. */
    static void adjoint(INDArray gOut, int axis, boolean bilinear, INDArray gIn) {
        long len = gIn.size(axis);
        INDArray pairs = gOut.reshape('c', splitShape(gIn.shape(), axis));
        INDArray even = pairs.get(pick(5, axis + 1, NDArrayIndex.point(0)));
        INDArray odd = pairs.get(pick(5, axis + 1, NDArrayIndex.point(1)));
        gIn.assign(even).addi(odd);
        if (!bilinear) {
            return;
        }
        gIn.muli(0.75);
        if (len > 1) {
            gIn.get(pick(4, axis, NDArrayIndex.interval(0, len - 1))).addi(even.get(pick(4, axis, NDArrayIndex.interval(1, len))).mul(0.25));
            gIn.get(pick(4, axis, NDArrayIndex.interval(1, len))).addi(odd.get(pick(4, axis, NDArrayIndex.interval(0, len - 1))).mul(0.25));
        }
        gIn.get(pick(4, axis, NDArrayIndex.interval(0, 1))).addi(even.get(pick(4, axis, NDArrayIndex.interval(0, 1))).mul(0.25));
        gIn.get(pick(4, axis, NDArrayIndex.interval(len - 1, len))).addi(odd.get(pick(4, axis, NDArrayIndex.interval(len - 1, len))).mul(0.25));
    }

    /** {@code [N, H, W, C]} with {@code axis} split into {@code (len, 2)}. */
    private static long[] splitShape(long[] inShape, int axis) {
        long[] s = new long[5];
        for (int i = 0, j = 0; i < 4; i++) {
            s[j++] = inShape[i];
            if (i == axis) {
                s[j++] = 2;
            }
        }
        return s;
    }

    /** Indices selecting everything except {@code index} on {@code axis}. */
    private static INDArrayIndex[] pick(int rank, int axis, INDArrayIndex index) {
        INDArrayIndex[] idx = new INDArrayIndex[rank];
        for (int i = 0; i < rank; i++) {
            idx[i] = i == axis ? index : NDArrayIndex.all();
        }
        return idx;
    }
}
