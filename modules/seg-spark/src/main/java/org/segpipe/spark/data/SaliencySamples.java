package org.segpipe.spark.data;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.when;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.metrics.saliency.GreyMap;
import org.segpipe.core.png.PngImages;
import org.segpipe.spark.io.HadoopFiles;

/**
 * Saliency samples for training and prediction, read from either kind of saliency dataset:
 * <ul>
 *   <li>shards written by {@code seg ingest --task saliency} (a {@code manifest.json} with
 *       {@code "task": "saliency"} and {@code shards/split=S/});</li>
 *   <li>a raw folder {@code <split>/images/*.{png,jpg,jpeg}} + {@code <split>/masks/*.png} paired
 *       by stem (what {@code seg generate --task saliency} writes); an image without a mask keeps a
 *       {@code read_error} so it is rejected, not silently dropped.</li>
 * </ul>
 * Rows have the columns {@code key, split, image_path, image, mask, read_error}; images are PNG
 * (RGB/RGBA) or JPEG bytes, masks 8-bit grey PNG bytes (decoded with {@link #image} and
 * {@link GreyMap#decodePng}).
 */
public final class SaliencySamples {

    public static final String KEY = "key";
    public static final String SPLIT = "split";
    public static final String IMAGE_PATH = "image_path";
    public static final String IMAGE = "image";
    public static final String MASK = "mask";
    public static final String READ_ERROR = "read_error";

    /** What a dataset URI holds. */
    public enum Kind { SHARDS, RAW, NONE }

    private SaliencySamples() {
    }

    /** Whether {@code uri} is a saliency dataset (shards or a raw folder with a split's images/ and masks/). */
    public static Kind kind(Configuration conf, String uri, List<Split> splits) {
        String base = uri.replaceAll("/+$", "");
        String manifest = base + "/manifest.json";
        if (HadoopFiles.exists(manifest, conf)) {
            String text = new String(HadoopFiles.read(manifest, conf), java.nio.charset.StandardCharsets.UTF_8);
            return text.matches("(?s).*\"task\"\\s*:\\s*\"saliency\".*") ? Kind.SHARDS : Kind.NONE;
        }
        for (Split s : splits) {
            if (HadoopFiles.exists(base + "/" + s.folderName() + "/images", conf)
                    && HadoopFiles.exists(base + "/" + s.folderName() + "/masks", conf)) {
                return Kind.RAW;
            }
        }
        return Kind.NONE;
    }

    /**
     * The clear error for a model and a dataset that do not belong together: a one-class (sigmoid,
     * saliency) model needs a saliency dataset and a saliency dataset needs a one-class model.
     */
    public static void checkMatch(String what, int classes, Kind kind, String data) {
        if (classes == 1 && kind == Kind.NONE) {
            throw new ConfigException(what + " has model.classes=1 (a saliency model with a sigmoid head), but " + data
                    + " is not a saliency dataset; expected the output of 'seg ingest --task saliency' (manifest.json with "
                    + "\"task\": \"saliency\") or a folder with <split>/images and <split>/masks");
        }
        if (classes != 1 && kind != Kind.NONE) {
            throw new ConfigException(what + " has model.classes=" + classes + " (a Cityscapes model), but " + data
                    + " is a saliency dataset; saliency needs model.classes=1 with loss.name bce, iou or bce-iou");
        }
    }

    /** The samples of {@code splits}. */
    public static Dataset<Row> read(SparkSession spark, String uri, List<Split> splits) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String base = uri.replaceAll("/+$", "");
        List<String> names = splits.stream().map(Split::folderName).toList();
        Kind kind = kind(conf, uri, splits);
        if (kind == Kind.SHARDS) {
            return spark.read().parquet(base + "/shards").filter(col(SPLIT).isin(names.toArray()))
                    .select(col(KEY), col(SPLIT), col(IMAGE_PATH), col(IMAGE), col(MASK), lit(null).cast("string").as(READ_ERROR));
        }
        if (kind == Kind.NONE) {
            throw new ConfigException(uri + " is not a saliency dataset (no manifest.json, no <split>/images and <split>/masks for "
                    + names + ")");
        }
        Dataset<Row> all = null;
        for (String split : names) {
            String dir = base + "/" + split;
            if (!HadoopFiles.exists(dir + "/images", conf)) {
                continue;
            }
            Dataset<Row> images = spark.read().format("binaryFile").option("pathGlobFilter", "*.{png,jpg,jpeg,PNG,JPG,JPEG}")
                    .load(dir + "/images").select(col("path").as(IMAGE_PATH), col("content").as(IMAGE),
                            regexp_extract(col("path"), "([^/]+)\\.[A-Za-z]+$", 1).as("istem"));
            Dataset<Row> masks = HadoopFiles.exists(dir + "/masks", conf)
                    ? spark.read().format("binaryFile").option("pathGlobFilter", "*.{png,PNG}").load(dir + "/masks")
                            .select(col("content").as(MASK), regexp_extract(col("path"), "([^/]+)\\.[A-Za-z]+$", 1).as("mstem"))
                    : spark.emptyDataFrame().select(lit(null).cast("binary").as(MASK), lit(null).cast("string").as("mstem"));
            Dataset<Row> p = images.join(masks, images.col("istem").equalTo(masks.col("mstem")), "left_outer")
                    .select(coalesce(col("istem"), col("mstem")).as(KEY), lit(split).as(SPLIT), col(IMAGE_PATH), col(IMAGE), col(MASK),
                            when(col(MASK).isNull(), lit("no mask " + dir + "/masks/<stem>.png for this image")).as(READ_ERROR));
            all = all == null ? p : all.unionByName(p);
        }
        if (all == null) {
            throw new ConfigException("no " + names + " images under " + uri + " (expected <split>/images and <split>/masks)");
        }
        return all;
    }

    /** Decodes a PNG (RGB or RGBA, 8-bit) or JPEG image, told apart by their signatures. */
    public static RgbImage image(byte[] bytes, String path) {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            java.awt.image.BufferedImage img;
            try {
                img = javax.imageio.ImageIO.read(new ByteArrayInputStream(bytes));
            } catch (IOException e) {
                throw new IllegalArgumentException(path + ": cannot decode the JPEG: " + e.getMessage(), e);
            }
            if (img == null) {
                throw new IllegalArgumentException(path + ": not a readable JPEG");
            }
            int w = img.getWidth();
            int h = img.getHeight();
            byte[] rgb = new byte[w * h * 3];
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                rgb[3 * i] = (byte) (argb[i] >> 16);
                rgb[3 * i + 1] = (byte) (argb[i] >> 8);
                rgb[3 * i + 2] = (byte) argb[i];
            }
            return new RgbImage(w, h, rgb);
        }
        return PngImages.decodeRgbOrRgba(bytes, path);
    }
}
