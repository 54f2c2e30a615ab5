package org.segpipe.spark.report;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.metrics.panoptic.PanopticSegment;
import org.segpipe.core.report.ImageLayers;
import org.segpipe.core.results.PanopticResultsJson;
import org.segpipe.core.results.PathNames;
import org.segpipe.core.results.PredictionFiles;
import org.segpipe.spark.data.CityscapesTreeSource;
import org.segpipe.spark.data.HadoopConf;
import org.segpipe.spark.data.SampleSources;
import org.segpipe.spark.data.SampleTable;
import org.segpipe.spark.evaluate.ResultsListing;

/**
 * The pictures of a few images (the worst of a run): finds their ground truth (ingested shards or a
 * raw tree, filtered to the keys before any file is read) and their prediction files (results
 * folders listed on executors, as the evaluation does), and renders {@link ImageLayers} on
 * executors. Only the finished thumbnails come back to the driver: a few hundred KB per image.
 */
final class WorstImagePictures {

    /** Where to find the inputs; any prediction root may be null. */
    record Inputs(String gt, Split split, String semantic, boolean semanticTrainIds, String instances, String panoptic) {
    }

    /** The pictures per key, and notes about the whole set (an input that is gone). */
    record Pictures(Map<String, ImageLayers.Result> byKey, List<String> notes) {
    }

    private WorstImagePictures() {
    }

    static Pictures draw(SparkSession spark, Inputs in, List<String> keys, int tileWidth, double minScore) {
        List<String> notes = new ArrayList<>();
        Map<String, ImageLayers.Result> out = new TreeMap<>();
        if (keys.isEmpty()) {
            return new Pictures(out, notes);
        }
        Configuration hconf = spark.sparkContext().hadoopConfiguration();
        if (in.gt() == null || !exists(hconf, in.gt())) {
            notes.add("No pictures: the ground truth " + in.gt() + " is not there any more; give --gt URI (report.gt) "
                    + "to draw the worst images from where it is now.");
            return new Pictures(out, notes);
        }
        Map<String, ImageLayers.Predictions> predictions = predictions(spark, in, keys, notes);
        Object[] keyArray = keys.toArray();
        Dataset<Row> rows;
        Runnable release = () -> { };
        if (SampleSources.isShardDataset(spark, in.gt())) {
            rows = SampleSources.read(spark, in.gt(), List.of(in.split()), AnnotationSet.GT_FINE)
                    .filter(col(SampleTable.KEY).isin(keyArray));
        } else {
            CityscapesTreeSource.TreeListing listing = CityscapesTreeSource.list(spark, in.gt(), List.of(in.split()),
                    AnnotationSet.GT_FINE);
            rows = CityscapesTreeSource.readSamples(spark, listing.pairs().filter(col(SampleTable.KEY).isin(keyArray)));
            release = listing::release;
        }
        HadoopConf conf = new HadoopConf(hconf);
        try {
            // rows of plain types come back (Kryo, the session's serializer, cannot rebuild records)
            List<Row> drawn = spark.createDataFrame(rows.select(SampleTable.KEY, SampleTable.IMAGE_PNG, SampleTable.LABEL_IDS_PNG,
                            SampleTable.INSTANCE_IDS_PNG, SampleTable.READ_ERROR)
                    .javaRDD().map(r -> toRow(render(r, predictions, conf, tileWidth, minScore), r.getString(0))), RESULT)
                    .collectAsList();
            for (Row d : drawn) {
                out.put(d.getString(0), fromRow(d));
            }
        } finally {
            release.run();
        }
        for (String k : keys) {
            if (!out.containsKey(k)) {
                out.put(k, new ImageLayers.Result(0, 0, Map.of(), List.of("no ground truth for " + k + " under " + in.gt()
                        + " (split " + in.split().folderName() + "): not drawn")));
            }
        }
        return new Pictures(out, notes);
    }

    /** The pictures of one key as a row of plain types. */
    static final StructType RESULT = new StructType()
            .add("key", DataTypes.StringType, false)
            .add("width", DataTypes.IntegerType, false)
            .add("height", DataTypes.IntegerType, false)
            .add("layers", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false), false)
            .add("notes", DataTypes.createArrayType(DataTypes.StringType, false), false);

    /** A {@link #RESULT} row back as pictures (on the driver). */
    static ImageLayers.Result fromRow(Row d) {
        return new ImageLayers.Result(d.getInt(1), d.getInt(2), new java.util.LinkedHashMap<>(d.<String, String>getJavaMap(3)),
                List.copyOf(d.<String>getList(4)));
    }

    static Row toRow(ImageLayers.Result r, String key) {
        return RowFactory.create(key, r.width(), r.height(),
                scala.collection.JavaConverters.mapAsScalaMapConverter(r.layers()).asScala(),
                scala.collection.JavaConverters.asScalaBufferConverter(r.notes()).asScala());
    }

    private static ImageLayers.Result render(Row r, Map<String, ImageLayers.Predictions> predictions, HadoopConf conf, int tileWidth,
                                   double minScore) {
        String key = r.getString(0);
        if (!r.isNullAt(4)) {
            return new ImageLayers.Result(0, 0, Map.of(), List.of("ground truth could not be read: " + r.getString(4)));
        }
        ImageLayers.Predictions p = predictions.getOrDefault(key, new ImageLayers.Predictions(null, false, null, null, null, null));
        Configuration c = conf.get();
        try {
            return ImageLayers.render(key, (byte[]) r.get(1), (byte[]) r.get(2), (byte[]) r.get(3), p,
                    path -> CityscapesTreeSource.readFile(path, c), tileWidth, minScore);
        } catch (RuntimeException e) {
            return new ImageLayers.Result(0, 0, Map.of(), List.of("could not be drawn: " + e.getMessage()));
        }
    }

    /** The prediction files of the keys, chosen as the evaluation chooses them (first by path). */
    private static Map<String, ImageLayers.Predictions> predictions(SparkSession spark, Inputs in, List<String> keys,
                                                                    List<String> notes) {
        Map<String, String> semantic = files(spark, in.semantic(), ".png", "semantic", keys, notes);
        String instRoot = qualified(spark, in.instances(), "instance", notes);
        Map<String, String> txt = files(spark, instRoot, ".txt", "instances", keys, notes);
        Map<String, Object[]> panoptic = panoptic(spark, in.panoptic(), Set.copyOf(keys), notes);
        Map<String, ImageLayers.Predictions> out = new HashMap<>();
        for (String k : keys) {
            Object[] pan = panoptic.get(k);
            @SuppressWarnings("unchecked")
            List<PanopticSegment> segs = pan == null ? null : (List<PanopticSegment>) pan[1];
            out.put(k, new ImageLayers.Predictions(semantic.get(k), in.semanticTrainIds(), txt.get(k), instRoot,
                    pan == null ? null : (String) pan[0], segs));
        }
        return out;
    }

    private static String qualified(SparkSession spark, String root, String what, List<String> notes) {
        if (root == null) {
            return null;
        }
        try {
            return ResultsListing.qualify(spark, root);
        } catch (RuntimeException e) {
            notes.add("No " + what + " predictions drawn: " + e.getMessage() + " (give --" + (what.equals("instance")
                    ? "instances" : what) + " URI to draw them from where they are now).");
            return null;
        }
    }

    private static Map<String, String> files(SparkSession spark, String root, String suffix, String input, List<String> keys,
                                             List<String> notes) {
        Map<String, String> out = new HashMap<>();
        String q = input.equals("instances") ? root : qualified(spark, root, input, notes);
        if (q == null) {
            return out;
        }
        Map<String, List<String>> byKey = new TreeMap<>();
        for (Row r : ResultsListing.list(spark, q, suffix).filter(col("key").isin(keys.toArray())).select("key", "path")
                .collectAsList()) {
            byKey.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r.getString(1));
        }
        byKey.forEach((k, paths) -> out.put(k, PredictionFiles.choose(k, paths, input).chosen()));
        return out;
    }

    /** Key to {png path, segments} of the keys' panoptic annotations; the JSON is parsed in one task, streaming. */
    private static Map<String, Object[]> panoptic(SparkSession spark, String root, Set<String> keys, List<String> notes) {
        Map<String, Object[]> out = new HashMap<>();
        String q = qualified(spark, root, "panoptic", notes);
        if (q == null) {
            return out;
        }
        Configuration hconf = spark.sparkContext().hadoopConfiguration();
        String json;
        String base;
        try {
            Path rootPath = new Path(q);
            FileSystem fs = rootPath.getFileSystem(hconf);
            List<String> jsons = new ArrayList<>();
            for (FileStatus st : fs.listStatus(rootPath)) {
                if (st.isFile() && st.getPath().getName().endsWith(".json")) {
                    jsons.add(st.getPath().toString());
                }
            }
            if (jsons.size() != 1) {
                notes.add("No panoptic predictions drawn: " + q + " holds " + jsons.size() + " .json files, expected one.");
                return out;
            }
            json = jsons.get(0);
            Path folder = new Path(rootPath, new Path(json).getName().replaceFirst("\\.json$", ""));
            base = fs.exists(folder) && fs.getFileStatus(folder).isDirectory() ? folder.toString() : q;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + q + ": " + e.getMessage(), e);
        }
        HadoopConf conf = new HadoopConf(hconf);
        var rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(json), 1)
                .flatMap(path -> {
                    List<Row> rows = new ArrayList<>();
                    Path p = new Path(path);
                    try (var input = p.getFileSystem(conf.get()).open(p)) {
                        PanopticResultsJson.read(input, path, a -> {
                            SampleKey k = SampleKey.find(a.imageId()).orElse(null);
                            if (k != null && keys.contains(k.toString())) {
                                try {
                                    List<Long> segs = new ArrayList<>();
                                    for (PanopticSegment s : a.segments()) {
                                        segs.add(s.id());
                                        segs.add(s.categoryId());
                                    }
                                    rows.add(RowFactory.create(k.toString(), PathNames.resolveInside(base, a.fileName(), q),
                                            scala.collection.JavaConverters.asScalaBufferConverter(segs).asScala()));
                                } catch (IllegalArgumentException e) {
                                    // outside the results folder: the evaluation reported it; nothing to draw
                                }
                            }
                        }, problem -> { });
                    }
                    return rows.iterator();
                });
        StructType schema = new StructType().add("key", DataTypes.StringType, false).add("png", DataTypes.StringType, false)
                .add("segments", DataTypes.createArrayType(DataTypes.LongType, false), false);
        for (Row f : spark.createDataFrame(rdd, schema).collectAsList()) {
            List<Long> flat = f.getList(2);
            List<PanopticSegment> segs = new ArrayList<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                segs.add(new PanopticSegment(flat.get(i), flat.get(i + 1)));
            }
            out.putIfAbsent(f.getString(0), new Object[] {f.getString(1), segs});
        }
        return out;
    }

    private static boolean exists(Configuration conf, String uri) {
        try {
            Path p = new Path(uri);
            return p.getFileSystem(conf).exists(p);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
