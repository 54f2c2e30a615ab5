package org.segpipe.model.net;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/** Tiny networks and random batches for the model tests. */
public final class TinyNets {

    private TinyNets() {
    }

    public static UNetConfig config(int depth, int base, Upsampling up, int classes, int height, int width, List<Integer> dilation) {
        return new UNetConfig(depth, base, 2.0, up, dilation, 0.0, classes, 3, height, width);
    }

    /** For gradient checks: no-op updater, the caller picks the data type. */
    public static NetTraining gradientCheck(long seed) {
        return new NetTraining(new NoOp(), 0, seed);
    }

    /** Random NHWC images in [0, 1). */
    public static INDArray images(DataType type, long seed, int n, int h, int w) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(type, n, h, w, 3);
    }

    /** Random train-id labels {@code [n, h, w, 1]}; roughly {@code ignoreShare} of the pixels are 255. */
    public static INDArray labels(DataType type, long seed, int n, int h, int w, int classes, double ignoreShare) {
        Random r = new Random(seed);
        double[] v = new double[n * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() < ignoreShare ? 255 : r.nextInt(classes);
        }
        return Nd4j.create(v, new long[] {n, h, w, 1}, type);
    }
}
