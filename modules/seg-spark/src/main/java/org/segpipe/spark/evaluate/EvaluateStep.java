package org.segpipe.spark.evaluate;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.CityscapesFile;
import org.segpipe.core.cityscapes.FileRole;
import org.segpipe.core.cityscapes.LocatedFile;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.config.Settings;
import org.segpipe.core.evaluate.EvaluateConfig;
import org.segpipe.core.evaluate.EvaluateOptions;
import org.segpipe.core.evaluate.EvaluationReport;
import org.segpipe.core.evaluate.EvaluationTotals;
import org.segpipe.core.evaluate.Fingerprint;
import org.segpipe.core.evaluate.ImageEvaluation;
import org.segpipe.core.evaluate.ImageEvaluator;
import org.segpipe.core.evaluate.ImageInputs;
import org.segpipe.core.evaluate.Reports;
import org.segpipe.core.evaluate.SummaryJson;
import org.segpipe.core.metrics.coco.CocoAccumulator;
import org.segpipe.core.metrics.coco.CocoCategoryResult;
import org.segpipe.core.metrics.coco.CocoMetrics;
import org.segpipe.core.metrics.coco.CocoResult;
import org.segpipe.core.metrics.instance.CityscapesInstanceMetrics;
import org.segpipe.core.metrics.instance.CityscapesProtocol;
import org.segpipe.core.metrics.instance.InstanceResult;
import org.segpipe.core.metrics.panoptic.PanopticSegment;
import org.segpipe.core.provenance.CodeVersion;
import org.segpipe.core.provenance.RunIds;
import org.segpipe.core.results.EvalProblem;
import org.segpipe.core.results.PanopticResultsJson;
import org.segpipe.core.results.PathNames;
import org.segpipe.core.results.PredictionFiles;
import org.segpipe.spark.data.CityscapesTreeSource;
import org.segpipe.spark.data.HadoopConf;
import org.segpipe.spark.data.SampleSources;
import org.segpipe.spark.data.SampleTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code seg evaluate} as a Spark job.
 *
 * <ol>
 *   <li>Ground truth comes from {@link GroundTruthSource} (shards through {@link SampleSources#read},
 *       or a raw tree's annotation files only); prediction folders
 *       are listed on executors ({@link ResultsListing}) and matched to it by key with joins;
 *       files without a key, for unknown images, or duplicated are reported.</li>
 *   <li>Every image is evaluated on an executor by {@link ImageEvaluator}, which reads its
 *       prediction files through Hadoop; the stage emits one wide persisted table
 *       ({@link EvaluationRows}) with per-image rows, problems, AP entries and one merged-totals
 *       row per partition.</li>
 *   <li>The driver merges the per-partition totals (small) and gets AP from distributed sorts
 *       ({@link ApStages}); everything else is computed from the totals.</li>
 *   <li>The report tables are written run partition by run partition, {@code runs} last
 *       ({@link ReportTables}); a failed run therefore leaves earlier runs intact and no
 *       {@code runs} row.</li>
 * </ol>
 */
public final class EvaluateStep {

    /**
     * What a run produced.
     *
     * @param tables report tables written (empty without an output folder)
     */
    public record Result(String runId, EvaluationReport report, List<String> tables) {
        public long problems() {
            return report.totals().problemCount();
        }
    }

    private static final StructType ANNOTATION_SCHEMA = new StructType()
            .add("key", DataTypes.StringType, true)
            .add("png_path", DataTypes.StringType, true)
            .add("segments", DataTypes.createArrayType(new StructType().add("id", DataTypes.LongType, false)
                    .add("category_id", DataTypes.LongType, false), false), true)
            .add("line", DataTypes.IntegerType, true)
            .add("problem_path", DataTypes.StringType, true)
            .add("problem_kind", DataTypes.StringType, true)
            .add("problem_reason", DataTypes.StringType, true);

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateStep.class);

    private EvaluateStep() {
    }

    public static Result run(SparkSession spark, EvaluateConfig cfg, Settings settings) {
        return run(spark, cfg, settings, ReportTables.PARQUET);
    }

    /** With a table writer of the caller's choosing (tests inject failures with it). */
    public static Result run(SparkSession spark, EvaluateConfig cfg, Settings settings, ReportTables.TableWriter writer) {
        String runId = cfg.runId() != null ? RunIds.validate(cfg.runId()) : RunIds.next();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        String semRoot = cfg.semantic() == null ? null : ResultsListing.qualify(spark, cfg.semantic());
        String instRoot = cfg.instances() == null ? null : ResultsListing.qualify(spark, cfg.instances());
        String panRoot = cfg.panoptic() == null ? null : ResultsListing.qualify(spark, cfg.panoptic());
        EvaluateOptions opts = new EvaluateOptions(semRoot != null, instRoot != null, panRoot != null, cfg.semanticTrainIds(),
                instRoot);
        String split = cfg.split().folderName();

        GroundTruthSource.GroundTruth truth = GroundTruthSource.read(spark, cfg.gt(), cfg.split());
        // used by several joins: read the ground-truth files once
        Dataset<Row> gt = truth.samples().persist(StorageLevel.MEMORY_AND_DISK());
        List<Dataset<Row>> fileProblems = new ArrayList<>();
        fileProblems.add(pairingProblems(spark, truth.problems()));
        Dataset<Row> joined = gt;
        Long semanticFiles = null;
        Long instanceFiles = null;
        Long panopticAnnotations = null;
        if (semRoot != null) {
            Dataset<Row> files = ResultsListing.list(spark, semRoot, ".png").persist(StorageLevel.MEMORY_AND_DISK());
            semanticFiles = files.count();
            joined = attach(joined, gt, files, "sem_paths", "semantic", split, fileProblems);
        }
        if (instRoot != null) {
            Dataset<Row> files = ResultsListing.list(spark, instRoot, ".txt").persist(StorageLevel.MEMORY_AND_DISK());
            instanceFiles = files.count();
            joined = attach(joined, gt, files, "txt_paths", "instances", split, fileProblems);
        }
        if (panRoot != null) {
            Dataset<Row> ann = panopticAnnotations(spark, panRoot).persist(StorageLevel.MEMORY_AND_DISK());
            panopticAnnotations = ann.filter(col("key").isNotNull()).count();
            fileProblems.add(toProblemRows(spark, ann.filter(col("problem_kind").isNotNull())));
            Dataset<Row> ok = ann.filter(col("key").isNotNull().and(col("problem_kind").isNull()));
            Dataset<Row> grouped = ok.groupBy(col("key")).agg(array_sort(collect_list(org.apache.spark.sql.functions.struct(
                    col("line"), col("png_path"), col("segments")))).as("pan_anns"));
            fileProblems.add(unknownImages(spark, grouped.withColumn("paths", org.apache.spark.sql.functions.expr(
                    "transform(pan_anns, a -> a.png_path)")).select("key", "paths"), gt, "panoptic", split));
            joined = joined.join(grouped.withColumnRenamed("key", "pan_key"), col(SampleTable.KEY).equalTo(col("pan_key")),
                    "left");
        }
        int partitions = cfg.partitions() > 0 ? cfg.partitions()
                : Math.max(1, JavaSparkContext.fromSparkContext(spark.sparkContext()).defaultParallelism() * 4);
        HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        boolean sem = semRoot != null;
        boolean inst = instRoot != null;
        boolean pan = panRoot != null;
        JavaRDD<Row> evaluated = joined.repartition(partitions, col(SampleTable.KEY)).javaRDD()
                .mapPartitions(it -> evaluatePartition(it, opts, conf, sem, inst, pan));
        Dataset<Row> eval = spark.createDataFrame(evaluated, EvaluationRows.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // every partition emits exactly one totals row, so the reduce never sees an empty RDD
            byte[] merged = eval.filter(col("kind").equalTo(EvaluationRows.TOTALS)).select("totals").javaRDD()
                    .map(r -> (byte[]) r.get(0))
                    .treeReduce((a, b) -> JavaBytes.write(EvaluationTotals.merge(JavaBytes.read(a), JavaBytes.read(b))));
            EvaluationTotals totals = JavaBytes.read(merged);
            LOG.info("evaluate {}: {} images evaluated in {} ms", runId, totals.images(), (System.nanoTime() - t0) / 1_000_000);
            Dataset<Row> allFileProblems = fileProblems.stream().reduce(Dataset::unionByName)
                    .orElse(spark.createDataFrame(List.of(), EvaluationRows.SCHEMA)).persist(StorageLevel.MEMORY_AND_DISK());
            TreeMap<String, Long> problemCounts = new TreeMap<>(totals.problems());
            for (Row r : allFileProblems.groupBy("problem_kind").agg(count("*")).collectAsList()) {
                problemCounts.merge(r.getString(0), r.getLong(1), Long::sum);
            }
            totals = new EvaluationTotals(totals.images(), totals.evaluated(), totals.instancePredictions(), totals.semantic(),
                    totals.csTp(), totals.csFp(), totals.hardFn(), totals.gtInstances(), totals.predictions(), totals.npig(), totals.panoptic(), problemCounts,
                    totals.fingerprint());

            InstanceResult instance = null;
            CocoResult coco = null;
            ApStages.CityscapesAps aps = null;
            if (inst) {
                aps = ApStages.cityscapes(spark, eval, totals, cfg.out() != null);
                instance = CityscapesInstanceMetrics.summarize(aps.ap(), aps.tp(), aps.fp(), totals.hardFn());
                coco = CocoMetrics.summarize(completeCategories(ApStages.coco(eval, totals), totals));
            }
            EvaluationReport report = Reports.build(totals, opts, instance, coco);
            LOG.info("evaluate {}: metrics computed after {} ms", runId, (System.nanoTime() - t0) / 1_000_000);

            List<String> written = new ArrayList<>();
            if (cfg.out() != null) {
                String out = cfg.out().replaceAll("/+$", "");
                Map<String, Dataset<Row>> tables = new TreeMap<>();
                tables.put(ReportTables.IMAGES, ReportTables.images(eval));
                tables.put(ReportTables.IMAGE_METRICS, ReportTables.imageMetrics(eval));
                tables.put(ReportTables.PROBLEMS, ReportTables.problems(
                        eval.filter(col("kind").equalTo(EvaluationRows.PROBLEM)).unionByName(allFileProblems)));
                tables.put(ReportTables.CLASS_METRICS, ReportTables.classMetrics(spark, report).coalesce(1));
                tables.put(ReportTables.THRESHOLD_COUNTS, ReportTables.thresholdCounts(spark, report).coalesce(1));
                Dataset<Row> curves = ReportTables.cocoCurves(spark, report);
                if (aps != null) {
                    curves = csCurves(spark, aps.curve()).unionByName(curves);
                }
                tables.put(ReportTables.PR_CURVE, curves);
                if (report.semantic() != null) {
                    tables.put(ReportTables.CONFUSION_MATRIX, ReportTables.confusion(spark, totals.semantic()).coalesce(1));
                }
                if (report.panoptic() != null) {
                    tables.put(ReportTables.PANOPTIC, ReportTables.panoptic(spark, report.panoptic()).coalesce(1));
                }
                for (String table : ReportTables.ORDER) {
                    if (table.equals(ReportTables.RUNS)) {
                        continue;
                    }
                    Dataset<Row> rows = tables.get(table);
                    // A table gets a run partition only when the run has rows for it: an empty dynamic-overwrite
                    // write has nothing to commit, which some object-store committers refuse.
                    if (rows != null && !rows.isEmpty()) {
                        long w0 = System.nanoTime();
                        writer.write(out, table, rows, runId);
                        LOG.info("evaluate {}: wrote {} in {} ms", runId, table, (System.nanoTime() - w0) / 1_000_000);
                        written.add(table);
                    }
                }
                Object[] run = {ReportTables.timestamp(started), ReportTables.timestamp(Instant.now()), CodeVersion.get(),
                    settings.hash(), configJson(settings), cfg.gt(), split, semRoot, instRoot, panRoot,
                    Fingerprint.hex(totals.fingerprint()), totals.images(), totals.evaluated(), totals.images() - totals.evaluated(),
                    semanticFiles, instanceFiles, panopticAnnotations, totals.instancePredictions(), totals.problemCount(),
                    scala.collection.JavaConverters.mapAsScalaMapConverter(problemCounts).asScala(),
                    report.semantic() == null ? null : ReportTables.v(report.semantic().miou()),
                    report.semantic() == null ? null : ReportTables.v(report.semantic().iiou()),
                    instance == null ? null : ReportTables.v(instance.ap()), instance == null ? null : ReportTables.v(instance.ap50()),
                    coco == null ? null : ReportTables.v(coco.ap()),
                    report.panoptic() == null ? null : ReportTables.v(report.panoptic().all().pq())};
                writer.write(out, ReportTables.RUNS, ReportTables.runs(spark, run), runId);
                written.add(ReportTables.RUNS);
            }
            if (cfg.summary() != null) {
                writeText(spark.sparkContext().hadoopConfiguration(), cfg.summary(), SummaryJson.write(report));
            }
            allFileProblems.unpersist();
            if (aps != null) {
                aps.curve().unpersist();
            }
            return new Result(runId, report, List.copyOf(written));
        } finally {
            eval.unpersist();
            gt.unpersist();
            truth.release().run();
        }
    }

    /** Adds the listed prediction files of one input to the ground-truth rows (as a sorted path list per key). */
    private static Dataset<Row> attach(Dataset<Row> joined, Dataset<Row> gt, Dataset<Row> files, String column, String input,
                                       String split, List<Dataset<Row>> fileProblems) {
        SparkSession spark = gt.sparkSession();
        fileProblems.add(noKeyProblems(spark, files.filter(col("key").isNull()), input));
        Dataset<Row> grouped = files.filter(col("key").isNotNull()).groupBy(col("key"))
                .agg(array_sort(collect_list(col("path"))).as("paths"));
        fileProblems.add(unknownImages(spark, grouped, gt, input, split));
        return joined.join(grouped.withColumnRenamed("key", column + "_key").withColumnRenamed("paths", column),
                col(SampleTable.KEY).equalTo(col(column + "_key")), "left");
    }

    /** Files of the ground-truth tree that pair with nothing (or are misnamed): reported, not evaluated. */
    private static Dataset<Row> pairingProblems(SparkSession spark, Dataset<Row> problems) {
        JavaRDD<Row> rows = problems.javaRDD().map(r -> EvaluationRows.problem(new EvalProblem(r.getString(0), 0, null, "gt",
                EvalProblem.BAD_GROUND_TRUTH, r.getString(2))));
        return spark.createDataFrame(rows, EvaluationRows.SCHEMA);
    }

    private static Dataset<Row> noKeyProblems(SparkSession spark, Dataset<Row> files, String input) {
        JavaRDD<Row> rows = files.select("path").javaRDD()
                .map(r -> EvaluationRows.problem(PredictionFiles.noKey(r.getString(0), input)));
        return spark.createDataFrame(rows, EvaluationRows.SCHEMA);
    }

    /** Prediction keys that are no ground-truth image of the split. */
    private static Dataset<Row> unknownImages(SparkSession spark, Dataset<Row> grouped, Dataset<Row> gt, String input,
                                              String split) {
        Dataset<Row> unknown = grouped.join(gt.select(col(SampleTable.KEY).as("gt_key")), col("key").equalTo(col("gt_key")),
                "left_anti");
        JavaRDD<Row> rows = unknown.select("key", "paths").javaRDD().flatMap(r -> {
            List<Row> out = new ArrayList<>();
            for (Object p : r.getList(1)) {
                out.add(EvaluationRows.problem(PredictionFiles.unknownImage((String) p, r.getString(0), input, split)));
            }
            return out.iterator();
        });
        return spark.createDataFrame(rows, EvaluationRows.SCHEMA);
    }

    private static Dataset<Row> toProblemRows(SparkSession spark, Dataset<Row> ann) {
        JavaRDD<Row> rows = ann.javaRDD().map(r -> EvaluationRows.problem(new EvalProblem(r.getString(4),
                r.isNullAt(3) ? 0 : r.getInt(3), r.getString(0), "panoptic", r.getString(5), r.getString(6))));
        return spark.createDataFrame(rows, EvaluationRows.SCHEMA);
    }

    /** Parses the panoptic results JSON in one task (streaming), never on the driver. */
    private static Dataset<Row> panopticAnnotations(SparkSession spark, String root) {
        Configuration hconf = spark.sparkContext().hadoopConfiguration();
        String json;
        String pngBase;
        try {
            Path rootPath = new Path(root);
            FileSystem fs = rootPath.getFileSystem(hconf);
            List<String> jsons = new ArrayList<>();
            for (FileStatus st : fs.listStatus(rootPath)) {
                if (st.isFile() && st.getPath().getName().endsWith(".json")) {
                    jsons.add(st.getPath().toString());
                }
            }
            if (jsons.size() != 1) {
                throw new IllegalArgumentException(root + ": expected exactly one panoptic results .json (COCO panoptic "
                        + "format), found " + jsons.size() + (jsons.isEmpty() ? "" : ": " + jsons));
            }
            json = jsons.get(0);
            String stem = new Path(json).getName().replaceFirst("\\.json$", "");
            Path folder = new Path(rootPath, stem);
            pngBase = fs.exists(folder) && fs.getFileStatus(folder).isDirectory() ? folder.toString() : root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        HadoopConf conf = new HadoopConf(hconf);
        String base = pngBase;
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(json), 1)
                .flatMap(path -> {
                    List<Row> out = new ArrayList<>();
                    Path p = new Path(path);
                    try (var in = p.getFileSystem(conf.get()).open(p)) {
                        PanopticResultsJson.read(in, path, a -> out.add(annotationRow(a, path, base, root)),
                                problem -> out.add(RowFactory.create(null, null, null, problem.line(), problem.path(),
                                        problem.kind(), problem.reason())));
                    }
                    return out.iterator();
                });
        return spark.createDataFrame(rows, ANNOTATION_SCHEMA);
    }

    private static Row annotationRow(PanopticResultsJson.Annotation a, String json, String base, String root) {
        SampleKey key = SampleKey.find(a.imageId()).orElse(null);
        if (key == null) {
            EvalProblem p = PredictionFiles.noKey(json + " (image_id " + a.imageId() + ")", "panoptic");
            return RowFactory.create(null, null, null, a.line(), json, p.kind(), p.reason());
        }
        String png;
        try {
            png = PathNames.resolveInside(base, a.fileName(), root);
        } catch (IllegalArgumentException e) {
            return RowFactory.create(key.toString(), null, null, a.line(), json, EvalProblem.PATH_OUTSIDE, e.getMessage());
        }
        List<Row> segs = new ArrayList<>();
        for (PanopticSegment s : a.segments()) {
            segs.add(RowFactory.create(s.id(), s.categoryId()));
        }
        return RowFactory.create(key.toString(), png, EvaluationRows.seq(segs), a.line(), null, null, null);
    }

    /** The per-image stage of one partition: lazily, one image's rows at a time, then the partition's totals. */
    private static Iterator<Row> evaluatePartition(Iterator<Row> it, EvaluateOptions opts, HadoopConf conf, boolean sem,
                                                   boolean inst, boolean pan) {
        org.segpipe.spark.Faults.enter("evaluate.images");
        return new Iterator<>() {
            private final java.util.ArrayDeque<Row> pending = new java.util.ArrayDeque<>();
            private EvaluationTotals totals = EvaluationTotals.zero();
            private boolean done;

            @Override
            public boolean hasNext() {
                while (pending.isEmpty() && !done) {
                    if (it.hasNext()) {
                        evaluate(it.next());
                    } else {
                        pending.add(EvaluationRows.totals(totals));
                        done = true;
                    }
                }
                return !pending.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return pending.poll();
            }

            private void evaluate(Row r) {
                String key = r.getAs(SampleTable.KEY);
                List<EvalProblem> fileProblems = new ArrayList<>();
                String semPath = sem ? choose(r, "sem_paths", key, "semantic", fileProblems) : null;
                String txtPath = inst ? choose(r, "txt_paths", key, "instances", fileProblems) : null;
                String panPath = null;
                List<PanopticSegment> segments = null;
                if (pan && !r.isNullAt(r.fieldIndex("pan_anns"))) {
                    List<Row> anns = r.getList(r.fieldIndex("pan_anns"));
                    Row first = anns.get(0);
                    panPath = first.getString(1);
                    segments = new ArrayList<>();
                    for (Object o : first.getList(2)) {
                        Row s = (Row) o;
                        segments.add(new PanopticSegment(s.getLong(0), s.getLong(1)));
                    }
                    for (int i = 1; i < anns.size(); i++) {
                        fileProblems.add(new EvalProblem(anns.get(i).getString(1), anns.get(i).getInt(0), key, "panoptic",
                                EvalProblem.DUPLICATE, "another annotation for " + key + " (line " + first.getInt(0)
                                        + ") comes first; this one is not used"));
                    }
                }
                String imagePath = r.getAs(SampleTable.IMAGE_PATH);
                String readError = r.getAs(SampleTable.READ_ERROR);
                SampleKey sk = SampleKey.parse(key);
                String labelPath = gtPath(imagePath, sk, FileRole.LABEL_IDS);
                String instancePath = gtPath(imagePath, sk, FileRole.INSTANCE_IDS);
                ImageEvaluation e;
                byte[] labels = r.getAs(SampleTable.LABEL_IDS_PNG);
                if (readError != null || labels == null) {
                    EvalProblem p = new EvalProblem(imagePath, 0, key, "gt", EvalProblem.BAD_GROUND_TRUTH,
                            (readError == null ? "no labelIds" : readError) + "; the image is not evaluated");
                    e = new ImageEvaluation(sk, r.getAs(SampleTable.SPLIT), 0, 0, false, null, null, null, null, List.of(p), 0, 0);
                } else {
                    byte[] instances = r.getAs(SampleTable.INSTANCE_IDS_PNG);
                    ImageInputs in = new ImageInputs(sk, r.getAs(SampleTable.SPLIT), labelPath, labels, instancePath, instances,
                            semPath, txtPath, panPath, segments);
                    Configuration c = conf.get();
                    e = ImageEvaluator.evaluate(in, opts, path -> read(path, c));
                }
                if (!fileProblems.isEmpty()) {
                    List<EvalProblem> all = new ArrayList<>(fileProblems);
                    all.addAll(e.problems());
                    e = new ImageEvaluation(e.key(), e.split(), e.width(), e.height(), e.evaluated(), e.semantic(), e.cityscapes(),
                            e.coco(), e.panoptic(), List.copyOf(all), e.instancePredictions(), e.fingerprint());
                }
                pending.addAll(EvaluationRows.of(e));
                totals = EvaluationTotals.merge(totals, EvaluationTotals.of(e));
            }
        };
    }

    /**
     * Reads a prediction file. Local files are read directly (a tenth of the per-file cost of Hadoop's
     * checksummed local file system, which matters with ~20 small files per image); every other
     * scheme goes through Hadoop.
     */
    static byte[] read(String path, Configuration conf) throws IOException {
        if (path.startsWith("file:")) {
            java.nio.file.Path local;
            try {
                local = java.nio.file.Path.of(new Path(path).toUri());
            } catch (RuntimeException e) {
                return CityscapesTreeSource.readFile(path, conf);
            }
            return java.nio.file.Files.readAllBytes(local);
        }
        return CityscapesTreeSource.readFile(path, conf);
    }

    private static String choose(Row r, String column, String key, String input, List<EvalProblem> problems) {
        int i = r.fieldIndex(column);
        if (r.isNullAt(i)) {
            return null;
        }
        List<String> paths = new ArrayList<>();
        for (Object o : r.getList(i)) {
            paths.add((String) o);
        }
        PredictionFiles.Choice c = PredictionFiles.choose(key, paths, input);
        problems.addAll(c.duplicates());
        return c.chosen();
    }

    /** The path of a ground-truth file next to the image (for messages). */
    private static String gtPath(String imagePath, SampleKey key, FileRole role) {
        try {
            LocatedFile image = LocatedFile.parse(imagePath);
            return image.root() + "/" + LocatedFile.relativePath(image.split(),
                    CityscapesFile.annotation(key, AnnotationSet.GT_FINE, role));
        } catch (RuntimeException e) {
            return imagePath + " (" + role + ")";
        }
    }

    /** Categories without detections still have ground truth to count: accumulate them with no detections. */
    private static List<CocoCategoryResult> completeCategories(List<CocoCategoryResult> found, EvaluationTotals totals) {
        CocoCategoryResult[] all = new CocoCategoryResult[CityscapesProtocol.classCount()];
        for (CocoCategoryResult c : found) {
            all[c.categoryIndex()] = c;
        }
        List<CocoCategoryResult> out = new ArrayList<>();
        for (int k = 0; k < all.length; k++) {
            out.add(all[k] != null ? all[k] : new CocoAccumulator(k, totals.npig()[k]).finish());
        }
        return out;
    }

    private static Dataset<Row> csCurves(SparkSession spark, Dataset<Row> curve) {
        JavaRDD<Row> rows = curve.javaRDD().map(r -> {
            var label = CityscapesProtocol.classes().get(r.getInt(1));
            return RowFactory.create("instance", label.name(), label.id(), CityscapesProtocol.nominalOverlap(r.getInt(2)),
                    r.getInt(3), r.isNullAt(4) ? null : r.getDouble(4), r.getDouble(5), r.getDouble(6));
        });
        return spark.createDataFrame(rows, ReportTables.PR_CURVE_SCHEMA);
    }

    /** The resolved settings as JSON, with values of keys that look like secrets masked. */
    static String configJson(Settings settings) {
        TreeMap<String, String> safe = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.asMap().entrySet()) {
            String k = e.getKey().toLowerCase();
            boolean secret = k.contains("secret") || k.contains("password") || k.contains("token") || k.contains("credential")
                    || k.endsWith("access.key") || k.endsWith("session.key");
            safe.put(e.getKey(), secret ? "***" : e.getValue());
        }
        try {
            return new ObjectMapper().writeValueAsString(safe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeText(Configuration conf, String uri, String text) {
        Path p = new Path(uri);
        try (OutputStream out = p.getFileSystem(conf).create(p, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary to " + uri + ": " + e.getMessage(), e);
        }
    }
}
