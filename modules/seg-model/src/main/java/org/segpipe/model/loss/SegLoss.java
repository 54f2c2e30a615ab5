package org.segpipe.model.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The segmentation losses and their gradients with respect to the logits, over pixels as rows:
 * logits and probabilities {@code [M, C]}, labels {@code [M]} (train ids; any value outside
 * {@code 0..C-1}, such as 255, is ignored: it contributes neither loss nor gradient).
 *
 * <ul>
 *   <li>Cross-entropy, optionally weighted: {@code L = -sum_i w(y_i) log p_i(y_i) / sum_i w(y_i)}
 *       over counted pixels (PyTorch's {@code ignore_index} and {@code weight} semantics);
 *       {@code dL/dz_i = w(y_i) (p_i - onehot(y_i)) / sum w}.</li>
 *   <li>Soft Dice over the whole batch: with {@code I_c = sum_i p_ic y_ic} and
 *       {@code S_c = sum_i p_ic + sum_i y_ic} over counted pixels,
 *       {@code L = 1 - (1/C) sum_c (2 I_c + s) / (S_c + s)};
 *       {@code dL/dp_ic = -(1/C) (2 y_ic / (S_c + s) - (2 I_c + s) / (S_c + s)^2)}, taken through the
 *       softmax as {@code dL/dz_i = p_i * (g_i - <p_i, g_i>)}.</li>
 * </ul>
 */
public final class SegLoss {

    /** Loss value and, when asked for, {@code dL/dlogits} {@code [M, C]}. */
    public record Result(double score, INDArray gradient) {
    }

    private SegLoss() {
    }

    public static Result evaluate(LossSpec spec, INDArray logits, INDArray probs, INDArray labels, boolean withGradient) {
        long m = logits.size(0);
        long c = logits.size(1);
        INDArray onehot = oneHot(labels, c, logits.dataType());
        double score = 0;
        INDArray[] grad = {null};
        if (spec.kind().usesCrossEntropy()) {
            score += crossEntropy(probs, onehot, spec.classWeights(), withGradient, grad);
        }
        if (spec.kind().usesDice()) {
            double w = spec.kind() == LossKind.DICE ? 1.0 : spec.diceWeight();
            if (withGradient && grad[0] == null) {
                grad[0] = Nd4j.zeros(logits.dataType(), m, c);
            }
            score += w * dice(probs, onehot, spec.diceSmooth(), w, withGradient ? grad[0] : null);
        }
        if (withGradient && grad[0] == null) {
            grad[0] = Nd4j.zeros(logits.dataType(), m, c); // nothing counted: no gradient
        }
        return new Result(score, grad[0]);
    }

    /** One-hot rows of the labels; out-of-range labels (ignore) give all-zero rows. */
    static INDArray oneHot(INDArray labels, long classes, DataType type) {
        INDArray idx = labels.reshape(labels.length()).castTo(DataType.INT);
        INDArray out = Nd4j.create(type, labels.length(), classes);
        Nd4j.exec(DynamicCustomOp.builder("onehot").addInputs(idx).addOutputs(out)
                .addIntegerArguments(-1, (int) classes).addFloatingPointArguments(1.0, 0.0).build());
        return out;
    }

    /**
     * Returns the CE value; with {@code withGradient}, puts {@code dCE/dz} into {@code grad[0]}. Only
     * the probability of each pixel's true class enters the value (floored at 1e-30, so a pixel
     * contributes at most about 69); the gradient {@code w(y_i) (p_i - onehot(y_i)) / sum w} is exact.
     */
    private static double crossEntropy(INDArray probs, INDArray onehot, double[] classWeights, boolean withGradient, INDArray[] grad) {
        long c = probs.size(1);
        INDArray cw = classWeights != null ? Nd4j.create(classWeights).castTo(probs.dataType()).reshape(c, 1)
                : Nd4j.ones(probs.dataType(), c, 1);
        INDArray pixelWeight = onehot.mmul(cw); // [M, 1]: w(y_i), 0 for ignored pixels
        double total = pixelWeight.sumNumber().doubleValue();
        if (total <= 0) {
            return 0;
        }
        INDArray trueProb = onehot.mul(probs).mmul(Nd4j.ones(probs.dataType(), c, 1)); // [M, 1]
        Transforms.log(Transforms.max(trueProb, 1e-30, false), false);
        double ce = -pixelWeight.mul(trueProb).sumNumber().doubleValue() / total;
        if (withGradient) {
            grad[0] = probs.sub(onehot).muliColumnVector(pixelWeight.divi(total));
        }
        return ce;
    }

    /** Adds {@code scale * dDice/dz} into {@code grad} (when not null); returns the Dice loss. */
    private static double dice(INDArray probs, INDArray onehot, double smooth, double scale, INDArray grad) {
        long c = probs.size(1);
        INDArray counted = onehot.sum(true, 1); // [M, 1]: 1 for counted pixels
        INDArray p = probs.mulColumnVector(counted);
        INDArray inter = p.mul(onehot).sum(true, 0); // [1, C]
        INDArray denom = p.sum(true, 0).addi(onehot.sum(true, 0)).addi(smooth); // S_c + s
        INDArray diceC = inter.mul(2).addi(smooth).divi(denom);
        double loss = 1 - diceC.sumNumber().doubleValue() / c;
        if (grad != null) {
            // g_ic = dL/dp_ic = -(1/C) (2 y_ic / (S_c + s) - (2 I_c + s) / (S_c + s)^2), counted pixels only
            INDArray a = denom.rdiv(2.0); // 2 / (S_c + s)
            INDArray b = diceC.div(denom); // (2 I_c + s) / (S_c + s)^2
            INDArray g = onehot.mulRowVector(a).subiRowVector(b).muliColumnVector(counted).muli(-1.0 / c);
            INDArray inner = probs.mul(g).sum(true, 1); // <p_i, g_i>
            grad.addi(g.subiColumnVector(inner).muli(probs).muli(scale));
        }
        return loss;
    }

    static INDArray softmax(INDArray logits) {
        INDArray out = logits.ulike();
        Nd4j.exec(DynamicCustomOp.builder("softmax").addInputs(logits).addOutputs(out).addIntegerArguments(logits.rank() - 1).build());
        return out;
    }
}
