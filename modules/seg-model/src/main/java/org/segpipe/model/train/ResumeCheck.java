package org.segpipe.model.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.segpipe.core.config.ConfigException;
import org.segpipe.model.io.ModelMetadata;

/** Refuses to resume from a checkpoint made with other settings or data. */
public final class ResumeCheck {

    private ResumeCheck() {
    }

    /**
     * @param source        the checkpoint, for the message
     * @param checkpoint    its metadata
     * @param fingerprint   this run's {@link TrainConfig#resumeFingerprint}
     * @param inputManifest this run's training-data hash
     * @param epochs        this run's {@code train.epochs}
     */
    public static void check(String source, ModelMetadata checkpoint, Map<String, String> fingerprint, String inputManifest, int epochs) {
        List<String> diffs = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(fingerprint.keySet());
        keys.addAll(checkpoint.fingerprint().keySet());
        for (String k : keys) {
            String was = checkpoint.fingerprint().get(k);
            String now = fingerprint.get(k);
            if (was == null ? now != null : !was.equals(now)) {
                diffs.add(k + "=" + was + " (this run: " + now + ")");
            }
        }
        if (!diffs.isEmpty()) {
            throw new ConfigException("cannot resume from " + source + ": it was made with " + String.join(", ", diffs)
                    + "; a resumed run needs the same model, loss and training settings (only " + TrainConfig.EPOCHS + ", "
                    + TrainConfig.CHECKPOINT_EVERY + ", " + TrainConfig.KEEP_CHECKPOINTS + " and paths may change)");
        }
        String was = checkpoint.provenance().inputManifest();
        if (was != null && !was.equals(inputManifest)) {
            throw new ConfigException("cannot resume from " + source + ": the training data changed since it was made (input manifest "
                    + was + ", now " + inputManifest + ")");
        }
        if ("poly".equals(fingerprint.get(TrainConfig.SCHEDULE)) && checkpoint.provenance().extra().containsKey("epochs")
                && !checkpoint.provenance().extra().get("epochs").equals(Integer.toString(epochs))) {
            throw new ConfigException("cannot resume from " + source + " with " + TrainConfig.EPOCHS + "=" + epochs
                    + ": its poly learning-rate schedule was laid out for " + checkpoint.provenance().extra().get("epochs") + " epochs");
        }
        if (checkpoint.state().epoch() >= epochs) {
            throw new ConfigException("nothing to resume: " + source + " already finished " + checkpoint.state().epoch()
                    + " epochs and " + TrainConfig.EPOCHS + " is " + epochs);
        }
    }
}
