package org.segpipe.spark.predict;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.segpipe.model.io.ModelFile;
import org.segpipe.model.predict.Predictor;
import org.segpipe.spark.io.HadoopFiles;

/**
 * What a task carries to find its model: the file's URI and the SHA-256 its bytes must have. The
 * network itself is loaded once per executor JVM, lazily, on first use ({@link #predictor}), and
 * refused when its bytes do not match the checksum (the file changed or was damaged in transit).
 */
public final class ModelRef implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Loaded models of this JVM by checksum; never serialised with a task. */
    private static final Map<String, Predictor> LOADED = new ConcurrentHashMap<>();

    private final String uri;
    private final String sha256;

    public ModelRef(String uri, String sha256) {
        this.uri = uri;
        this.sha256 = sha256;
    }

    public String uri() {
        return uri;
    }

    public String sha256() {
        return sha256;
    }

    /** This executor's predictor for the model, loading and verifying it on first use. */
    public Predictor predictor(Configuration conf) {
        return LOADED.computeIfAbsent(sha256, k -> load(conf));
    }

    private Predictor load(Configuration conf) {
        byte[] bytes = HadoopFiles.read(uri, conf);
        String actual = ModelFile.sha256(bytes);
        if (!actual.equals(sha256)) {
            throw new IllegalStateException("model " + uri + " has SHA-256 " + actual + " but the job expected " + sha256
                    + " (the file changed or was damaged since the job started)");
        }
        return new Predictor(ModelFile.read(bytes, uri, false));
    }

    /** Drops this JVM's loaded models (tests). */
    static void forgetLoaded() {
        LOADED.clear();
    }
}
