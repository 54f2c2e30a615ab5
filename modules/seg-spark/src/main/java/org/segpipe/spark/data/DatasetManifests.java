package org.segpipe.spark.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.segpipe.core.dataset.DatasetManifest;

/** Reads {@code DATASET/manifest.json} on any Hadoop file system. */
public final class DatasetManifests {

    private DatasetManifests() {
    }

    public static Path manifestPath(String datasetUri) {
        return new Path(new Path(datasetUri), DatasetManifest.FILE_NAME);
    }

    /** The manifest, or empty when the dataset has none (never written, or the job writing it did not finish). */
    public static Optional<DatasetManifest> find(Configuration conf, String datasetUri) {
        Path p = manifestPath(datasetUri);
        try {
            FileSystem fs = p.getFileSystem(conf);
            try (InputStream in = fs.open(p)) {
                return Optional.of(DatasetManifest.read(in, p.toString()));
            }
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** The manifest; the message says what to do when there is none. */
    public static DatasetManifest read(Configuration conf, String datasetUri) {
        return find(conf, datasetUri).orElseThrow(() -> new IllegalArgumentException(datasetUri
                + " has no " + DatasetManifest.FILE_NAME + ": it is not a dataset written by seg ingest or seg augment, or "
                + "the job that wrote it did not finish (re-run seg ingest or seg augment)"));
    }
}
