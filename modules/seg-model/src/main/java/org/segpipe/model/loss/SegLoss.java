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

    /**
     * The binary losses of a one-channel sigmoid head, over pixels as rows: logits and
     * probabilities {@code [M, 1]}, labels {@code [M]} (1 object, 0 background, anything else
     * ignored), {@code images} images of {@code M / images} consecutive pixels each.
     *
     * <ul>
     *   <li>BCE: {@code L = (1/K) sum_i softplus(z_i) - y_i z_i} over the K counted pixels
     *       (= {@code -y log p - (1-y) log(1-p)}, computed from the logits so it stays finite);
     *       {@code dL/dz_i = (p_i - y_i) / K}.</li>
     *   <li>IoU, per image over its counted pixels: {@code I = sum p y}, {@code U = sum p + sum y - I},
     *       {@code L = 1 - mean_images (I + s) / (U + s)};
     *       {@code dL/dp_i = -(1/N) (y_i (U + s) - (I + s) (1 - y_i)) / (U + s)^2}, through the
     *       sigmoid {@code dL/dz_i = dL/dp_i p_i (1 - p_i)}.</li>
     * </ul>
     */
    public static Result evaluateBinary(LossSpec spec, INDArray logits, INDArray probs, INDArray labels, long images,
                                        boolean withGradient) {
        long m = logits.size(0);
        INDArray z = logits.reshape(m, 1);
        INDArray p = probs.reshape(m, 1);
        INDArray y = labels.reshape(m, 1).castTo(logits.dataType());
        INDArray counted = y.eq(0.0).castTo(logits.dataType()).addi(y.eq(1.0).castTo(logits.dataType()));
        INDArray yc = y.mul(counted); // 0 on ignored pixels
        double score = 0;
        INDArray grad = withGradient ? Nd4j.zeros(logits.dataType(), m, 1) : null;
        double k = counted.sumNumber().doubleValue();
        if ((spec.kind() == LossKind.BCE || spec.kind() == LossKind.BCE_IOU) && k > 0) {
            // softplus(z) = max(z, 0) + log(1 + exp(-|z|))
            INDArray sp = Transforms.relu(z, true).addi(Transforms.log(Transforms.exp(Transforms.abs(z, true).negi(), false).addi(1.0), false));
            score += sp.subi(yc.mul(z)).muli(counted).sumNumber().doubleValue() / k;
            if (withGradient) {
                grad.addi(p.sub(yc).muli(counted).divi(k));
            }
        }
        if (spec.kind() == LossKind.IOU || spec.kind() == LossKind.BCE_IOU) {
            double smooth = spec.diceSmooth();
            long per = m / images;
            INDArray c2 = counted.reshape(images, per);
            INDArray p2 = p.reshape(images, per).mul(c2);
            INDArray y2 = yc.reshape(images, per);
            INDArray inter = p2.mul(y2).sum(true, 1); // [N, 1]
            INDArray unionS = p2.sum(true, 1).addi(y2.sum(true, 1)).subi(inter).addi(smooth); // U + s
            INDArray interS = inter.add(smooth); // I + s
            double sum = interS.div(unionS).sumNumber().doubleValue();
            if (withGradient) {
                // dr/dp = (y (U+s) - (I+s) (1-y)) / (U+s)^2 on counted pixels
                INDArray drdp = y2.mulColumnVector(unionS).subi(y2.rsub(1.0).muliColumnVector(interS))
                        .diviColumnVector(unionS.mul(unionS)).muli(c2);
                INDArray pr = p.reshape(images, per);
                grad.addi(drdp.muli(pr).muli(pr.rsub(1.0)).muli(-1.0 / images).reshape(m, 1));
            }
            score += 1 - sum / images;
        }
        return new Result(score, grad);
    }

    static INDArray softmax(INDArray logits) {
        INDArray out = logits.ulike();
        Nd4j.exec(DynamicCustomOp.builder("softmax").addInputs(logits).addOutputs(out).addIntegerArguments(logits.rank() - 1).build());
        return out;
    }
}
