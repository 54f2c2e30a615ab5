package org.segpipe.model.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Shared checks for the fast layers, which all work on channels-last ({@code [N, H, W, C]})
 * activations: that layout lets oneDNN run its convolutions without reordering every tensor, and
 * makes per-channel statistics plain column sums of an {@code [N*H*W, C]} matrix.
 */
final class Nhwc {

    private Nhwc() {
    }

    static InputType.InputTypeConvolutional convolutional(InputType in, String layer) {
        if (!(in instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalStateException("layer '" + layer + "' expects a convolutional [N, H, W, C] input, found " + in);
        }
        if (c.getFormat() != CNN2DFormat.NHWC) {
            throw new IllegalStateException("layer '" + layer + "' works on NHWC (channels-last) activations, found " + c.getFormat());
        }
        return c;
    }

    static InputType of(long height, long width, long channels) {
        return InputType.convolutional(height, width, channels, CNN2DFormat.NHWC);
    }

    /** The array itself when it is a dense c-order tensor, else a dense copy in the given workspace. */
    static INDArray dense(INDArray a, LayerWorkspaceMgr mgr, ArrayType type) {
        if (a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a)) {
            return a;
        }
        return mgr.dup(type, a, 'c');
    }

    static void checkRank4(INDArray a, String layer, long channels) {
        if (a.rank() != 4 || a.size(3) != channels) {
            throw new IllegalStateException("layer '" + layer + "' expects activations [N, H, W, " + channels
                    + "], found " + java.util.Arrays.toString(a.shape()));
        }
    }
}
