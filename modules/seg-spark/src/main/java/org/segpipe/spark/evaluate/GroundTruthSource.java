package org.segpipe.spark.evaluate;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.spark.data.CityscapesTreeSource;
import org.segpipe.spark.data.HadoopConf;
import org.segpipe.spark.data.SampleSources;
import org.segpipe.spark.data.SampleTable;

/**
 * Ground truth for evaluation: the label and instance PNGs of every sample of a split, without the
 * camera images (evaluation never needs them, and they are most of the bytes). Ingested shards are
 * read through {@link SampleSources#read} with the image column pruned; a raw tree is listed and
 * paired by {@link CityscapesTreeSource} and only the two annotation files are read, on executors.
 * Pairing problems of a raw tree come back as well.
 */
final class GroundTruthSource {

    static final StructType SCHEMA = new StructType()
            .add(SampleTable.KEY, DataTypes.StringType, false)
            .add(SampleTable.SPLIT, DataTypes.StringType, false)
            .add(SampleTable.IMAGE_PATH, DataTypes.StringType, false)
            .add(SampleTable.LABEL_IDS_PNG, DataTypes.BinaryType, true)
            .add(SampleTable.INSTANCE_IDS_PNG, DataTypes.BinaryType, true)
            .add(SampleTable.READ_ERROR, DataTypes.StringType, true);

    /** Samples with the columns of {@link #SCHEMA}, and problems (path, stage, reason); problems may be empty. */
    record GroundTruth(Dataset<Row> samples, Dataset<Row> problems, Runnable release) {
    }

    private GroundTruthSource() {
    }

    static GroundTruth read(SparkSession spark, String uri, Split split) {
        if (SampleSources.isShardDataset(spark, uri)) {
            Dataset<Row> samples = SampleSources.read(spark, uri, List.of(split), AnnotationSet.GT_FINE)
                    .select(col(SampleTable.KEY), col(SampleTable.SPLIT), col(SampleTable.IMAGE_PATH),
                            col(SampleTable.LABEL_IDS_PNG), col(SampleTable.INSTANCE_IDS_PNG), col(SampleTable.READ_ERROR));
            return new GroundTruth(samples, spark.createDataFrame(List.of(), SampleTable.problemSchema()), () -> { });
        }
        CityscapesTreeSource.TreeListing listing = CityscapesTreeSource.list(spark, uri, List.of(split), AnnotationSet.GT_FINE);
        HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        JavaRDD<Row> rows = listing.pairs().javaRDD().mapPartitions((Iterator<Row> it) -> new Iterator<Row>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Row next() {
                return readAnnotations(it.next(), conf.get());
            }
        });
        return new GroundTruth(spark.createDataFrame(rows, SCHEMA), listing.problems(), listing::release);
    }

    private static Row readAnnotations(Row pair, Configuration conf) {
        String key = pair.getAs(SampleTable.KEY);
        String split = pair.getAs(SampleTable.SPLIT);
        String image = pair.getAs(SampleTable.IMAGE_PATH);
        String current = pair.getAs("label_ids_path");
        try {
            byte[] labels = CityscapesTreeSource.readFile(current, conf);
            current = pair.getAs("instance_ids_path");
            byte[] instances = current == null ? null : CityscapesTreeSource.readFile(current, conf);
            return RowFactory.create(key, split, image, labels, instances, null);
        } catch (IOException e) {
            return RowFactory.create(key, split, image, null, null, current + ": cannot be read ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }
}
