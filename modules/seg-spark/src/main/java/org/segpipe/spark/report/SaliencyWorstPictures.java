package org.segpipe.spark.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.metrics.saliency.GreyMap;
import org.segpipe.core.report.ImageLayers;
import org.segpipe.core.report.SaliencyLayers;
import org.segpipe.spark.data.HadoopConf;
import org.segpipe.spark.data.SaliencySamples;
import org.segpipe.spark.io.HadoopFiles;

/**
 * The pictures of a saliency run's worst images ({@link SaliencyLayers}), drawn on executors: the
 * files are found by name ({@code <masks>/<key>.png}, {@code <pred>/<key>.png},
 * {@code <images>/<key>.png|jpg|jpeg}), so nothing is listed, and only the thumbnails come back.
 */
final class SaliencyWorstPictures {

    /** Photo extensions tried, in order (those {@code seg ingest --task saliency} reads). */
    static final List<String> PHOTO_EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".PNG", ".JPG", ".JPEG");

    private SaliencyWorstPictures() {
    }

    /**
     * @param masks  the ground-truth masks folder
     * @param pred   the predictions folder, or null
     * @param images the photos folder, or null
     */
    static Map<String, ImageLayers.Result> draw(SparkSession spark, String masks, String pred, String images, List<String> keys,
                                                int tileWidth) {
        Map<String, ImageLayers.Result> out = new TreeMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<String> rdd = jsc.parallelize(keys, Math.max(1, Math.min(keys.size(), jsc.defaultParallelism())));
        // rows of plain types come back (Kryo, the session's serializer, cannot rebuild records)
        List<Row> drawn = spark.createDataFrame(rdd.map(key -> WorstImagePictures.toRow(render(key, masks, pred, images, conf,
                tileWidth), key)), WorstImagePictures.RESULT).collectAsList();
        for (Row d : drawn) {
            out.put(d.getString(0), WorstImagePictures.fromRow(d));
        }
        return out;
    }

    private static ImageLayers.Result render(String key, String masks, String pred, String images, HadoopConf conf, int tileWidth) {
        Configuration c = conf.get();
        List<String> notes = new ArrayList<>();
        String maskPath = HadoopFiles.child(masks, key + ".png");
        GreyMap mask;
        try {
            if (!HadoopFiles.exists(maskPath, c)) {
                return new ImageLayers.Result(0, 0, Map.of(), List.of("the mask " + maskPath + " is not there any more: not drawn"));
            }
            mask = GreyMap.decodePng(HadoopFiles.read(maskPath, c), maskPath);
        } catch (RuntimeException e) {
            return new ImageLayers.Result(0, 0, Map.of(), List.of("the mask could not be read: " + e.getMessage()));
        }
        GreyMap p = null;
        if (pred != null) {
            String predPath = HadoopFiles.child(pred, key + ".png");
            try {
                if (HadoopFiles.exists(predPath, c)) {
                    p = GreyMap.decodePng(HadoopFiles.read(predPath, c), predPath);
                } else {
                    notes.add("no prediction " + predPath + ": only the mask is drawn");
                }
            } catch (RuntimeException e) {
                notes.add("the prediction could not be read: " + e.getMessage());
            }
        }
        RgbImage photo = null;
        if (images != null) {
            try {
                photo = photo(images, key, c);
                if (photo == null) {
                    notes.add("no photo " + HadoopFiles.child(images, key) + ".{png,jpg,jpeg}: the mask is shown underneath");
                }
            } catch (RuntimeException e) {
                notes.add("the photo could not be read: " + e.getMessage());
            }
        }
        try {
            ImageLayers.Result r = SaliencyLayers.render(key, photo, mask, p, tileWidth);
            notes.addAll(r.notes());
            return new ImageLayers.Result(r.width(), r.height(), r.layers(), notes);
        } catch (RuntimeException e) {
            notes.add("could not be drawn: " + e.getMessage());
            return new ImageLayers.Result(0, 0, Map.of(), notes);
        }
    }

    private static RgbImage photo(String images, String key, Configuration c) {
        for (String ext : PHOTO_EXTENSIONS) {
            String path = HadoopFiles.child(images, key + ext);
            if (HadoopFiles.exists(path, c)) {
                return SaliencySamples.image(HadoopFiles.read(path, c), path);
            }
        }
        return null;
    }
}
