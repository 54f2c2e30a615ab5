package org.segpipe.spark.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.FileNameException;
import org.segpipe.core.cityscapes.FileRole;
import org.segpipe.core.cityscapes.LocatedFile;
import org.segpipe.core.cityscapes.PairingProblem;
import org.segpipe.core.cityscapes.SampleKey;
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
     * Pairs (paths only, {@link SampleTable#pairSchema()}) and problems
     * ({@link SampleTable#rejectSchema()}). Both come from one persisted listing; call
     * {@link #release()} when done.
     */
    public record TreeListing(Dataset<Row> pairs, Dataset<Row> problems, Dataset<Row> entries) {

        /**
         * Entries listed under {@code leftImg8bit/{split}} (files of any name, and folders where files
         * belong): each ends in exactly one pair or in problems naming it as their {@code image_path}.
         */
        public long imagesListed() {
            Row r = entries.filter("kind = 'tally'").agg(functions.sum("images")).first();
            return r.isNullAt(0) ? 0 : r.getLong(0);
        }

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
                            driverProblems.add(listedProblem(st.getPath().toString(), DataProblem.NAME,
                                    st.getPath() + ": expected city folders in " + splitDir + ", found a file",
                                    split.folderName(), top.equals("leftImg8bit")));
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
        Broadcast<SerializableConfiguration> hadoopConf = HadoopConf.broadcast(spark);
        int slices = Math.max(1, Math.min(cityDirs.size(), jsc.defaultParallelism() * 4));
        // Listed rows (see listCity) are grouped by sample key, or by path for files that have none,
        // so each group pairs on its own; paths are sorted in a group so the outcome (which of two
        // duplicates is kept) does not depend on listing order.
        JavaRDD<Row> listed = jsc.parallelize(cityDirs, slices).flatMap(dir -> listCity(dir, hadoopConf.value().value()).iterator())
                .union(jsc.parallelize(driverProblems, 1));
        JavaRDD<Row> all = listed
                .mapToPair(r -> new Tuple2<>(r.isNullAt(L_KEY) || !r.getString(L_KIND).equals("file")
                        ? "path:" + r.getString(L_PATH) : "key:" + r.getString(L_KEY), r))
                .groupByKey()
                .mapPartitions((Iterator<Tuple2<String, Iterable<Row>>> groups) -> {
                    List<Row> out = new ArrayList<>();
                    long images = 0;
                    while (groups.hasNext()) {
                        List<Row> group = new ArrayList<>();
                        groups.next()._2().forEach(group::add);
                        group.sort(java.util.Comparator.comparing((Row r) -> r.getString(L_PATH)));
                        for (Row r : group) {
                            images += r.getBoolean(L_UNDER_IMAGES) ? 1 : 0;
                        }
                        out.addAll(entriesOf(group, annotations));
                    }
                    out.add(RowFactory.create("tally", null, null, images));
                    return out.iterator();
                });

        Dataset<Row> entries = spark.createDataFrame(all, entrySchema()).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> pairs = entries.filter("kind = 'pair'").select("pair.*");
        Dataset<Row> problems = entries.filter("kind = 'problem'").select("problem.*");
        return new TreeListing(pairs, problems, entries);
    }

    /** Reads the bytes of each listed pair on executors; unreadable files give a {@code read_error}. */
    public static Dataset<Row> readSamples(SparkSession spark, Dataset<Row> pairs) {
        Broadcast<SerializableConfiguration> hadoopConf = HadoopConf.broadcast(spark);
        JavaRDD<Row> rows = pairs.javaRDD().mapPartitions((Iterator<Row> it) -> new Iterator<Row>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Row next() {
                return readPair(it.next(), hadoopConf.value().value());
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

    // Columns of a listed row: what listCity saw, before pairing.
    private static final int L_KIND = 0; // "file" (a parsed Cityscapes name) or "problem"
    private static final int L_KEY = 1; // sample key of a file, or null
    private static final int L_PATH = 2;
    private static final int L_SIZE = 3; // bytes of a file
    private static final int L_STAGE = 4; // for problems
    private static final int L_REASON = 5; // for problems
    private static final int L_SPLIT = 6; // split folder
    private static final int L_UNDER_IMAGES = 7; // listed under leftImg8bit/{split}

    private static Row listedFile(String key, String path, long size, String split, boolean underImages) {
        return RowFactory.create("file", key, path, size, null, null, split, underImages);
    }

    private static Row listedProblem(String path, String stage, String reason, String split, boolean underImages) {
        return RowFactory.create("problem", null, path, 0L, stage, reason, split, underImages);
    }

    private static List<Row> listCity(String dir, Configuration conf) throws IOException {
        Path p = new Path(dir);
        String split = p.getParent().getName();
        boolean underImages = p.getParent().getParent().getName().equals("leftImg8bit");
        FileSystem fs = p.getFileSystem(conf);
        List<Row> out = new ArrayList<>();
        FileStatus[] statuses;
        try {
            statuses = fs.listStatus(p);
        } catch (IOException e) {
            out.add(listedProblem(dir, DataProblem.LIST, dir + ": cannot be listed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", split, false));
            return out;
        }
        for (FileStatus st : statuses) {
            String path = st.getPath().toString();
            if (st.isDirectory()) {
                out.add(listedProblem(path, DataProblem.LIST, path + ": expected a file, found a directory", split,
                        underImages));
                continue;
            }
            try {
                LocatedFile f = LocatedFile.parse(path);
                out.add(listedFile(f.file().key().toString(), path, st.getLen(), split, underImages));
            } catch (FileNameException e) {
                out.add(listedProblem(path, DataProblem.NAME, e.getMessage(), split, underImages));
            }
        }
        return out;
    }

    /** Pairs and problems of one group of listed rows (one key, or one unparsable path). */
    private static List<Row> entriesOf(List<Row> group, AnnotationSet annotations) {
        List<Row> out = new ArrayList<>();
        List<LocatedFile> files = new ArrayList<>();
        java.util.Map<String, Long> sizes = new java.util.HashMap<>();
        for (Row r : group) {
            String path = r.getString(L_PATH);
            if (r.getString(L_KIND).equals("problem")) {
                String key = SampleKey.find(new Path(path).getName()).map(SampleKey::toString).orElse(null);
                out.add(entry("problem", null, reject(path, r.getString(L_STAGE), r.getString(L_REASON), key,
                        r.getString(L_SPLIT), r.getBoolean(L_UNDER_IMAGES) ? path : null)));
            } else {
                files.add(LocatedFile.parse(path));
                sizes.put(path, r.getLong(L_SIZE));
            }
        }
        if (files.isEmpty()) {
            return out;
        }
        SamplePairing.Result result = SamplePairing.pair(files, annotations);
        for (SamplePair sp : result.pairs()) {
            long bytes = 0;
            for (String f : new String[] {sp.imagePath(), sp.labelIdsPath(), sp.instanceIdsPath(), sp.polygonsPath()}) {
                bytes += f == null ? 0 : sizes.get(f);
            }
            out.add(entry("pair", RowFactory.create(sp.key().toString(), sp.split().folderName(), sp.key().city(),
                    sp.imagePath(), sp.labelIdsPath(), sp.instanceIdsPath(), sp.colorPath(), sp.polygonsPath(), bytes),
                    null));
        }
        for (PairingProblem pp : result.problems()) {
            LocatedFile f = LocatedFile.parse(pp.path());
            boolean image = f.file().role() == FileRole.IMAGE;
            out.add(entry("problem", null, reject(pp.path(), DataProblem.PAIR, pp.path() + ": " + pp.reason(),
                    f.file().key().toString(), f.split().folderName(), image ? pp.path() : null)));
        }
        return out;
    }

    /** A row of {@link SampleTable#rejectSchema()}. */
    public static Row reject(String path, String stage, String reason, String key, String split, String imagePath) {
        return RowFactory.create(path, stage, reason, key, split, imagePath);
    }

    private static Row entry(String kind, Row pair, Row problem) {
        return RowFactory.create(kind, pair, problem, null);
    }

    private static org.apache.spark.sql.types.StructType entrySchema() {
        return new org.apache.spark.sql.types.StructType()
                .add("kind", org.apache.spark.sql.types.DataTypes.StringType, false)
                .add("pair", SampleTable.pairSchema(), true)
                .add("problem", SampleTable.rejectSchema(), true)
                .add("images", org.apache.spark.sql.types.DataTypes.LongType, true);
    }

    /** The URI's scheme, for messages ("file" when none is given). */
    static String scheme(String uri) {
        String s = URI.create(uri).getScheme();
        return s == null ? "file" : s;
    }
}
