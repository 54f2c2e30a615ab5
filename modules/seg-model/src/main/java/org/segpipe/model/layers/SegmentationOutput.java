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
import org.segpipe.model.loss.LossKind;
import org.segpipe.model.loss.LossSpec;

/**
 * The output of a segmentation network: softmax over the class channel of NHWC logits, and the
 * training loss ({@link org.segpipe.model.loss.SegLoss}) against labels given as train ids
 * {@code [N, H, W, 1]} (255 = ignore). The reported score is the loss itself (mean over counted
 * pixels, not summed per image), so it reads the same at any image size or batch size.
 */
public class SegmentationOutput extends NoParamLayer {

    private static final long serialVersionUID = 1L;

    private int classes;
    private String loss = LossKind.CE.configName();
    private double[] classWeights;
    private double diceWeight = 1.0;
    private double diceSmooth = 1.0;

    public SegmentationOutput() {
    }

    public static SegmentationOutput of(int classes, LossSpec spec) {
        spec.checkClasses(classes);
        SegmentationOutput o = new SegmentationOutput();
        o.classes = classes;
        o.loss = spec.kind().configName();
        o.classWeights = spec.classWeights();
        o.diceWeight = spec.diceWeight();
        o.diceSmooth = spec.diceSmooth();
        return o;
    }

    public int getClasses() {
        return classes;
    }

    // bean accessors: DL4J's JSON keeps only properties, and without them a saved network came
    // back with the default loss (softmax CE), e.g. a saliency model's sigmoid head as a softmax
    public void setClasses(int classes) {
        this.classes = classes;
    }

    public String getLoss() {
        return loss;
    }

    public void setLoss(String loss) {
        this.loss = loss;
    }

    public double[] getClassWeights() {
        return classWeights;
    }

    public void setClassWeights(double[] classWeights) {
        this.classWeights = classWeights;
    }

    public double getDiceWeight() {
        return diceWeight;
    }

    public void setDiceWeight(double diceWeight) {
        this.diceWeight = diceWeight;
    }

    public double getDiceSmooth() {
        return diceSmooth;
    }

    public void setDiceSmooth(double diceSmooth) {
        this.diceSmooth = diceSmooth;
    }

    public LossSpec lossSpec() {
        return new LossSpec(LossKind.parse(loss, "loss.name"), classWeights, diceWeight, diceSmooth);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        SegmentationOutputLayer layer = new SegmentationOutputLayer(conf, networkDataType);
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
        if (in.getChannels() != classes) {
            throw new IllegalStateException("output layer expects " + classes + " class channels, found " + in.getChannels());
        }
        return inputType;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(getLayerName(), SegmentationOutput.class, inputType, inputType)
                .standardMemory(0, 0)
                .workingMemory(0, inputType.arrayElementsPerExample(), MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }
}
