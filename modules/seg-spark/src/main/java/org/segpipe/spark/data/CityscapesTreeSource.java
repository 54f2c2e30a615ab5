package org.segpipe.spark.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.FileNameException;
import org.segpipe.core.cityscapes.LocatedFile;
import org.segpipe.core.cityscapes.PairingProblem;
import org.segpipe.core.cityscapes.SamplePair;
import org.segpipe.core.cityscapes.SamplePairing;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DataProblem;
import scala.Tuple2;

/**
 * Reads a Cityscapes tree on any Hadoop file system ({@code file://}, {@code s3a://}, {@code hdfs://}).
 *
 * <p>Listing is distributed: the driver lists only the split folders (a few dozen city folders),
 * executors list the files of each city folder, and pairing runs per key on executors, so a tree
 * of millions of files is never walked file by file on the driver. Every listed file ends in a
 * pair or in a problem row. Bytes are read on executors by {@link #readSamples}.
 */
public final class CityscapesTreeSource {

    private CityscapesTreeSource() {
    }

    /**
     * Pairs (paths only) and problems. Both come from one persisted listing; call
     * {@link #release()} when done.
     */
    public record TreeListing(Dataset<Row> pairs, Dataset<Row> problems, Dataset<Row> entries) {
        public void release() {
            entries.unpersist();
        }
    }

    /**
     * Lists and pairs the tree under {@code rootUri} for the given splits and annotation set.
     *
     * @throws IllegalArgumentException with a one-line message when the root does not exist, is
     *         not a Cityscapes tree, or its URI scheme has no file system
     */
    public static TreeListing list(SparkSession spark, String rootUri, List<Split> splits, AnnotationSet annotations) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> cityDirs = new ArrayList<>();
        List<Row> driverProblems = new ArrayList<>();
        Path root = new Path(rootUri);
        FileSystem fs;
        try {
            fs = root.getFileSystem(conf);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot open " + rootUri + ": " + e.getMessage()
                    + " (is the URI scheme right? file://, s3a:// and hdfs:// are supported)", e);
        }
        try {
            if (!fs.exists(root)) {
                throw new IllegalArgumentException("input " + rootUri + " does not exist");
            }
            boolean anyTop = false;
            for (String top : List.of("leftImg8bit", annotations.folderName())) {
                for (Split split : splits) {
                    Path splitDir = new Path(new Path(root, top), split.folderName());
                    if (!fs.exists(splitDir)) {
                        continue;
                    }
                    anyTop = true;
                    for (FileStatus st : fs.listStatus(splitDir)) {
                        if (st.isDirectory()) {
                            cityDirs.add(st.getPath().toString());
                        } else {
                            driverProblems.add(RowFactory.create(st.getPath().toString(), DataProblem.NAME,
                                    st.getPath() + ": expected city folders in " + splitDir + ", found a file"));
                        }
                    }
                }
            }
            if (!anyTop) {
                throw new IllegalArgumentException("input " + rootUri + " holds no leftImg8bit/{split} or "
                        + annotations.folderName() + "/{split} folders for splits " + splits
                        + "; expected a Cityscapes tree");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + rootUri + ": " + e.getMessage(), e);
        }

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        HadoopConf hadoopConf = new HadoopConf(conf);
        Set<String> splitNames = new java.util.HashSet<>();
        splits.forEach(s -> splitNames.add(s.folderName()));
        int slices = Math.max(1, Math.min(cityDirs.size(), jsc.defaultParallelism() * 4));
        JavaRDD<Row> listed = jsc.parallelize(cityDirs, slices).flatMap(dir -> listCity(dir, hadoopConf).iterator());

        // Listed rows: (kind, key, path, reason); kind "file" for parsed names, "problem" for the rest.
        JavaRDD<Row> nameProblems = listed.filter(r -> r.getString(0).equals("problem"))
                .map(r -> RowFactory.create(r.getString(2), r.getString(1), r.getString(3)));
        JavaRDD<Row> pairedEntries = listed.filter(r -> r.getString(0).equals("file"))
                .mapToPair(r -> new Tuple2<>(r.getString(1), r.getString(2)))
                .groupByKey()
                .flatMap(group -> pairGroup(group._2(), annotations).iterator());
        JavaRDD<Row> problemEntries = nameProblems.union(jsc.parallelize(driverProblems, 1))
                .map(r -> entry("problem", null, r));
        JavaRDD<Row> all = pairedEntries.union(problemEntries);

        Dataset<Row> entries = spark.createDataFrame(all, entrySchema()).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> pairs = entries.filter("kind = 'pair'").select("pair.*");
        Dataset<Row> problems = entries.filter("kind = 'problem'").select("problem.*");
        return new TreeListing(pairs, problems, entries);
    }

    /** Reads the bytes of each listed pair on executors; unreadable files give a {@code read_error}. */
    public static Dataset<Row> readSamples(SparkSession spark, Dataset<Row> pairs) {
        HadoopConf hadoopConf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        JavaRDD<Row> rows = pairs.javaRDD().mapPartitions((Iterator<Row> it) -> new Iterator<Row>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Row next() {
                return readPair(it.next(), hadoopConf.get());
            }
        });
        return spark.createDataFrame(rows, SampleTable.schema());
    }

    private static Row readPair(Row pair, Configuration conf) {
        String key = pair.getAs(SampleTable.KEY);
        String split = pair.getAs(SampleTable.SPLIT);
        String city = pair.getAs(SampleTable.CITY);
        String imagePath = pair.getAs(SampleTable.IMAGE_PATH);
        String current = imagePath;
        try {
            byte[] image = readFile(imagePath, conf);
            current = pair.getAs("label_ids_path");
            byte[] labels = readFile(current, conf);
            current = pair.getAs("instance_ids_path");
            byte[] instances = current == null ? null : readFile(current, conf);
            current = pair.getAs("polygons_path");
            String polygons = current == null ? null : new String(readFile(current, conf), StandardCharsets.UTF_8);
            return RowFactory.create(key, split, city, imagePath, image, labels, instances, polygons, null);
        } catch (IOException e) {
            return RowFactory.create(key, split, city, imagePath, null, null, null, null,
                    current + ": cannot be read (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    /** Reads a whole file through the Hadoop file system of its URI. */
    public static byte[] readFile(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        FileStatus st = fs.getFileStatus(p);
        if (st.isDirectory()) {
            throw new FileNotFoundException("expected a file, found a directory");
        }
        if (st.getLen() > Integer.MAX_VALUE - 16) {
            throw new IOException("file of " + st.getLen() + " bytes is too large to read into memory");
        }
        byte[] out = new byte[(int) st.getLen()];
        try (FSDataInputStream in = fs.open(p)) {
            in.readFully(0, out);
        }
        return out;
    }

    private static List<Row> listCity(String dir, HadoopConf conf) throws IOException {
        Path p = new Path(dir);
        FileSystem fs = p.getFileSystem(conf.get());
        List<Row> out = new ArrayList<>();
        FileStatus[] statuses;
        try {
            statuses = fs.listStatus(p);
        } catch (IOException e) {
            out.add(RowFactory.create("problem", DataProblem.LIST, dir, dir + ": cannot be listed ("
                    + e.getClass().getSimpleName() + ")"));
            return out;
        }
        for (FileStatus st : statuses) {
            String path = st.getPath().toString();
            if (st.isDirectory()) {
                out.add(RowFactory.create("problem", DataProblem.LIST, path, path + ": expected a file, found a directory"));
                continue;
            }
            try {
                LocatedFile f = LocatedFile.parse(path);
                out.add(RowFactory.create("file", f.file().key().toString(), path, null));
            } catch (FileNameException e) {
                out.add(RowFactory.create("problem", DataProblem.NAME, path, e.getMessage()));
            }
        }
        return out;
    }

    private static List<Row> pairGroup(Iterable<String> paths, AnnotationSet annotations) {
        List<LocatedFile> files = new ArrayList<>();
        for (String p : paths) {
            files.add(LocatedFile.parse(p));
        }
        SamplePairing.Result result = SamplePairing.pair(files, annotations);
        List<Row> out = new ArrayList<>();
        for (SamplePair sp : result.pairs()) {
            out.add(entry("pair", RowFactory.create(sp.key().toString(), sp.split().folderName(), sp.key().city(),
                    sp.imagePath(), sp.labelIdsPath(), sp.instanceIdsPath(), sp.colorPath(), sp.polygonsPath()), null));
        }
        for (PairingProblem pp : result.problems()) {
            out.add(entry("problem", null, RowFactory.create(pp.path(), DataProblem.PAIR, pp.path() + ": " + pp.reason())));
        }
        return out;
    }

    private static Row entry(String kind, Row pair, Row problem) {
        return RowFactory.create(kind, pair, problem);
    }

    private static org.apache.spark.sql.types.StructType entrySchema() {
        return new org.apache.spark.sql.types.StructType()
                .add("kind", org.apache.spark.sql.types.DataTypes.StringType, false)
                .add("pair", SampleTable.pairSchema(), true)
                .add("problem", SampleTable.problemSchema(), true);
    }

    /** The URI's scheme, for messages ("file" when none is given). */
    static String scheme(String uri) {
        String s = URI.create(uri).getScheme();
        return s == null ? "file" : s;
    }
}
