package org.segpipe.spark.evaluate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.results.PredictionFiles;
import org.segpipe.spark.data.HadoopConf;

/**
 * Lists a results folder on any Hadoop file system, recursively, as the official scripts walk
 * theirs. The driver only lists the top level and keeps its sub-folders (a few); executors list each
 * sub-folder, and the top level's own files, so a folder of millions of files never passes through
 * the driver's memory.
 */
public final class ResultsListing {

    static final StructType SCHEMA = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("key", DataTypes.StringType, true)
            .add("city", DataTypes.StringType, true);

    private ResultsListing() {
    }

    /** The qualified form of a folder URI (scheme and authority filled in), as listings print paths. */
    public static String qualify(SparkSession spark, String uri) {
        Path p = new Path(uri);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Path q = fs.makeQualified(p);
            if (!fs.exists(q)) {
                throw new IllegalArgumentException("results folder " + uri + " does not exist");
            }
            if (!fs.getFileStatus(q).isDirectory()) {
                throw new IllegalArgumentException(uri + ": expected a results folder, found a file");
            }
            return q.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Files under {@code root} whose name ends with {@code suffix}, with the key found in the name (or null). */
    public static Dataset<Row> list(SparkSession spark, String root, String suffix) {
        List<String> tasks = new ArrayList<>();
        tasks.add("files:" + root);
        Path rootPath = new Path(root);
        try {
            FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            RemoteIterator<FileStatus> it = fs.listStatusIterator(rootPath);
            while (it.hasNext()) {
                FileStatus st = it.next();
                if (st.isDirectory()) {
                    tasks.add("tree:" + st.getPath());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Row> rows = jsc.parallelize(tasks, Math.max(1, Math.min(tasks.size(), jsc.defaultParallelism() * 4)))
                .flatMap(task -> listTask(task, suffix, conf).iterator());
        return spark.createDataFrame(rows, SCHEMA);
    }

    private static List<Row> listTask(String task, String suffix, HadoopConf conf) throws IOException {
        boolean recursive = task.startsWith("tree:");
        Path dir = new Path(task.substring(task.indexOf(':') + 1));
        List<Row> out = new ArrayList<>();
        if ("file".equals(dir.toUri().getScheme())) {
            // Hadoop's local listing asks a shell for every file's permissions; a results folder holds
            // thousands of masks, so list local folders directly
            java.nio.file.Path local = java.nio.file.Path.of(dir.toUri());
            try (var files = recursive ? java.nio.file.Files.walk(local) : java.nio.file.Files.list(local)) {
                for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) files::iterator) {
                    if (java.nio.file.Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix)) {
                        out.add(row(new Path(p.toUri()).toString()));
                    }
                }
            }
            return out;
        }
        FileSystem fs = dir.getFileSystem(conf.get());
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, recursive);
        while (it.hasNext()) {
            LocatedFileStatus st = it.next();
            String path = st.getPath().toString();
            if (!st.isFile() || !path.endsWith(suffix)) {
                continue;
            }
            out.add(row(path));
        }
        return out;
    }

    private static Row row(String path) {
        SampleKey key = PredictionFiles.keyOf(path).orElse(null);
        return RowFactory.create(path, key == null ? null : key.toString(), key == null ? null : key.city());
    }
}
