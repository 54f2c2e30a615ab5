package org.segpipe.model.train;

/**
 * One row of the training log.
 *
 * @param epoch             1-based epoch number
 * @param iterations        iterations done at the end of the epoch
 * @param trainLoss         mean training loss over the epoch's batches
 * @param validationMiou    validation mean IoU over classes present, NaN without validation data
 * @param validationPixelAccuracy correct over counted validation pixels, NaN without validation data
 * @param learningRate      learning rate in effect at the end of the epoch
 * @param trainImages       images trained on in the epoch
 * @param trainSeconds      wall seconds spent training in the epoch (validation excluded)
 * @param validationSeconds wall seconds spent validating
 */
public record EpochRecord(int epoch, long iterations, double trainLoss, double validationMiou, double validationPixelAccuracy,
                          double learningRate, long trainImages, double trainSeconds, double validationSeconds) {

    public double imagesPerSecond() {
        return trainSeconds > 0 ? trainImages / trainSeconds : Double.NaN;
    }
}
