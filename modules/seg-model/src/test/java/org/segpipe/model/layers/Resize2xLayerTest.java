package org.segpipe.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The bilinear 2x upsampling and its adjoint at every small shape, a batch of one image included. */
class Resize2xLayerTest {

    /** Reference: out[2i] = 0.75 x[i] + 0.25 x[max(i-1, 0)], out[2i+1] = 0.75 x[i] + 0.25 x[min(i+1, len-1)]. */
    private static float[] reference(INDArray x, int axis) {
        long[] s = x.shape();
        long[] o = s.clone();
        o[axis] *= 2;
        INDArray out = Nd4j.create(DataType.FLOAT, o);
        long len = s[axis];
        for (long n = 0; n < s[0]; n++) {
            for (long h = 0; h < o[1]; h++) {
                for (long w = 0; w < o[2]; w++) {
                    for (long c = 0; c < s[3]; c++) {
                        long i = (axis == 1 ? h : w) / 2;
                        long j = (axis == 1 ? h : w) % 2 == 0 ? Math.max(i - 1, 0) : Math.min(i + 1, len - 1);
                        double a = axis == 1 ? x.getDouble(n, i, w, c) : x.getDouble(n, h, i, c);
                        double b = axis == 1 ? x.getDouble(n, j, w, c) : x.getDouble(n, h, j, c);
                        out.putScalar(new long[] {n, h, w, c}, 0.75 * a + 0.25 * b);
                    }
                }
            }
        }
        return out.reshape(-1).toFloatVector();
    }

    @Test
    void upsamplingAndItsAdjointAtAllSmallShapes() {
        Nd4j.getRandom().setSeed(5);
        for (int n : new int[] {1, 2}) {
            for (int h : new int[] {1, 2, 3}) {
                for (int w : new int[] {1, 2, 3}) {
                    for (int c : new int[] {1, 3}) {
                        for (int axis : new int[] {1, 2}) {
                            String at = "n=" + n + " h=" + h + " w=" + w + " c=" + c + " axis=" + axis;
                            INDArray x = Nd4j.rand(DataType.FLOAT, n, h, w, c);
                            long[] s = x.shape().clone();
                            s[axis] *= 2;
                            INDArray out = Nd4j.create(DataType.FLOAT, s);
                            Resize2xLayer.upsample(x, axis, true, out);
                            assertArrayEquals(reference(x, axis), out.reshape(-1).toFloatVector(), 1e-6f, at);
                            // adjoint: <up(x), g> = <x, adj(g)>
                            INDArray g = Nd4j.rand(DataType.FLOAT, s);
                            INDArray adj = Nd4j.create(DataType.FLOAT, x.shape());
                            Resize2xLayer.adjoint(g, axis, true, adj);
                            assertEquals(out.mul(g).sumNumber().doubleValue(), x.mul(adj).sumNumber().doubleValue(), 1e-4, at);
                        }
                    }
                }
            }
        }
    }
}
