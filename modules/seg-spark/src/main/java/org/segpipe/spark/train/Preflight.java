package org.segpipe.spark.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.segpipe.model.loss.ClassWeights;

/**
 * What the pre-flight pass learns about the data, as a mergeable count (zero is the identity,
 * merge is associative): usable and rejected samples per split, the training images' sizes
 * against the crop, their class pixel counts and an order-independent content hash.
 */
final class Preflight implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int EXAMPLES = 3;

    long train;
    long validation;
    long rejected;
    long tooSmall;
    long wrongSize;
    long hashSum;
    ClassWeights.Counts counts;
    final List<String> tooSmallExamples = new ArrayList<>();
    final List<String> wrongSizeExamples = new ArrayList<>();
    final List<String> problemExamples = new ArrayList<>();

    private final String trainSplit;
    private final int cropWidth;
    private final int cropHeight;
    private final boolean exactSize;

    /**
     * @param exactSize training images must be exactly {@code cropWidth x cropHeight} (no cropping),
     *                  else at least that size
     */
    Preflight(String trainSplit, int cropWidth, int cropHeight, boolean exactSize, int classes) {
        this.trainSplit = trainSplit;
        this.cropWidth = cropWidth;
        this.cropHeight = cropHeight;
        this.exactSize = exactSize;
        this.counts = ClassWeights.Counts.zero(classes);
    }

    Preflight add(CheckedSample s) {
        if (!s.ok()) {
            rejected++;
            example(problemExamples, s.path() + ": " + s.problem());
            return this;
        }
        if (!s.split().equals(trainSplit)) {
            validation++;
            return this;
        }
        train++;
        hashSum += s.hash();
        counts = counts.plus(s.counts());
        String size = s.path() + " is " + s.width() + "x" + s.height();
        if (exactSize && (s.width() != cropWidth || s.height() != cropHeight)) {
            wrongSize++;
            example(wrongSizeExamples, size);
        } else if (s.width() < cropWidth || s.height() < cropHeight) {
            tooSmall++;
            example(tooSmallExamples, size);
        }
        return this;
    }

    Preflight merge(Preflight o) {
        train += o.train;
        validation += o.validation;
        rejected += o.rejected;
        tooSmall += o.tooSmall;
        wrongSize += o.wrongSize;
        hashSum += o.hashSum;
        counts = counts.plus(o.counts);
        o.tooSmallExamples.forEach(e -> example(tooSmallExamples, e));
        o.wrongSizeExamples.forEach(e -> example(wrongSizeExamples, e));
        o.problemExamples.forEach(e -> example(problemExamples, e));
        return this;
    }

    private static void example(List<String> list, String e) {
        if (list.size() < EXAMPLES) {
            list.add(e);
        }
    }

    /** The content hash of the training data as 16 hex digits. */
    String manifest() {
        return String.format("%016x", hashSum);
    }
}
