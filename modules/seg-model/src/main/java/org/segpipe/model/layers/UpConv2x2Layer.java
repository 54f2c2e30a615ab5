package org.segpipe.model.layers;

import static org.segpipe.model.layers.UpConv2x2.BIAS;
import static org.segpipe.model.layers.UpConv2x2.WEIGHT;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The runtime of {@link UpConv2x2}: per kernel row, one GEMM and a copy of contiguous output rows. */
public class UpConv2x2Layer extends BaseLayer<UpConv2x2> {

    public UpConv2x2Layer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Type type() {
        return Type.CONVOLUTIONAL;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return true;
    }

    /** Row {@code a} of the 2x2 kernel, {@code W[:, :, a, :]}, as the matrix {@code [in, (b, out)]}. */
    private static INDArray rowMatrix(INDArray w, int a, LayerWorkspaceMgr mgr, ArrayType type) {
        long in = w.size(0);
        long out = w.size(1);
        INDArray m = mgr.createUninitialized(type, w.dataType(), new long[] {in, 2, out}, 'c');
        m.assign(w.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(a), NDArrayIndex.all()).permute(0, 2, 1));
        return m.reshape('c', in, 2 * out);
    }

    /**
     * Output rows {@code 2h + a} for both {@code a}: each is {@code x[N*H*W, in] x W_a[in, (b, out)]},
     * whose {@code [N*H, W*2*out]} layout is exactly the memory of those output rows, so the pixel
     * shuffle is a copy of contiguous rows.
     */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        UpConv2x2 c = layerConf();
        Nhwc.checkRank4(input, layerId(), c.getNIn());
        INDArray x = Nhwc.dense(input, mgr, ArrayType.INPUT);
        long n = x.size(0);
        long h = x.size(1);
        long w = x.size(2);
        long out = c.getNOut();
        INDArray weights = getParamWithNoise(WEIGHT, training, mgr);
        INDArray bias = getParamWithNoise(BIAS, training, mgr).reshape(out);
        INDArray xRows = ChannelOps.rows(x);
        INDArray y = mgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), new long[] {n, h, 2, w * 2 * out}, 'c');
        INDArray part = mgr.createUninitialized(ArrayType.FF_WORKING_MEM, x.dataType(), new long[] {n * h * w, 2 * out}, 'c');
        for (int a = 0; a < 2; a++) {
            xRows.mmuli(rowMatrix(weights, a, mgr, ArrayType.FF_WORKING_MEM), part);
            INDArray pixels = part.reshape('c', n * h * w * 2, out);
            Nd4j.exec(new BroadcastAddOp(pixels, bias, pixels, 1));
            y.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(a), NDArrayIndex.all()).assign(part.reshape('c', n, h, w * 2 * out));
        }
        return y.reshape('c', n, 2 * h, 2 * w, out);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        UpConv2x2 c = layerConf();
        INDArray x = Nhwc.dense(input, mgr, ArrayType.BP_WORKING_MEM);
        long n = x.size(0);
        long h = x.size(1);
        long w = x.size(2);
        long in = c.getNIn();
        long out = c.getNOut();
        Nhwc.checkRank4(epsilon, layerId(), out);
        INDArray xRows = ChannelOps.rows(x);
        INDArray dW = gradientViews.get(WEIGHT);
        INDArray db = gradientViews.get(BIAS);
        INDArray dx = mgr.create(ArrayType.ACTIVATION_GRAD, x.dataType(), new long[] {n * h * w, in}, 'c');
        INDArray g = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, x.dataType(), new long[] {n, h, w * 2 * out}, 'c');
        INDArray dWa = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, x.dataType(), new long[] {in, 2 * out}, 'c');
        INDArray dxa = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, x.dataType(), new long[] {n * h * w, in}, 'c');
        INDArray sums = Nd4j.create(x.dataType(), 1, 2 * out);
        db.assign(0);
        for (int a = 0; a < 2; a++) {
            // output rows 2h + a: a strided view of the gradient (often itself a channel slice of a concatenation's)
            g.reshape('c', n, h, 2 * w, out).assign(epsilon.get(NDArrayIndex.all(), NDArrayIndex.interval(a, 2, 2 * h),
                    NDArrayIndex.all(), NDArrayIndex.all()));
            INDArray gRows = g.reshape('c', n * h * w, 2 * out);
            xRows.transpose().mmuli(gRows, dWa);
            dW.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(a), NDArrayIndex.all())
                    .assign(dWa.reshape('c', in, 2, out).permute(0, 2, 1));
            ChannelOps.columnSums(gRows, sums);
            db.addi(sums.reshape('c', 2, out).sum(0).reshape(db.shape()));
            gRows.mmuli(rowMatrix(getParam(WEIGHT), a, mgr, ArrayType.BP_WORKING_MEM).transpose(), dxa);
            dx.addi(dxa);
        }
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(WEIGHT, dW);
        gradient.setGradientFor(BIAS, db);
        return new Pair<>(gradient, backpropDropOutIfPresent(dx.reshape('c', n, h, w, in)));
    }
}
