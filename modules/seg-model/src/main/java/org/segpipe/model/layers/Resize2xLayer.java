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

    /**
     * Writes the 2x upsampling of {@code x} along {@code axis} (1 = H, 2 = W) into {@code out}.
     * Plain loops over contiguous copies: ND4J's view indexing ({@code get} with points or
     * intervals) returned wrongly shaped or empty views for arrays with size-1 dimensions, e.g. a
     * batch of one image ({@code Resize2xLayerTest}).
     */
    static void upsample(INDArray x, int axis, boolean bilinear, INDArray out) {
        long[] s = x.shape();
        int len = (int) s[axis];
        int outer = (int) (axis == 1 ? s[0] : s[0] * s[1]);
        int inner = (int) (axis == 1 ? s[2] * s[3] : s[3]);
        double[] in = x.dup('c').reshape(-1).toDoubleVector();
        double[] o = new double[in.length * 2];
        for (int p = 0; p < outer; p++) {
            for (int i = 0; i < len; i++) {
                int src = (p * len + i) * inner;
                int prev = (p * len + Math.max(i - 1, 0)) * inner;
                int next = (p * len + Math.min(i + 1, len - 1)) * inner;
                int even = (p * 2 * len + 2 * i) * inner;
                int odd = even + inner;
                for (int k = 0; k < inner; k++) {
                    double a = in[src + k];
                    // out[2i] = 0.75 x[i] + 0.25 x[i-1], out[2i+1] = 0.75 x[i] + 0.25 x[i+1], edges clamped
                    o[even + k] = bilinear ? 0.75 * a + 0.25 * in[prev + k] : a;
                    o[odd + k] = bilinear ? 0.75 * a + 0.25 * in[next + k] : a;
                }
            }
        }
        out.assign(org.nd4j.linalg.factory.Nd4j.create(o, out.shape(), 'c').castTo(out.dataType()));
    }

    /** The transpose of {@link #upsample}: gradient w.r.t. the input from the gradient w.r.t. the output. */
    static void adjoint(INDArray gOut, int axis, boolean bilinear, INDArray gIn) {
        long[] s = gIn.shape();
        int len = (int) s[axis];
        int outer = (int) (axis == 1 ? s[0] : s[0] * s[1]);
        int inner = (int) (axis == 1 ? s[2] * s[3] : s[3]);
        double[] g = gOut.dup('c').reshape(-1).toDoubleVector();
        double[] d = new double[g.length / 2];
        for (int p = 0; p < outer; p++) {
            for (int i = 0; i < len; i++) {
                int dst = (p * len + i) * inner;
                int prev = (p * len + Math.max(i - 1, 0)) * inner;
                int next = (p * len + Math.min(i + 1, len - 1)) * inner;
                int even = (p * 2 * len + 2 * i) * inner;
                int odd = even + inner;
                for (int k = 0; k < inner; k++) {
                    if (bilinear) {
                        d[dst + k] += 0.75 * (g[even + k] + g[odd + k]);
                        d[prev + k] += 0.25 * g[even + k];
                        d[next + k] += 0.25 * g[odd + k];
                    } else {
                        d[dst + k] += g[even + k] + g[odd + k];
                    }
                }
            }
        }
        gIn.assign(org.nd4j.linalg.factory.Nd4j.create(d, gIn.shape(), 'c').castTo(gIn.dataType()));
    }
}
