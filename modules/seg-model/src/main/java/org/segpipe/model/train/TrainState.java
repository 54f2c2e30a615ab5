package org.segpipe.model.train;

/**
 * Where training stands, as a checkpoint records it: everything a resumed run needs to continue
 * exactly as an uninterrupted one (the weights, batch-norm statistics and optimiser state travel
 * in the network itself).
 *
 * @param epoch        the epoch in progress (0-based); equals the number of finished epochs at an epoch end
 * @param batchInEpoch batches of that epoch already trained on
 * @param iteration    iterations (parameter updates) so far
 * @param lossSum      sum of the training losses of the batches done in this epoch
 * @param seconds      training seconds so far in this epoch (for the log's throughput)
 * @param images       images trained on so far in this epoch
 */
public record TrainState(int epoch, long batchInEpoch, long iteration, double lossSum, double seconds, long images) {

    public static TrainState start() {
        return new TrainState(0, 0, 0, 0, 0, 0);
    }
}
