package org.segpipe.spark.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.segpipe.core.dataset.DatasetManifest;
import org.segpipe.spark.data.SampleTable;
import org.segpipe.spark.data.ShardTable;

/**
 * How the files of a dataset folder are written and listed, shared by {@code seg ingest} and
 * {@code seg augment}: the Parquet settings for rows of multi-MB PNGs, and the lists of shard and
 * reject files the manifest records (paths relative to the dataset folder).
 */
public final class DatasetFiles {

    private static final Pattern PART = Pattern.compile("part-(\\d{5})-.*\\.parquet");

    private DatasetFiles() {
    }

    /**
     * Writer settings for multi-MB rows (STACK.md): row groups and pages checked after every row,
     * no dictionaries for the byte columns, one file per task and split, no {@code _SUCCESS} file.
     *
     * @param compression a Parquet codec name, or {@code uncompressed}
     */
    public static Map<String, String> parquetOptions(String compression, long rowGroupBytes) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("compression", compression.equals("uncompressed") ? "none" : compression);
        o.put("parquet.block.size", Long.toString(rowGroupBytes));
        o.put("parquet.block.size.row.check.min", "1");
        o.put("parquet.page.size.row.check.min", "1");
        o.put("parquet.page.size", Integer.toString(1024 * 1024));
        for (String c : List.of(SampleTable.IMAGE_PNG, SampleTable.LABEL_IDS_PNG, SampleTable.INSTANCE_IDS_PNG,
                SampleTable.POLYGONS_JSON, ShardTable.CONTENT_SHA256)) {
            // A dictionary of unique multi-MB values only costs memory before Parquet gives up on it.
            o.put("parquet.enable.dictionary#" + c, "false");
        }
        // The manifest lists one file per planned task; a file cut in two would not match it.
        o.put("maxRecordsPerFile", "0");
        o.put("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
        return o;
    }

    /**
     * The shard files Spark wrote to {@code dir} (one split's folder), one per task: file
     * {@code part-0000i-*.parquet} was written by task i, whose rows and payload bytes are
     * {@code perTask.get(i)} ({@code {rows, payloadBytes}}). A file of no listed task, or a listed
     * task without a file, fails: the manifest must describe exactly what is there.
     */
    public static List<DatasetManifest.ShardFile> shardFiles(Configuration conf, Path dir, String split,
                                                            Map<Integer, long[]> perTask) {
        try {
            FileSystem fs = dir.getFileSystem(conf);
            List<DatasetManifest.ShardFile> out = new ArrayList<>();
            for (FileStatus st : fs.listStatus(dir)) {
                String name = st.getPath().getName();
                if (name.startsWith("_") || name.startsWith(".")) {
                    continue;
                }
                Matcher m = PART.matcher(name);
                long[] stats = m.matches() ? perTask.get(Integer.parseInt(m.group(1))) : null;
                if (stats == null) {
                    throw new IllegalStateException(st.getPath() + ": expected one Parquet file per planned shard "
                            + perTask.keySet() + ", found this one besides");
                }
                String relative = ShardTable.SHARDS_DIR + "/" + SampleTable.SPLIT + "=" + split + "/" + name;
                out.add(new DatasetManifest.ShardFile(relative, split, stats[0], st.getLen(), stats[1]));
            }
            if (out.size() != perTask.size()) {
                throw new IllegalStateException(dir + ": expected " + perTask.size() + " shard files, found " + out.size());
            }
            out.sort(Comparator.comparing(DatasetManifest.ShardFile::path));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The data files in {@code dir} as {@code prefix/NAME}, sorted; hidden files ({@code _}, {@code .}) left out. */
    public static List<String> relativeFiles(FileSystem fs, Path dir, String prefix) {
        try {
            List<String> out = new ArrayList<>();
            for (FileStatus st : fs.listStatus(dir)) {
                String name = st.getPath().getName();
                if (!name.startsWith("_") && !name.startsWith(".")) {
                    out.add(prefix + "/" + name);
                }
            }
            out.sort(null);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
