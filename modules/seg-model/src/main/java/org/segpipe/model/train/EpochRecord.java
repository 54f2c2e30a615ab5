package org.segpipe.model.train;

/**
 * One row of the training log.
 *
 * @param epoch             1-based epoch number
 * @param iterations        iterations done at the end of the epoch
 * @param trainLoss         mean training loss over the epoch's batches
 * @param validationMiou    validation mean IoU over classes present, NaN without validation data
 * @param validationPixelAccuracy correct over counted validation pixels, NaN without validation data
 * @param validationMae     saliency runs (one-channel sigmoid head): mean per-image MAE of the validation images in the
 *                          convention of {@code seg evaluate --task saliency} (prediction min-max scaled, mask {@code > 128});
 *                          NaN for other runs and without validation data
 * @param learningRate      learning rate in effect at the end of the epoch
 * @param trainImages       images trained on in the epoch
 * @param trainSeconds      wall seconds spent training in the epoch (validation excluded)
 * @param validationSeconds wall seconds spent validating
 */
public record EpochRecord(int epoch, long iterations, double trainLoss, double validationMiou, double validationPixelAccuracy,
                          double validationMae, double learningRate, long trainImages, double trainSeconds, double validationSeconds) {

    /** A record without a validation MAE (runs that are not saliency runs). */
    public EpochRecord(int epoch, long iterations, double trainLoss, double validationMiou, double validationPixelAccuracy,
                       double learningRate, long trainImages, double trainSeconds, double validationSeconds) {
        this(epoch, iterations, trainLoss, validationMiou, validationPixelAccuracy, Double.NaN, learningRate, trainImages,
                trainSeconds, validationSeconds);
    }

    public double imagesPerSecond() {
        return trainSeconds > 0 ? trainImages / trainSeconds : Double.NaN;
    }
}
