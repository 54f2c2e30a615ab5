package org.segpipe.spark.data;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Column names of the sample table: one row per Cityscapes sample with its original file bytes.
 * Both a raw tree ({@link CityscapesTreeSource}) and ingested shards provide these columns;
 * shards add the columns of their own (sizes, statistics, hashes).
 */
public final class SampleTable {

    public static final String KEY = "key";
    public static final String SPLIT = "split";
    public static final String CITY = "city";
    /** The original {@code _leftImg8bit.png} bytes. */
    public static final String IMAGE_PNG = "image_png";
    /** The original {@code _labelIds.png} bytes. */
    public static final String LABEL_IDS_PNG = "label_ids_png";
    /** The original {@code _instanceIds.png} bytes; null when the sample has none. */
    public static final String INSTANCE_IDS_PNG = "instance_ids_png";
    /** The {@code _polygons.json} text; null when absent. */
    public static final String POLYGONS_JSON = "polygons_json";
    /** Where the image came from (for messages and lineage). */
    public static final String IMAGE_PATH = "image_path";
    /** Null when all files were read; else why not (the byte columns are then null). */
    public static final String READ_ERROR = "read_error";

    private SampleTable() {
    }

    /** The columns every sample source provides. */
    public static StructType schema() {
        return new StructType()
                .add(KEY, DataTypes.StringType, false)
                .add(SPLIT, DataTypes.StringType, false)
                .add(CITY, DataTypes.StringType, false)
                .add(IMAGE_PATH, DataTypes.StringType, false)
                .add(IMAGE_PNG, DataTypes.BinaryType, true)
                .add(LABEL_IDS_PNG, DataTypes.BinaryType, true)
                .add(INSTANCE_IDS_PNG, DataTypes.BinaryType, true)
                .add(POLYGONS_JSON, DataTypes.StringType, true)
                .add(READ_ERROR, DataTypes.StringType, true);
    }

    /** Columns of a problems table: the same as a rejects table. */
    public static StructType problemSchema() {
        return new StructType()
                .add("path", DataTypes.StringType, false)
                .add("stage", DataTypes.StringType, false)
                .add("reason", DataTypes.StringType, false);
    }

    /**
     * Columns of a rejects table: one row per problem, with the sample it concerns where known.
     * {@code image_path} names the {@code leftImg8bit} image the problem keeps out of the dataset,
     * or is null for problems of other files (an annotation without an image): so images in =
     * samples + distinct {@code image_path} values.
     */
    public static StructType rejectSchema() {
        return new StructType()
                .add("path", DataTypes.StringType, false)
                .add("stage", DataTypes.StringType, false)
                .add("reason", DataTypes.StringType, false)
                .add(KEY, DataTypes.StringType, true)
                .add(SPLIT, DataTypes.StringType, true)
                .add(IMAGE_PATH, DataTypes.StringType, true);
    }

    /** Columns of a listed pair (paths only, no bytes; {@code bytes} is the listed size of the files kept). */
    public static StructType pairSchema() {
        return new StructType()
                .add(KEY, DataTypes.StringType, false)
                .add(SPLIT, DataTypes.StringType, false)
                .add(CITY, DataTypes.StringType, false)
                .add(IMAGE_PATH, DataTypes.StringType, false)
                .add("label_ids_path", DataTypes.StringType, false)
                .add("instance_ids_path", DataTypes.StringType, true)
                .add("color_path", DataTypes.StringType, true)
                .add("polygons_path", DataTypes.StringType, true)
                .add("bytes", DataTypes.LongType, false);
    }
}
