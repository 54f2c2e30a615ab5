package org.segpipe.spark.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.segpipe.core.dataset.DatasetManifest;

/**
 * Publishes a dataset written to a staging folder, with {@code manifest.json} as the commit
 * marker. Readers accept a dataset only when its manifest exists and read exactly the files it
 * lists, so:
 * <ul>
 *   <li>a run that fails before publishing leaves the previous version untouched (only its
 *       staging folder, which is removed, was written);</li>
 *   <li>publishing first removes the old manifest, then swaps the folders, then writes the new
 *       manifest (to a temporary name, renamed into place): a crash in between leaves a dataset
 *       without a manifest, which every reader refuses, never a mix that looks complete.</li>
 * </ul>
 * The swapped-out folders go to {@code _trash/RUN} and are deleted once the new manifest is in
 * place. Folders starting with {@code _} are ignored by Spark's Parquet reader.
 */
public final class DatasetPublisher {

    public static final String STAGING_DIR = "_staging";
    public static final String TRASH_DIR = "_trash";

    private DatasetPublisher() {
    }

    public static Path staging(Path output, String runId) {
        return new Path(new Path(output, STAGING_DIR), runId);
    }

    /** Moves {@code folders} (names under both staging and output) into place, then writes the manifest. */
    public static void publish(FileSystem fs, Path output, String runId, List<String> folders, DatasetManifest manifest) {
        publish(fs, output, runId, folders, manifest, Map.of());
    }

    /**
     * As {@link #publish(FileSystem, Path, String, List, DatasetManifest)}, with more top-level
     * fields in the manifest file ({@link DatasetManifest#toJson(Map)}), which readers ignore.
     */
    public static void publish(FileSystem fs, Path output, String runId, List<String> folders, DatasetManifest manifest,
                               Map<String, ?> extraFields) {
        Path staging = staging(output, runId);
        Path trash = new Path(new Path(output, TRASH_DIR), runId);
        Path manifestPath = new Path(output, DatasetManifest.FILE_NAME);
        try {
            Path tmpManifest = new Path(staging, DatasetManifest.FILE_NAME);
            try (OutputStream out = fs.create(tmpManifest, true)) {
                out.write(manifest.toJson(extraFields).getBytes(StandardCharsets.UTF_8));
            }
            fs.delete(manifestPath, false);
            for (String name : folders) {
                Path current = new Path(output, name);
                if (fs.exists(current)) {
                    fs.mkdirs(trash);
                    rename(fs, current, new Path(trash, name));
                }
                rename(fs, new Path(staging, name), current);
            }
            rename(fs, tmpManifest, manifestPath);
        } catch (IOException e) {
            throw new UncheckedIOException("publishing " + output + " failed (" + e.getMessage() + "); it has no "
                    + DatasetManifest.FILE_NAME + " now, so readers refuse it: run the job again", e);
        }
        cleanUp(fs, output, runId);
    }

    /** Removes this run's staging and trash folders, and their parents when empty. Never fails. */
    public static void cleanUp(FileSystem fs, Path output, String runId) {
        for (String dir : List.of(STAGING_DIR, TRASH_DIR)) {
            Path parent = new Path(output, dir);
            try {
                fs.delete(new Path(parent, runId), true);
                if (fs.exists(parent) && fs.listStatus(parent).length == 0) {
                    fs.delete(parent, false);
                }
            } catch (IOException e) {
                // Leftovers under _staging or _trash are ignored by readers; the next run retries.
            }
        }
    }

    private static void rename(FileSystem fs, Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("cannot rename " + from + " to " + to);
        }
    }
}
