package org.segpipe.spark.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.Split;

/**
 * The one way jobs read samples: from ingested shards when {@code uri} holds them
 * ({@code uri/shards/split=.../*.parquet}), else from a raw Cityscapes tree. Either way the result
 * has at least the columns of {@link SampleTable#schema()}; raw trees are not validated here
 * (unreadable files carry a {@code read_error}).
 */
public final class SampleSources {

    /** The folder of a dataset that holds its Parquet shards, partitioned by split. */
    public static final String SHARDS_DIR = "shards";

    private SampleSources() {
    }

    public static boolean isShardDataset(SparkSession spark, String uri) {
        Path shards = new Path(new Path(uri), SHARDS_DIR);
        try {
            FileSystem fs = shards.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.exists(shards);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + uri + ": " + e.getMessage(), e);
        }
    }

    public static Dataset<Row> read(SparkSession spark, String uri, List<Split> splits, AnnotationSet annotations) {
        if (isShardDataset(spark, uri)) {
            Dataset<Row> shards = spark.read().parquet(new Path(new Path(uri), SHARDS_DIR).toString());
            List<String> names = splits.stream().map(Split::folderName).toList();
            return shards.filter(functions.col(SampleTable.SPLIT).isin(names.toArray()));
        }
        CityscapesTreeSource.TreeListing listing = CityscapesTreeSource.list(spark, uri, splits, annotations);
        return CityscapesTreeSource.readSamples(spark, listing.pairs());
    }
}
