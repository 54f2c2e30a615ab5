package org.segpipe.model.layers;

import static org.segpipe.model.layers.ConvUnitParams.BETA;
import static org.segpipe.model.layers.ConvUnitParams.BIAS;
import static org.segpipe.model.layers.ConvUnitParams.GAMMA;
import static org.segpipe.model.layers.ConvUnitParams.MEAN;
import static org.segpipe.model.layers.ConvUnitParams.VAR;
import static org.segpipe.model.layers.ConvUnitParams.WEIGHT;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The runtime of {@link ConvUnit}; see there for what it computes. */
public class ConvUnitLayer extends BaseLayer<ConvUnit> {

    /** Convolution output (pre-normalisation), kept from a training forward pass for backprop. */
    private INDArray preNorm;
    /** Batch mean and biased variance of {@link #preNorm}, per channel. */
    private INDArray batchMean;
    private INDArray batchVar;
    /** The layer output, kept for the ReLU mask. */
    private INDArray output;

    public ConvUnitLayer(NeuralNetConfiguration conf, DataType dataType) {
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
        return layerConf().isBias();
    }

    private int[] convArgs() {
        ConvUnit c = layerConf();
        int k = c.getKernel();
        int d = c.getDilation();
        // kH, kW, sH, sW, pH, pW, dH, dW, same-mode, NHWC, weights [out, in, kH, kW]
        return new int[] {k, k, 1, 1, 0, 0, d, d, 1, 1, 1};
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        ConvUnit c = layerConf();
        Nhwc.checkRank4(input, layerId(), c.getNIn());
        INDArray x = Nhwc.dense(input, mgr, ArrayType.INPUT);
        long n = x.size(0);
        long h = x.size(1);
        long w = x.size(2);
        long out = c.getNOut();
        INDArray weights = getParamWithNoise(WEIGHT, training, mgr);

        ArrayType convType = c.isBatchNorm() ? (training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM) : ArrayType.ACTIVATIONS;
        INDArray z = ChannelOps.working(mgr, convType, x, n, h, w, out);
        INDArray[] convIn = c.isBias() ? new INDArray[] {x, weights, getParamWithNoise(BIAS, training, mgr).reshape(out)}
                : new INDArray[] {x, weights};
        ChannelOps.exec("conv2d", convIn, new INDArray[] {z}, convArgs(), c.getDilation() == 1);

        INDArray y = z;
        if (c.isBatchNorm()) {
            INDArray mean;
            INDArray var;
            if (training) {
                mean = mgr.create(ArrayType.ACTIVATIONS, x.dataType(), new long[] {1, out}, 'c');
                var = mgr.create(ArrayType.ACTIVATIONS, x.dataType(), new long[] {1, out}, 'c');
                batchStatistics(z, mean, var, mgr);
                double decay = c.getBnDecay();
                getParam(MEAN).muli(decay).addi(mean.reshape(out).mul(1 - decay));
                getParam(VAR).muli(decay).addi(var.reshape(out).mul(1 - decay));
                preNorm = z;
                batchMean = mean;
                batchVar = var;
            } else {
                mean = getParam(MEAN);
                var = getParam(VAR);
            }
            y = ChannelOps.working(mgr, ArrayType.ACTIVATIONS, x, n, h, w, out);
            ChannelOps.batchNorm(z, mean, var, getParam(GAMMA), getParam(BETA), c.getBnEps(), y);
        }
        if (c.isRelu()) {
            Transforms.relu(y, false);
        }
        output = training ? y : null;
        return y;
    }

    /** Mean and biased variance per channel, two-pass (centred) for accuracy. */
    private static void batchStatistics(INDArray z, INDArray mean, INDArray var, LayerWorkspaceMgr mgr) {
        INDArray rows = ChannelOps.rows(z);
        long m = rows.size(0);
        ChannelOps.columnSums(rows, mean).divi(m);
        INDArray centred = ChannelOps.working(mgr, ArrayType.FF_WORKING_MEM, z, rows.size(0), rows.size(1));
        Nd4j.exec(new BroadcastSubOp(rows, mean.reshape(mean.length()), centred, 1));
        centred.muli(centred);
        ChannelOps.columnSums(centred, var).divi(m);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        ConvUnit c = layerConf();
        long out = c.getNOut();
        INDArray x = Nhwc.dense(input, mgr, ArrayType.BP_WORKING_MEM);
        // relu_bp reads strided views (a concatenation's share of the gradient) directly; rows() below needs a dense array
        INDArray eps = c.isRelu() ? epsilon : Nhwc.dense(epsilon, mgr, ArrayType.BP_WORKING_MEM);

        // dL/d(pre-ReLU): ReLU passes the gradient where the output is positive.
        INDArray g = eps;
        if (c.isRelu()) {
            if (output == null) {
                throw new IllegalStateException("layer '" + layerId() + "': backprop without a training forward pass");
            }
            g = ChannelOps.working(mgr, ArrayType.BP_WORKING_MEM, eps, eps.shape());
            Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(output, eps).addOutputs(g).addFloatingPointArguments(0.0).build());
        }

        Gradient gradient = new DefaultGradient();
        INDArray dz = g;
        INDArray dGamma = null;
        INDArray dBeta = null;
        if (c.isBatchNorm()) {
            if (preNorm == null) {
                throw new IllegalStateException("layer '" + layerId() + "': backprop without a training forward pass");
            }
            dz = batchNormBackprop(g, mgr);
            dGamma = gradientViews.get(GAMMA);
            dBeta = gradientViews.get(BETA);
        }

        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
        INDArray dW = gradientViews.get(WEIGHT);
        if (c.isBias()) {
            ChannelOps.exec("conv2d_bp", new INDArray[] {x, getParam(WEIGHT), getParam(BIAS).reshape(out), dz},
                    new INDArray[] {dx, dW, gradientViews.get(BIAS).reshape(out)}, convArgs(), c.getDilation() == 1);
        } else {
            ChannelOps.exec("conv2d_bp", new INDArray[] {x, getParam(WEIGHT), dz}, new INDArray[] {dx, dW}, convArgs(),
                    c.getDilation() == 1);
        }

        gradient.setGradientFor(WEIGHT, dW);
        if (c.isBias()) {
            gradient.setGradientFor(BIAS, gradientViews.get(BIAS));
        }
        if (c.isBatchNorm()) {
            gradient.setGradientFor(GAMMA, dGamma);
            gradient.setGradientFor(BETA, dBeta);
            gradient.setGradientFor(MEAN, gradientViews.get(MEAN).assign(0));
            gradient.setGradientFor(VAR, gradientViews.get(VAR).assign(0));
        }
        dx = backpropDropOutIfPresent(dx);
        clearTrainingState();
        return new Pair<>(gradient, dx);
    }

    /**
     * Batch-norm backprop with batch statistics:
     * {@code dz = gamma * istd / M * (M * g - sum(g) - xhat * sum(g * xhat))}, written as the
     * channel-wise affine combination {@code A * g + B * z + C}; fills the gamma and beta gradients.
     */
    private INDArray batchNormBackprop(INDArray g, LayerWorkspaceMgr mgr) {
        ConvUnit c = layerConf();
        long out = c.getNOut();
        INDArray z = preNorm;
        INDArray gRows = ChannelOps.rows(g);
        INDArray zRows = ChannelOps.rows(z);
        long m = gRows.size(0);
        INDArray mean = batchMean.reshape(1, out);
        INDArray istd = Transforms.pow(batchVar.reshape(1, out).add(c.getBnEps()), -0.5, false);
        INDArray gamma = getParam(GAMMA).reshape(1, out);

        INDArray sumG = ChannelOps.columnSums(gRows, Nd4j.create(g.dataType(), 1, out));
        INDArray gz = ChannelOps.working(mgr, ArrayType.BP_WORKING_MEM, g, m, out);
        gRows.mul(zRows, gz);
        INDArray sumGz = ChannelOps.columnSums(gz, Nd4j.create(g.dataType(), 1, out));
        // sum(g * xhat) = istd * (sum(g * z) - mean * sum(g))
        INDArray dGamma = sumGz.sub(mean.mul(sumG)).muli(istd);
        gradientViews.get(BETA).assign(sumG.reshape(out));
        gradientViews.get(GAMMA).assign(dGamma.reshape(out));

        INDArray a = gamma.mul(istd);
        INDArray b = a.mul(istd).muli(dGamma).divi(-m);
        INDArray cc = a.mul(sumG).divi(-m).subi(b.mul(mean));
        INDArray dz = ChannelOps.working(mgr, ArrayType.BP_WORKING_MEM, g, g.shape());
        ChannelOps.affine(z, b, cc, dz);
        INDArray dzRows = ChannelOps.rows(dz);
        Nd4j.exec(new BroadcastMulOp(gRows, a.reshape(out), gz, 1));
        dzRows.addi(gz);
        return dz;
    }

    private void clearTrainingState() {
        preNorm = null;
        batchMean = null;
        batchVar = null;
        output = null;
    }

    @Override
    public void clear() {
        super.clear();
        clearTrainingState();
    }

    /** The parameter names in layout order (for tests and the model summary). */
    public List<String> paramNames() {
        return new ArrayList<>(ConvUnitParams.INSTANCE.paramKeys(layerConf()));
    }
}
