package org.segpipe.spark.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.segpipe.model.io.ModelFile;
import org.segpipe.model.io.SegModel;
import org.segpipe.model.train.TrainState;
import org.segpipe.model.train.Trainer;
import org.segpipe.spark.io.HadoopFiles;

/**
 * Checkpoints in {@code {out}/checkpoints/ckpt-{iteration}.zip} on any Hadoop file system: network,
 * optimiser state and metadata ({@link ModelFile}), each written atomically, the newest
 * {@code keep} kept.
 */
final class HadoopCheckpoints implements Trainer.Checkpoints {

    static final String FOLDER = "checkpoints";
    private static final Pattern NAME = Pattern.compile("ckpt-(\\d{10})\\.zip");

    private final String folder;
    private final Configuration conf;
    private final int keep;
    private final java.io.PrintStream log;

    HadoopCheckpoints(String out, Configuration conf, int keep, java.io.PrintStream log) {
        this.folder = HadoopFiles.child(out, FOLDER);
        this.conf = conf;
        this.keep = keep;
        this.log = log;
    }

    @Override
    public void save(SegModel model, TrainState state) {
        String uri = HadoopFiles.child(folder, String.format("ckpt-%010d.zip", state.iteration()));
        HadoopFiles.writeAtomically(uri, ModelFile.toBytes(model, true), conf);
        List<Long> all = iterations();
        for (int i = 0; i < all.size() - keep; i++) {
            HadoopFiles.delete(HadoopFiles.child(folder, String.format("ckpt-%010d.zip", all.get(i))), conf);
        }
        if (log != null) {
            log.println("checkpoint " + uri + " (epoch " + (state.epoch() + (state.batchInEpoch() == 0 ? 0 : 1))
                    + ", iteration " + state.iteration() + ")");
        }
    }

    /** Iterations of the checkpoints present, ascending. */
    List<Long> iterations() {
        List<Long> out = new ArrayList<>();
        for (String name : HadoopFiles.list(folder, conf)) {
            Matcher m = NAME.matcher(name);
            if (m.matches()) {
                out.add(Long.parseLong(m.group(1)));
            }
        }
        out.sort(null);
        return out;
    }

    /** The newest checkpoint's URI, if any. */
    Optional<String> latest() {
        List<Long> all = iterations();
        return all.isEmpty() ? Optional.empty()
                : Optional.of(HadoopFiles.child(folder, String.format("ckpt-%010d.zip", all.get(all.size() - 1))));
    }
}
