package org.segpipe.model.layers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Native building blocks shared by the fast layers. Per-channel sums over {@code [N, H, W, C]} are
 * computed as {@code X[M, C]^T x ones[M]} (one BLAS gemv streaming the tensor once), which on this
 * CPU is 5-15 times faster than libnd4j's reductions over the leading dimensions.
 */
final class ChannelOps {

    private static final Map<String, INDArray> ONES = new ConcurrentHashMap<>();

    private ChannelOps() {
    }

    /** The {@code [M, C]} matrix view of a dense NHWC tensor. */
    static INDArray rows(INDArray nhwc) {
        long c = nhwc.size(nhwc.rank() - 1);
        return nhwc.reshape('c', nhwc.length() / c, c);
    }

    /** Sum over all rows of a dense {@code [M, C]} matrix, written into {@code out} ({@code [1, C]}). */
    static INDArray columnSums(INDArray rows, INDArray out) {
        // X^T x 1 (BLAS gemv on the column-major view of X) streams X once; on this CPU it is about
        // twice as fast as 1^T x X for 16 channels
        INDArray ones = ones(rows.dataType(), rows.size(0));
        INDArray col = Nd4j.createUninitialized(rows.dataType(), rows.size(1), 1);
        rows.transpose().mmuli(ones, col);
        return out.assign(col.reshape(out.shape()));
    }

    /** A detached column of ones, cached per type and length (it is read-only). */
    private static INDArray ones(DataType type, long length) {
        return ONES.computeIfAbsent(type + ":" + length, k -> {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return Nd4j.ones(type, length, 1);
            }
        });
    }

    /**
     * Channel-wise affine map {@code out = x * scale + shift} (scale, shift of length C), one native
     * pass through libnd4j's batchnorm op (mean 0, variance chosen so that the divisor is exactly 1).
     */
    static void affine(INDArray x, INDArray scale, INDArray shift, INDArray out) {
        INDArray zero = Nd4j.zeros(x.dataType(), scale.length());
        INDArray one = Nd4j.ones(x.dataType(), scale.length());
        batchNorm(x, zero, one, scale.reshape(scale.length()), shift.reshape(shift.length()), 0.0, out);
    }

    /** libnd4j batchnorm over the last axis with the given statistics: {@code (x - mean) / sqrt(var + eps) * gamma + beta}. */
    static void batchNorm(INDArray x, INDArray mean, INDArray var, INDArray gamma, INDArray beta, double eps, INDArray out) {
        CustomOp op = DynamicCustomOp.builder("batchnorm")
                .addInputs(x, mean.reshape(mean.length()), var.reshape(var.length()), gamma.reshape(gamma.length()),
                        beta.reshape(beta.length()))
                .addOutputs(out)
                .addIntegerArguments(1, 1, x.rank() - 1)
                .addFloatingPointArguments(eps)
                .build();
        Nd4j.exec(op);
    }

    /**
     * Runs a libnd4j op; {@code platformHelpers=false} forces libnd4j's own implementation instead
     * of its oneDNN one (which M2.1 gets wrong for dilated convolutions: it sizes the right padding
     * as if the kernel were not dilated, and oneDNN refuses the descriptor).
     */
    static void exec(String op, INDArray[] inputs, INDArray[] outputs, int[] intArgs, boolean platformHelpers) {
        if (platformHelpers) {
            Nd4j.exec(DynamicCustomOp.builder(op).addInputs(inputs).addOutputs(outputs).addIntegerArguments(intArgs).build());
            return;
        }
        try (org.nd4j.linalg.api.ops.OpContext ctx = Nd4j.getExecutioner().buildContext()) {
            long[] args = new long[intArgs.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = intArgs[i];
            }
            ctx.setIArguments(args);
            ctx.setInputArrays(inputs);
            ctx.setOutputArrays(outputs);
            ctx.allowHelpers(false);
            Nd4j.exec(DynamicCustomOp.builder(op).build(), ctx);
        } catch (Exception e) {
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(op + " failed", e);
        }
    }

    /** A working array of the given shape and the type of {@code like}. */
    static INDArray working(LayerWorkspaceMgr mgr, ArrayType type, INDArray like, long... shape) {
        return mgr.createUninitialized(type, like.dataType(), shape, 'c');
    }
}
