package org.segpipe.model.layers;

import java.util.List;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.segpipe.model.loss.LossSpec;
import org.segpipe.model.loss.SegLoss;

/**
 * The runtime of {@link SegmentationOutput}. DL4J divides parameter gradients by the minibatch
 * size after backprop, so the gradient handed back is {@code N * dL/dlogits}: the optimiser then
 * follows {@code dL/dtheta} of the loss exactly as reported.
 */
public class SegmentationOutputLayer extends AbstractLayer<SegmentationOutput> implements IOutputLayer {

    private INDArray labels;
    private double score;
    /** Softmax of the last training forward pass, and the input it belongs to. */
    private INDArray probs;
    private INDArray probsOf;
    /** The loss computed with the last backprop (DL4J asks for the score right after it), and its input and labels. */
    private double backpropScore;
    private INDArray backpropInput;
    private INDArray backpropLabels;

    public SegmentationOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        Nhwc.checkRank4(input, layerId(), layerConf().getClasses());
        INDArray p = mgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
        Nd4j.exec(DynamicCustomOp.builder("softmax").addInputs(input).addOutputs(p).addIntegerArguments(3).build());
        probs = training ? p : null;
        probsOf = training ? input : null;
        return p;
    }

    private SegLoss.Result loss(boolean withGradient) {
        if (input == null || labels == null) {
            throw new IllegalStateException("output layer '" + layerId() + "': input or labels not set");
        }
        long n = input.size(0);
        long h = input.size(1);
        long w = input.size(2);
        long c = input.size(3);
        if (labels.length() != n * h * w) {
            throw new IllegalStateException("labels " + java.util.Arrays.toString(labels.shape())
                    + " do not match the network output " + java.util.Arrays.toString(input.shape())
                    + "; expected train ids [N, H, W, 1]");
        }
        INDArray logits = Nhwc.dense(input, LayerWorkspaceMgr.noWorkspaces(), ArrayType.BP_WORKING_MEM).reshape('c', n * h * w, c);
        INDArray p;
        if (probs != null && probsOf == input) {
            p = probs.reshape('c', n * h * w, c);
        } else {
            p = logits.ulike();
            Nd4j.exec(DynamicCustomOp.builder("softmax").addInputs(logits).addOutputs(p).addIntegerArguments(1).build());
        }
        LossSpec spec = layerConf().lossSpec();
        return SegLoss.evaluate(spec, logits, p, labels.reshape(n * h * w).castTo(input.dataType()), withGradient);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr mgr) {
        boolean cached = backpropInput != null && backpropInput == input && backpropLabels == labels;
        score = (cached ? backpropScore : loss(false).score()) + fullNetRegTerm;
        backpropInput = null;
        backpropLabels = null;
        return score;
    }

    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr mgr) {
        long n = input.size(0);
        INDArray all = input;
        INDArray allLabels = labels;
        INDArray out = Nd4j.create(DataType.DOUBLE, n, 1);
        try {
            for (int i = 0; i < n; i++) {
                input = all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1));
                labels = allLabels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1));
                out.putScalar(i, 0, loss(false).score() + fullNetRegTerm);
            }
        } finally {
            input = all;
            labels = allLabels;
        }
        return mgr.leverageTo(ArrayType.ACTIVATIONS, out.castTo(input.dataType()));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        SegLoss.Result r = loss(true);
        backpropScore = r.score();
        backpropInput = input;
        backpropLabels = labels;
        INDArray grad = r.gradient().muli(input.size(0)).reshape('c', input.shape());
        return new Pair<>(new DefaultGradient(), mgr.leverageTo(ArrayType.ACTIVATION_GRAD, grad));
    }

    @Override
    public double score() {
        return score;
    }

    @Override
    public boolean needsLabels() {
        return true;
    }

    @Override
    public void setLabels(INDArray labels) {
        this.labels = labels;
    }

    @Override
    public INDArray getLabels() {
        return labels;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
    }

    @Override
    public void clear() {
        super.clear();
        labels = null;
        probs = null;
        probsOf = null;
        backpropInput = null;
        backpropLabels = null;
    }

    @Override
    public int numLabels() {
        return layerConf().getClasses();
    }

    @Override
    public double f1Score(DataSet data) {
        throw new UnsupportedOperationException("segmentation output: use the validation mIoU, not F1");
    }

    @Override
    public double f1Score(INDArray examples, INDArray labels) {
        throw new UnsupportedOperationException("segmentation output: use the validation mIoU, not F1");
    }

    @Override
    public void fit(DataSetIterator iter) {
        throw new UnsupportedOperationException("fit the network, not its output layer");
    }

    @Override
    public int[] predict(INDArray examples) {
        throw new UnsupportedOperationException("use the network's output and take the argmax per pixel");
    }

    @Override
    public List<String> predict(DataSet dataSet) {
        throw new UnsupportedOperationException("use the network's output and take the argmax per pixel");
    }

    @Override
    public void fit(INDArray examples, INDArray labels) {
        throw new UnsupportedOperationException("fit the network, not its output layer");
    }

    @Override
    public void fit(DataSet data) {
        throw new UnsupportedOperationException("fit the network, not its output layer");
    }

    @Override
    public void fit(INDArray examples, int[] labels) {
        throw new UnsupportedOperationException("fit the network, not its output layer");
    }
}
