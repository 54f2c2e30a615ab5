package org.segpipe.spark.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DatasetManifest;
import org.segpipe.core.dataset.DecodedSample;

/**
 * The one way jobs read samples: from a dataset (written by {@code seg ingest} or {@code seg augment}) when {@code uri} holds one
 * ({@code uri/manifest.json}, {@code uri/shards/split=...}), else from a raw Cityscapes tree.
 *
 * <p>{@link #read} gives a DataFrame with at least the columns of {@link SampleTable#schema()}
 * (shards add those of {@link ShardTable}); select only the columns you need and Parquet reads
 * only those. {@link #readDecoded} gives decoded samples, one at a time per partition.
 *
 * <p>An ingested dataset is read only when its manifest exists, and then exactly the shard files
 * the manifest lists: a dataset whose ingest did not finish is refused, never read in part. Raw
 * trees are not validated here (unreadable files carry a {@code read_error}).
 *
 * <p>Memory: shard row groups are 32 MB by default and a Parquet reader holds one row group's
 * requested columns at a time, so a task's memory is bounded by the row group, not the dataset.
 */
public final class SampleSources {

    /** The folder of a dataset that holds its Parquet shards, partitioned by split. */
    public static final String SHARDS_DIR = ShardTable.SHARDS_DIR;

    private SampleSources() {
    }

    /** True when {@code uri} holds an ingested dataset (a manifest or a shards folder), complete or not. */
    public static boolean isShardDataset(SparkSession spark, String uri) {
        Path root = new Path(uri);
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.exists(new Path(root, DatasetManifest.FILE_NAME)) || fs.exists(new Path(root, SHARDS_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + uri + ": " + e.getMessage(), e);
        }
    }

    /**
     * The samples of {@code splits}. For an ingested dataset the annotation set must be the one it
     * was ingested with, and each split must be in it; the messages say what the dataset holds.
     */
    public static Dataset<Row> read(SparkSession spark, String uri, List<Split> splits, AnnotationSet annotations) {
        if (!isShardDataset(spark, uri)) {
            CityscapesTreeSource.TreeListing listing = CityscapesTreeSource.list(spark, uri, splits, annotations);
            return CityscapesTreeSource.readSamples(spark, listing.pairs());
        }
        DatasetManifest manifest = DatasetManifests.read(spark.sparkContext().hadoopConfiguration(), uri);
        if (!manifest.annotations().equals(annotations.folderName())) {
            throw new IllegalArgumentException("dataset " + uri + " (version " + manifest.datasetVersion()
                    + ") holds " + manifest.annotations() + " annotations, but " + annotations + " were asked for");
        }
        List<String> names = splits.stream().map(Split::folderName).toList();
        List<String> files = new ArrayList<>();
        for (String split : names) {
            manifest.split(split); // throws naming the splits there are
            manifest.shardFiles().stream().filter(f -> f.split().equals(split))
                    .forEach(f -> files.add(new Path(new Path(uri), f.path()).toString()));
        }
        Dataset<Row> shards = spark.read().option("basePath", new Path(new Path(uri), SHARDS_DIR).toString())
                .parquet(files.toArray(new String[0]));
        List<Column> columns = new ArrayList<>();
        for (String c : SampleTable.schema().fieldNames()) {
            columns.add(functions.col(c));
        }
        for (String c : shards.columns()) {
            if (!SampleTable.schema().getFieldIndex(c).isDefined()) {
                columns.add(functions.col(c));
            }
        }
        return shards.select(columns.toArray(new Column[0]));
    }

    /**
     * Every shard row of an ingested dataset, all splits, with {@code split} from the folder
     * names: what {@code seg sql --dataset} registers as {@code shards}.
     */
    public static Dataset<Row> readShards(SparkSession spark, String uri) {
        DatasetManifest manifest = DatasetManifests.read(spark.sparkContext().hadoopConfiguration(), uri);
        return read(spark, uri, manifest.splitNames().stream().map(Split::fromFolderName).toList(),
                AnnotationSet.fromName(manifest.annotations()));
    }

    /**
     * The samples of {@code splits}, decoded lazily on executors, one at a time per partition (as
     * many partitions as {@link #read} gives). A sample whose files cannot be read or decoded fails
     * its task with a message naming the sample. {@link DecodedSample} is not serializable: consume
     * it in the same stage ({@code mapPartitions}, {@code foreachPartition}); do not collect or cache it.
     */
    public static JavaRDD<DecodedSample> readDecoded(SparkSession spark, String uri, List<Split> splits,
                                                     AnnotationSet annotations) {
        Dataset<Row> rows = read(spark, uri, splits, annotations).select(SampleTable.KEY, SampleTable.SPLIT,
                SampleTable.IMAGE_PATH, SampleTable.IMAGE_PNG, SampleTable.LABEL_IDS_PNG, SampleTable.INSTANCE_IDS_PNG,
                SampleTable.READ_ERROR);
        return rows.javaRDD().mapPartitions(SampleSources::decode);
    }

    /** Decodes rows of a sample table lazily; for use inside {@code mapPartitions}. */
    public static Iterator<DecodedSample> decode(Iterator<Row> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public DecodedSample next() {
                return decode(rows.next());
            }
        };
    }

    /**
     * Decodes one row of a sample table (it needs key, split, image_path, the three PNG columns and
     * read_error).
     *
     * @throws RuntimeException naming the sample (IllegalArgumentException, PngException) when its files
     *         could not be read or decoded
     */
    public static DecodedSample decode(Row row) {
        String key = row.getAs(SampleTable.KEY);
        String source = row.<String>getAs(SampleTable.IMAGE_PATH) + " [" + key + "]";
        String error = row.getAs(SampleTable.READ_ERROR);
        if (error != null) {
            throw new IllegalArgumentException(source + ": cannot be decoded, its files were not read: " + error);
        }
        return DecodedSample.decode(key, Split.fromFolderName(row.getAs(SampleTable.SPLIT)),
                row.getAs(SampleTable.IMAGE_PNG), row.getAs(SampleTable.LABEL_IDS_PNG),
                row.getAs(SampleTable.INSTANCE_IDS_PNG), source);
    }
}
