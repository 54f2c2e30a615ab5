package org.segpipe.spark.train;

import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.spark.sql.Row;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DataProblem;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.model.data.Crops;
import org.segpipe.model.loss.ClassWeights;
import org.segpipe.spark.data.SampleTable;

/**
 * A sample row after the pre-flight pass on an executor: decoded once to prove it is usable, with
 * its size, its class pixel counts and a content hash; or the reason it is not usable.
 *
 * @param key      sample key
 * @param split    split folder name
 * @param path     image path, for messages
 * @param row      the original row (bytes), kept to decode again each epoch; null for problems
 * @param problem  why the sample is rejected, or null
 * @param stage    the stage of the problem (read, decode)
 * @param width    image width
 * @param height   image height
 * @param counts   train-id pixel counts with presence, for class weights
 * @param hash     64-bit content hash of key, image and labels
 */
final class CheckedSample implements Serializable {

    private static final long serialVersionUID = 1L;
    // a class, not a record: Spark's Kryo cannot serialise records
    private final String key;
    private final String split;
    private final String path;
    private final Row row;
    private final String problem;
    private final String stage;
    private final int width;
    private final int height;
    private final ClassWeights.Counts counts;
    private final long hash;

    CheckedSample(String key, String split, String path, Row row, String problem, String stage, int width, int height,
                  ClassWeights.Counts counts, long hash) {
        this.key = key;
        this.split = split;
        this.path = path;
        this.row = row;
        this.problem = problem;
        this.stage = stage;
        this.width = width;
        this.height = height;
        this.counts = counts;
        this.hash = hash;
    }

    String key() {
        return key;
    }

    String split() {
        return split;
    }

    String path() {
        return path;
    }

    Row row() {
        return row;
    }

    String problem() {
        return problem;
    }

    String stage() {
        return stage;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    ClassWeights.Counts counts() {
        return counts;
    }

    long hash() {
        return hash;
    }

    static CheckedSample check(Row r, int classes) {
        String key = r.getAs(SampleTable.KEY);
        String split = r.getAs(SampleTable.SPLIT);
        String path = r.getAs(SampleTable.IMAGE_PATH);
        String readError = r.getAs(SampleTable.READ_ERROR);
        if (readError != null) {
            return problem(key, split, path, "read", readError);
        }
        try {
            DecodedSample s = decode(r);
            long[] hist = s.labelIds().toTrainIds().histogram();
            ClassWeights.Counts counts = ClassWeights.Counts.ofImage(hist, Math.min(classes, CityscapesLabels.NUM_TRAIN_IDS));
            long hash = Crops.mix(digest(r.getAs(SampleTable.IMAGE_PNG)), key, digest(r.getAs(SampleTable.LABEL_IDS_PNG)));
            return new CheckedSample(key, split, path, r, null, null, s.width(), s.height(), counts, hash);
        } catch (RuntimeException e) {
            return problem(key, split, path, DataProblem.DECODE, e.getMessage());
        }
    }

    private static CheckedSample problem(String key, String split, String path, String stage, String reason) {
        return new CheckedSample(key, split, path, null, reason == null ? "unknown error" : reason, stage, 0, 0, null, 0);
    }

    boolean ok() {
        return problem == null;
    }

    /** Decodes a sample row (image, label ids, instance ids when present). */
    static DecodedSample decode(Row r) {
        return DecodedSample.decode(r.getAs(SampleTable.KEY), Split.fromFolderName(r.getAs(SampleTable.SPLIT)),
                r.getAs(SampleTable.IMAGE_PNG), r.getAs(SampleTable.LABEL_IDS_PNG), r.getAs(SampleTable.INSTANCE_IDS_PNG),
                r.getAs(SampleTable.IMAGE_PATH));
    }

    private static long digest(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xFF);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
