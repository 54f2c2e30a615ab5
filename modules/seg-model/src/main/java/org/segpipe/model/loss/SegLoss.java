package org.segpipe.model.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

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
        INDArray grad = withGradient ? Nd4j.zeros(logits.dataType(), m, c) : null;
        if (spec.kind().usesCrossEntropy()) {
            double[] weights = spec.classWeights();
            score += crossEntropy(logits, probs, onehot, weights, grad);
        }
        if (spec.kind().usesDice()) {
            double w = spec.kind() == LossKind.DICE ? 1.0 : spec.diceWeight();
            score += w * dice(probs, onehot, spec.diceSmooth(), w, grad);
        }
        return new Result(score, grad);
    }

    /** One-hot rows of the labels; out-of-range labels (ignore) give all-zero rows. */
    static INDArray oneHot(INDArray labels, long classes, DataType type) {
        INDArray idx = labels.reshape(labels.length()).castTo(DataType.INT);
        INDArray out = Nd4j.create(type, labels.length(), classes);
        Nd4j.exec(DynamicCustomOp.builder("onehot").addInputs(idx).addOutputs(out)
                .addIntegerArguments(-1, (int) classes).addFloatingPointArguments(1.0, 0.0).build());
        return out;
    }

    /** Adds the CE gradient into {@code grad} (when not null); returns the CE value. */
    private static double crossEntropy(INDArray logits, INDArray probs, INDArray onehot, double[] classWeights, INDArray grad) {
        long c = logits.size(1);
        INDArray weighted = onehot;
        if (classWeights != null) {
            INDArray cw = Nd4j.create(classWeights).castTo(logits.dataType()).reshape(c);
            weighted = onehot.mulRowVector(cw);
        }
        INDArray pixelWeight = weighted.sum(true, 1); // [M, 1]: w(y_i), 0 for ignored pixels
        double total = pixelWeight.sumNumber().doubleValue();
        if (total <= 0) {
            return 0;
        }
        INDArray logP = logSoftmax(logits);
        double ce = -weighted.mul(logP).sumNumber().doubleValue() / total;
        if (grad != null) {
            grad.addi(probs.mulColumnVector(pixelWeight).subi(weighted).divi(total));
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

    static INDArray logSoftmax(INDArray logits) {
        INDArray out = logits.ulike();
        Nd4j.exec(DynamicCustomOp.builder("log_softmax").addInputs(logits).addOutputs(out).addIntegerArguments(1).build());
        return out;
    }

    static INDArray softmax(INDArray logits) {
        INDArray out = logits.ulike();
        Nd4j.exec(DynamicCustomOp.builder("softmax").addInputs(logits).addOutputs(out).addIntegerArguments(logits.rank() - 1).build());
        return out;
    }
}
