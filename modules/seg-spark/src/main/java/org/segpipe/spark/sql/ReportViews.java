package org.segpipe.spark.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.segpipe.spark.data.DatasetManifests;
import org.segpipe.spark.data.SampleSources;
import org.segpipe.spark.data.ShardTable;

/**
 * Registers Parquet tables as temporary views, so they can be queried by name in Spark SQL.
 *
 * <p>Reports: every sub-folder of the reports folder that holds Parquet files (directly or in
 * partition folders such as {@code run_id=...}) becomes a view named after the folder
 * ({@code runs}, {@code class_metrics}, ...); names that are not SQL identifiers get {@code _} for
 * each other character. Folders starting with {@code _} or {@code .} are skipped, as Spark does.
 *
 * <p>Datasets written by {@code seg ingest}: {@code shards} (every split, with the {@code split}
 * column), {@code rejects} and {@code manifest} (the manifest JSON as one row), each prefixed with
 * {@code NAME_} when the dataset is given a name.
 */
public final class ReportViews {

    /** How deep to look for Parquet files below a table folder (partition folders). */
    private static final int MAX_DEPTH = 4;

    private ReportViews() {
    }

    /**
     * Registers every report table under {@code reportsUri}.
     *
     * @return view name to table folder, in name order
     * @throws IllegalArgumentException when the folder does not exist or holds no Parquet table
     */
    public static Map<String, String> registerReports(SparkSession spark, String reportsUri) {
        Path root = new Path(reportsUri);
        Map<String, String> views = new LinkedHashMap<>();
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) {
                throw new IllegalArgumentException("reports folder " + reportsUri + " does not exist");
            }
            if (holdsParquetDirectly(fs, root)) {
                views.put(viewName(root.getName()), root.toString());
            } else {
                List<FileStatus> children = new ArrayList<>(List.of(fs.listStatus(root)));
                children.sort(null);
                for (FileStatus st : children) {
                    String name = st.getPath().getName();
                    if (st.isDirectory() && !hidden(name) && holdsParquet(fs, st.getPath(), MAX_DEPTH)) {
                        String view = viewName(name);
                        String previous = views.put(view, st.getPath().toString());
                        if (previous != null) {
                            throw new IllegalArgumentException("report tables " + previous + " and " + st.getPath()
                                    + " would both be view '" + view + "'; rename one");
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list reports folder " + reportsUri + ": " + e.getMessage(), e);
        }
        if (views.isEmpty()) {
            throw new IllegalArgumentException("no report tables under " + reportsUri + ": expected sub-folders holding "
                    + "Parquet files (such as runs/ or class_metrics/, partitioned by run_id)");
        }
        registerCommitted(spark, views);
        return views;
    }

    /**
     * Registers the views. When a {@code runs} table exists, every other table with a {@code run_id}
     * column shows only the rows of runs recorded in {@code runs}: a run writes {@code runs} last,
     * so rows of a run that failed or was killed half way stay invisible. The unfiltered table is
     * {@code VIEW_all}.
     */
    private static void registerCommitted(SparkSession spark, Map<String, String> views) {
        Map<String, org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>> tables = new LinkedHashMap<>();
        views.forEach((view, path) -> tables.put(view, spark.read().parquet(path)));
        var runs = tables.get("runs");
        boolean gate = runs != null && List.of(runs.columns()).contains("run_id");
        for (var e : tables.entrySet()) {
            var table = e.getValue();
            if (gate && !e.getKey().equals("runs") && List.of(table.columns()).contains("run_id")) {
                table.createOrReplaceTempView(e.getKey() + "_all");
                var committed = runs.select(org.apache.spark.sql.functions.col("run_id").as("committed_run_id")).distinct();
                table.join(committed, table.col("run_id").equalTo(committed.col("committed_run_id")), "left_semi")
                        .createOrReplaceTempView(e.getKey());
            } else {
                table.createOrReplaceTempView(e.getKey());
            }
        }
    }

    /**
     * Registers the shards, rejects and manifest of an ingested dataset as {@code shards},
     * {@code rejects} and {@code manifest}, or {@code NAME_shards} etc. when {@code name} is given.
     *
     * @return view name to what it reads
     */
    public static Map<String, String> registerDataset(SparkSession spark, String name, String datasetUri) {
        String prefix = name == null || name.isEmpty() ? "" : viewName(name) + "_";
        // Reading the manifest first refuses datasets whose ingest did not finish.
        DatasetManifests.read(spark.sparkContext().hadoopConfiguration(), datasetUri);
        Map<String, String> views = new LinkedHashMap<>();
        SampleSources.readShards(spark, datasetUri).createOrReplaceTempView(prefix + "shards");
        views.put(prefix + "shards", new Path(new Path(datasetUri), ShardTable.SHARDS_DIR).toString());
        String rejects = new Path(new Path(datasetUri), ShardTable.REJECTS_DIR).toString();
        spark.read().parquet(rejects).createOrReplaceTempView(prefix + "rejects");
        views.put(prefix + "rejects", rejects);
        String manifest = DatasetManifests.manifestPath(datasetUri).toString();
        spark.read().option("multiLine", true).json(manifest).createOrReplaceTempView(prefix + "manifest");
        views.put(prefix + "manifest", manifest);
        return views;
    }

    /** A folder name as an SQL identifier: letters, digits and _, not starting with a digit. */
    public static String viewName(String folder) {
        String v = folder.replaceAll("[^A-Za-z0-9_]", "_");
        return v.isEmpty() || Character.isDigit(v.charAt(0)) ? "_" + v : v;
    }

    private static boolean hidden(String name) {
        return name.startsWith("_") || name.startsWith(".");
    }

    private static boolean holdsParquetDirectly(FileSystem fs, Path dir) throws IOException {
        for (FileStatus st : fs.listStatus(dir)) {
            String name = st.getPath().getName();
            if (st.isFile() && name.endsWith(".parquet") && !hidden(name)) {
                return true;
            }
            if (st.isDirectory() && name.contains("=") && holdsParquet(fs, st.getPath(), MAX_DEPTH - 1)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holdsParquet(FileSystem fs, Path dir, int depth) throws IOException {
        for (FileStatus st : fs.listStatus(dir)) {
            String name = st.getPath().getName();
            if (hidden(name)) {
                continue;
            }
            if (st.isFile() && name.endsWith(".parquet")) {
                return true;
            }
            if (st.isDirectory() && depth > 1 && holdsParquet(fs, st.getPath(), depth - 1)) {
                return true;
            }
        }
        return false;
    }
}
