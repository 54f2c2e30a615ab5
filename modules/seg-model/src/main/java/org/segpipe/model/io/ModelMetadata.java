package org.segpipe.model.io;

import java.util.Map;
import org.segpipe.core.provenance.Provenance;
import org.segpipe.model.loss.LossSpec;
import org.segpipe.model.net.UNetConfig;
import org.segpipe.model.train.TrainState;

/**
 * What a model or checkpoint file says about itself, next to the network: its architecture, the
 * loss it was trained with, the input normalisation, the settings a resume must match, the
 * training state and provenance.
 *
 * @param format      file format version ({@link ModelFile#FORMAT})
 * @param net         the architecture (input size = training crop size)
 * @param loss        the training loss
 * @param mean        per-channel RGB mean of the input normalisation (0..1 scale)
 * @param std         per-channel RGB standard deviation
 * @param fingerprint settings that must match to resume ({@link org.segpipe.model.train.TrainConfig#resumeFingerprint})
 * @param state       training progress
 * @param trainImages training images per epoch (the data the run used)
 * @param provenance  run id, config hash, code version, input manifest
 */
public record ModelMetadata(int format, UNetConfig net, LossSpec loss, float[] mean, float[] std, Map<String, String> fingerprint,
                            TrainState state, long trainImages, Provenance provenance) {

    public ModelMetadata {
        // sorted (Map.copyOf iterates in a per-JVM order): metadata.json must be the same bytes for the same run
        fingerprint = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(fingerprint));
    }

    public ModelMetadata withState(TrainState s) {
        return new ModelMetadata(format, net, loss, mean, std, fingerprint, s, trainImages, provenance);
    }
}
