package org.segpipe.spark.data;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The layout of an ingested dataset folder and the columns its shards add to
 * {@link SampleTable}:
 * <pre>
 * DATASET/manifest.json                       commit marker and statistics (DatasetManifest)
 * DATASET/shards/split=SPLIT/part-*.parquet   one row per sample, the original file bytes
 * DATASET/rejects/part-*.parquet              one row per problem ({@link SampleTable#rejectSchema()})
 * </pre>
 * The {@code split} column of a shard comes from its folder (Hive-style partitioning), so it is
 * not stored in the files.
 */
public final class ShardTable {

    public static final String SHARDS_DIR = "shards";
    public static final String REJECTS_DIR = "rejects";

    /** Image width in px. */
    public static final String WIDTH = "width";
    /** Image height in px. */
    public static final String HEIGHT = "height";
    /** array&lt;bigint&gt; of 34: pixels per label id 0..33 in the labelIds image. */
    public static final String CLASS_PIXELS = "class_pixels";
    /** array&lt;int&gt; of 34: instances per label id 0..33 in the instanceIds image. */
    public static final String CLASS_INSTANCES = "class_instances";
    /** The sample's content hash (ContentHash.sample): SHA-256 over key, split and file bytes. */
    public static final String CONTENT_SHA256 = "content_sha256";
    /** The dataset version of the ingest that wrote the row. */
    public static final String DATASET_VERSION = "dataset_version";

    private ShardTable() {
    }

    /** The columns stored in each shard file: {@link SampleTable#schema()} less split, plus the above. */
    public static StructType fileSchema() {
        StructType t = new StructType();
        for (var f : SampleTable.schema().fields()) {
            if (!f.name().equals(SampleTable.SPLIT)) {
                t = t.add(f);
            }
        }
        return t.add(WIDTH, DataTypes.IntegerType, false)
                .add(HEIGHT, DataTypes.IntegerType, false)
                .add(CLASS_PIXELS, DataTypes.createArrayType(DataTypes.LongType, false), false)
                .add(CLASS_INSTANCES, DataTypes.createArrayType(DataTypes.IntegerType, false), false)
                .add(CONTENT_SHA256, DataTypes.StringType, false)
                .add(DATASET_VERSION, DataTypes.StringType, false);
    }
}
