package org.segpipe.spark.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.augment.AugmentConfig;
import org.segpipe.core.augment.AugmentJobConfig;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.ConfigKeys;
import org.segpipe.core.config.Settings;
import org.segpipe.core.evaluate.EvaluateConfig;
import org.segpipe.core.evaluate.EvaluationReport;
import org.segpipe.core.evaluate.SaliencyEvaluateConfig;
import org.segpipe.core.generate.DatasetGenerator;
import org.segpipe.core.generate.GenerateConfig;
import org.segpipe.core.generate.saliency.SaliencyDatasetGenerator;
import org.segpipe.core.metrics.saliency.SaliencyResult;
import org.segpipe.core.dataset.IngestConfig;
import org.segpipe.core.provenance.CodeVersion;
import org.segpipe.core.provenance.RunIds;
import org.segpipe.core.report.ReportConfig;
import org.segpipe.model.loss.LossConfig;
import org.segpipe.model.net.UNetConfig;
import org.segpipe.model.train.EpochRecord;
import org.segpipe.model.train.TrainConfig;
import org.segpipe.spark.augment.AugmentStep;
import org.segpipe.spark.evaluate.EvaluateStep;
import org.segpipe.spark.evaluate.SaliencyEvaluateStep;
import org.segpipe.spark.ingest.IngestResult;
import org.segpipe.spark.ingest.IngestStep;
import org.segpipe.spark.ingest.SaliencyIngestStep;
import org.segpipe.spark.io.HadoopFiles;
import org.segpipe.spark.predict.PredictStep;
import org.segpipe.spark.report.ReportStep;
import org.segpipe.spark.train.TrainStep;

/**
 * Runs the stages of one pipeline run (see {@link PipelineLayout} for where everything goes).
 *
 * <p>Every setting is checked before any stage starts, so a bad config costs no cluster time. A
 * stage whose marker exists is skipped; a stage without one is run after its partial output is
 * removed, except training, which resumes from its newest checkpoint, so a run killed at any point
 * resumes where it stopped when started again with the same run id. {@code pipeline.from} runs a
 * stage and all later ones again (their markers are removed first, so a run killed during such a
 * rerun never mixes old and new results).
 */
public final class PipelineRunner {

    /** Keys the pipeline derives from the layout; a config that sets them is refused rather than silently overridden. */
    static final List<String> DERIVED = List.of("generate.out", "ingest.input", "ingest.output", "augment.input", "augment.output",
            TrainStep.DATA, TrainStep.OUT, TrainStep.EXTRA_DATA, TrainStep.RESUME, TrainStep.RUN_ID, PredictStep.MODEL,
            PredictStep.DATA, PredictStep.OUT, PredictStep.RUN_ID, PredictStep.SPLIT, PredictStep.FORMAT, "evaluate.gt",
            "evaluate.semantic", "evaluate.instances", "evaluate.panoptic", EvaluateConfig.OUT, EvaluateConfig.SUMMARY,
            "evaluate.run-id", ReportConfig.REPORTS, ReportConfig.RUN_ID, ReportConfig.OUT, SaliencyEvaluateConfig.PRED);

    /** Keys the pipeline derives from {@code pipeline.task}; set to a value other than the default and the task's, they are refused. */
    static final List<String> TASK_DERIVED = List.of("generate.task", "ingest.task", SaliencyEvaluateConfig.TASK);

    /** The numbers of a saliency evaluation, as {@code seg evaluate --task saliency --summary} names them. */
    static final List<String> SALIENCY_HEADLINE = SaliencyResult.SCORES;

    /** Why a saliency run has no augment stage. */
    static final String SALIENCY_AUGMENT_NOTE = "saliency data: seg augment writes augmented copies of Cityscapes shards only; "
            + "saliency training augments on the fly (" + TrainStep.AUGMENT + ")";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What happened to a stage: {@code ran}, {@code skipped} (complete before) or {@code not-needed}. */
    public record StageOutcome(PipelineStage stage, String status, double seconds, Map<String, Object> details) {
    }

    /**
     * A finished run.
     *
     * @param headline the evaluation's main numbers (mIoU, iIoU, AP, AP50, COCO AP, PQ; those that exist; for a saliency
     *                 run MAE, maxF, meanF, adpF, wF, S, maxE, meanE, adpE)
     * @param report   the HTML report, or null when the run stopped before it
     */
    public record Result(String runId, PipelineLayout layout, List<StageOutcome> stages, Map<String, Double> headline,
                         String report, double seconds) {
    }

    /** A stage failed; the run can be resumed with the same run id. */
    public static final class StageFailedException extends RuntimeException {
        private final PipelineStage stage;

        StageFailedException(PipelineStage stage, String runId, RuntimeException cause) {
            super("stage " + stage.label() + " of run " + runId + " failed: " + cause.getMessage()
                    + " (fix the cause and rerun with --run-id " + runId + " to resume there)", cause);
            this.stage = stage;
        }

        public PipelineStage stage() {
            return stage;
        }
    }

    private final SparkSession spark;
    private final Settings settings;
    private final PipelineConfig config;
    private final PipelineLayout layout;
    private final Configuration conf;
    private final StageMarkers markers;
    private final PrintStream out;

    private PipelineRunner(SparkSession spark, Settings userSettings, PipelineConfig config, String runId, PrintStream out) {
        this.spark = spark;
        this.config = config;
        this.layout = new PipelineLayout(config.root(), runId);
        this.settings = derive(userSettings, layout, config);
        this.conf = spark.sparkContext().hadoopConfiguration();
        this.markers = new StageMarkers(layout, conf);
        this.out = out;
    }

    /**
     * Checks the settings of every stage without touching data: the same checks the stages make
     * first, so a config error ends the run before any work.
     *
     * @throws ConfigException naming the key, the value and the rule
     */
    public static PipelineConfig check(Settings settings) {
        PipelineConfig cfg = PipelineConfig.from(settings);
        Map<String, String> defaults = ConfigKeys.defaults();
        for (String key : DERIVED) {
            Optional<String> v = settings.find(key).map(String::trim).filter(s -> !s.isEmpty());
            if (v.isPresent() && !v.get().equals(defaults.get(key))) {
                throw new ConfigException("'" + key + "' is set to '" + v.get() + "', but seg pipeline derives it from "
                        + PipelineConfig.ROOT + " and the run id; remove it from the config");
            }
        }
        for (String key : TASK_DERIVED) {
            Optional<String> v = settings.find(key).map(String::trim).filter(x -> !x.isEmpty());
            // the defaults are in every Settings, so only a value other than the default and the task's is the user's own
            if (v.isPresent() && !v.get().equals(defaults.get(key)) && !v.get().equals(cfg.task())) {
                throw new ConfigException("'" + key + "' is set to '" + v.get() + "', but seg pipeline derives it from "
                        + PipelineConfig.TASK + " (" + cfg.task() + "); set " + PipelineConfig.TASK + "=" + v.get()
                        + " instead, or remove it");
            }
        }
        Settings s = derive(settings, new PipelineLayout(cfg.root(), cfg.runId() == null ? "check" : cfg.runId()), cfg);
        try {
            if (cfg.input() == null) {
                GenerateConfig.from(with(s, Map.of("generate.out", new File(System.getProperty("java.io.tmpdir")).getAbsolutePath())));
            }
            IngestConfig.from(s);
            if (augments(s)) {
                if (cfg.saliency()) {
                    throw new ConfigException("'" + AugmentConfig.PIPELINE + "' is '" + s.string(AugmentConfig.PIPELINE) + "' but "
                            + SALIENCY_AUGMENT_NOTE + "; set " + TrainStep.AUGMENT + " instead and " + AugmentConfig.PIPELINE + "=none");
                }
                AugmentJobConfig.from(s);
            }
            UNetConfig net = UNetConfig.from(s);
            checkTask(cfg, net.classes(), s);
            TrainConfig.from(s);
            LossConfig.from(s, net.classes());
            TrainStep.augmenter(s);
            if (cfg.saliency()) {
                SaliencyEvaluateConfig.from(s);
            } else {
                EvaluateConfig.from(s);
            }
            ReportConfig.from(s);
        } catch (IllegalArgumentException e) {
            throw e instanceof ConfigException c ? c : new ConfigException(e.getMessage());
        }
        return cfg;
    }

    /** The model must fit the task: one sigmoid channel and a binary loss for saliency, several classes otherwise. */
    private static void checkTask(PipelineConfig cfg, int classes, Settings s) {
        if (cfg.saliency() && classes != 1) {
            throw new ConfigException("'" + PipelineConfig.TASK + "' is saliency but '" + UNetConfig.CLASSES + "' is " + classes
                    + ": a saliency model has one sigmoid output; set " + UNetConfig.CLASSES + "=1 and " + LossConfig.NAME
                    + " to bce, iou or bce-iou");
        }
        if (!cfg.saliency() && classes == 1) {
            throw new ConfigException("'" + UNetConfig.CLASSES + "' is 1 (a saliency model) but '" + PipelineConfig.TASK + "' is "
                    + cfg.task() + "; set " + PipelineConfig.TASK + "=saliency to run a saliency pipeline");
        }
        org.segpipe.model.loss.LossKind kind = org.segpipe.model.loss.LossKind.parse(s.string(LossConfig.NAME), LossConfig.NAME);
        if (kind.binary() != (classes == 1)) {
            throw new ConfigException("'" + LossConfig.NAME + "' is " + kind.configName() + " but '" + UNetConfig.CLASSES + "' is "
                    + classes + (classes == 1 ? ": a sigmoid head needs bce, iou or bce-iou" : ": bce, iou and bce-iou need "
                    + UNetConfig.CLASSES + "=1"));
        }
    }

    /**
     * Runs the stages from {@code pipeline.from} (or the first incomplete one) to {@code pipeline.to}.
     *
     * @throws ConfigException        for a bad config, before any stage runs
     * @throws StageFailedException   when a stage fails
     */
    public static Result run(SparkSession spark, Settings settings, PrintStream out) {
        return run(spark, settings, check(settings), out);
    }

    /** {@link #run(SparkSession, Settings, PrintStream)} with the config {@link #check} already returned. */
    public static Result run(SparkSession spark, Settings settings, PipelineConfig cfg, PrintStream out) {
        String runId = cfg.runId() != null ? cfg.runId() : RunIds.next();
        return new PipelineRunner(spark, settings, cfg, runId, out).run();
    }

    private Result run() {
        long start = System.nanoTime();
        PipelineStage from = config.from();
        if (from != null) {
            for (PipelineStage s : PipelineStage.values()) {
                if (s.compareTo(from) < 0 && s != PipelineStage.GENERATE && notNeeded(s) == null && markers.read(s).isEmpty()) {
                    throw new ConfigException("cannot start run " + layout.runId() + " at " + from.label() + ": its stage " + s.label()
                            + " has not finished (no " + layout.marker(s) + "); start at " + s.label() + " or earlier");
                }
                if (s.compareTo(from) >= 0) {
                    markers.delete(s);
                }
            }
        }
        writeRunRecord();
        out.printf(Locale.ROOT, "pipeline run %s under %s%n", layout.runId(), layout.runDir());
        List<StageOutcome> outcomes = new ArrayList<>();
        for (PipelineStage stage : PipelineStage.values()) {
            if (stage.compareTo(config.to()) > 0) {
                break;
            }
            Map<String, Object> notNeeded = notNeeded(stage);
            if (notNeeded != null) {
                out.printf(Locale.ROOT, "[%s] not needed: %s%n", stage.label(), notNeeded.values().iterator().next());
                outcomes.add(new StageOutcome(stage, "not-needed", 0, notNeeded));
                continue;
            }
            Optional<StageMarkers.Marker> done = markers.read(stage);
            if (done.isPresent()) {
                out.printf(Locale.ROOT, "[%s] complete since %s, skipped%n", stage.label(), done.get().finishedAt());
                outcomes.add(new StageOutcome(stage, "skipped", done.get().seconds(), done.get().details()));
                continue;
            }
            out.printf(Locale.ROOT, "[%s] running%n", stage.label());
            long t0 = System.nanoTime();
            Map<String, Object> details;
            try {
                details = runStage(stage);
            } catch (RuntimeException e) {
                throw new StageFailedException(stage, layout.runId(), e);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            markers.write(stage, new StageMarkers.Marker(stage.label(), layout.runId(), Instant.now().toString(), seconds, details));
            out.printf(Locale.ROOT, "[%s] done in %.1f s %s%n", stage.label(), seconds, details);
            outcomes.add(new StageOutcome(stage, "ran", seconds, details));
        }
        Map<String, Double> headline = markers.read(PipelineStage.EVALUATE).map(m -> headline(m.details())).orElse(Map.of());
        String report = markers.read(PipelineStage.REPORT).isPresent() ? layout.reportHtml() : null;
        if (config.keepRuns() > 0) {
            prune();
        }
        return new Result(layout.runId(), layout, outcomes, headline, report, (System.nanoTime() - start) / 1e9);
    }

    /** Why {@code stage} does not run in this pipeline (as the outcome's details), or null when it does. */
    private Map<String, Object> notNeeded(PipelineStage stage) {
        if (stage == PipelineStage.GENERATE && config.input() != null) {
            return Map.of("input", config.input());
        }
        if (stage == PipelineStage.AUGMENT && config.saliency()) {
            return Map.of("note", SALIENCY_AUGMENT_NOTE);
        }
        return null;
    }

    private Map<String, Object> runStage(PipelineStage stage) {
        return switch (stage) {
            case GENERATE -> generate();
            case INGEST -> ingest();
            case AUGMENT -> augment();
            case TRAIN -> train();
            case PREDICT -> predict();
            case EVALUATE -> evaluate();
            case REPORT -> report();
        };
    }

    // --- stages

    private Map<String, Object> generate() {
        String target = layout.generatedInput();
        deleteRecursively(target);
        URI uri = URI.create(target);
        boolean local = uri.getScheme() == null || uri.getScheme().equals("file");
        File dir;
        try {
            dir = local ? new File(uri.getScheme() == null ? target : uri.getPath())
                    : Files.createTempDirectory("segpipe-generate").toFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GenerateConfig gc = GenerateConfig.from(with(settings, Map.of("generate.out", dir.getAbsolutePath())));
        Map<String, Object> d;
        if (config.saliency()) {
            SaliencyDatasetGenerator.Result r = SaliencyDatasetGenerator.run(gc);
            d = generated(r.images(), r.files(), r.bytes());
        } else {
            DatasetGenerator.Result r = DatasetGenerator.run(gc);
            d = generated(r.images(), r.files(), r.bytes());
        }
        if (!local) {
            // the generator writes local files; a remote root gets a copy (the local one is removed)
            try {
                Path dst = new Path(target);
                FileUtil.copy(dir, dst.getFileSystem(conf), dst, true, conf);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the generated tree to " + target + ": " + e.getMessage(), e);
            }
        }
        return d;
    }

    /** The generate marker's details, in a fixed order. */
    private static Map<String, Object> generated(int images, int files, long bytes) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("images", images);
        d.put("files", files);
        d.put("bytes", bytes);
        return d;
    }

    private Map<String, Object> ingest() {
        deleteRecursively(layout.dataset());
        if (config.saliency()) {
            IngestConfig ic = IngestConfig.from(settings);
            SaliencyIngestStep.Result r = SaliencyIngestStep.run(spark, ic.input(), ic.output(), ic.splits(), settings);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("images_in", r.imagesIn());
            d.put("samples", r.samples());
            d.put("rejected_images", r.rejectedImages());
            d.put("samples_by_split", r.samplesBySplit());
            d.put("rejects_by_stage", r.rejectsByStage());
            d.put("balance_holds", r.imagesIn() == r.samples() + r.rejectedImages());
            return d;
        }
        IngestResult r = IngestStep.run(spark, settings);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dataset_version", r.manifest().datasetVersion());
        d.put("images_in", r.manifest().balance().imagesIn());
        d.put("samples", r.manifest().samples());
        d.put("rejected_images", r.manifest().balance().rejectedImages());
        d.put("balance_holds", r.manifest().balance().holds());
        return d;
    }

    private Map<String, Object> augment() {
        deleteRecursively(layout.augmented());
        if (!augments(settings)) {
            return Map.of("copies", 0, "note", AugmentConfig.PIPELINE + " is none");
        }
        AugmentStep.Result r = AugmentStep.run(spark, settings);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("input_samples", r.inputSamples());
        d.put("augmented_samples", r.augmentedSamples());
        d.put("rejected_samples", r.rejectedSamples());
        d.put("rows", r.rows());
        return d;
    }

    private Map<String, Object> train() {
        Map<String, String> extra = new LinkedHashMap<>();
        if (HadoopFiles.exists(HadoopFiles.child(layout.augmented(), "manifest.json"), conf)) {
            extra.put(TrainStep.EXTRA_DATA, layout.augmented());
        }
        boolean forced = config.from() != null && config.from().compareTo(PipelineStage.TRAIN) <= 0;
        if (forced) {
            deleteRecursively(layout.model());
        }
        boolean checkpoints = !HadoopFiles.list(HadoopFiles.child(layout.model(), "checkpoints"), conf).isEmpty();
        if (checkpoints) {
            out.println("[train] resuming from the newest checkpoint under " + layout.model());
        }
        extra.put(TrainStep.RESUME, Boolean.toString(checkpoints));
        Settings s = with(settings, extra);
        TrainStep.Result r = TrainStep.run(spark, s, TrainStep.augmenter(s), out);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", r.modelUri());
        d.put("model_sha256", r.modelSha256());
        d.put("train_images", r.trainImages());
        d.put("validation_images", r.validationImages());
        d.put("rejected", r.rejected());
        d.put("resumed", r.resumed());
        if (!r.epochs().isEmpty()) {
            EpochRecord last = r.epochs().get(r.epochs().size() - 1);
            d.put("epochs", last.epoch());
            d.put("train_loss", last.trainLoss());
            d.put("validation_miou", last.validationMiou());
            putFinite(d, "validation_mae", last.validationMae());
        }
        return d;
    }

    private Map<String, Object> predict() {
        deleteRecursively(layout.predictions());
        PredictStep.Result r = PredictStep.run(spark, settings, out);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("images", r.images());
        d.put("rejected", r.rejected());
        d.put("instances", r.instances());
        d.put("model_sha256", r.modelSha256());
        return d;
    }

    private Map<String, Object> evaluate() {
        if (config.saliency()) {
            return evaluateSaliency();
        }
        EvaluateStep.Result r = EvaluateStep.run(spark, EvaluateConfig.from(settings), settings);
        EvaluationReport rep = r.report();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("images", rep.totals().images());
        d.put("evaluated", rep.totals().evaluated());
        d.put("problems", r.problems());
        putFinite(d, "mIoU", rep.semantic() == null ? Double.NaN : rep.semantic().miou());
        putFinite(d, "iIoU", rep.semantic() == null ? Double.NaN : rep.semantic().iiou());
        putFinite(d, "AP", rep.instance() == null ? Double.NaN : rep.instance().ap());
        putFinite(d, "AP50", rep.instance() == null ? Double.NaN : rep.instance().ap50());
        putFinite(d, "COCO_AP", rep.coco() == null ? Double.NaN : rep.coco().ap());
        putFinite(d, "PQ", rep.panoptic() == null ? Double.NaN : rep.panoptic().all().pq());
        return d;
    }

    private Map<String, Object> evaluateSaliency() {
        SaliencyEvaluateStep.Result r = SaliencyEvaluateStep.run(spark, SaliencyEvaluateConfig.from(settings), settings);
        SaliencyResult m = r.result();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("images", r.imagesTotal());
        d.put("evaluated", r.imagesEvaluated());
        d.put("resized", r.imagesResized());
        d.put("problems", r.problems());
        m.scores().forEach((name, v) -> putFinite(d, name, v));
        return d;
    }

    private Map<String, Object> report() {
        ReportStep.Result r = ReportStep.run(spark, ReportConfig.from(settings));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("report", r.out());
        d.put("bytes", r.bytes());
        return d;
    }

    // --- helpers

    /** The settings every stage sees: the user's plus the paths and run ids derived from the layout. */
    static Settings derive(Settings user, PipelineLayout layout, PipelineConfig cfg) {
        String input = cfg.input() != null ? cfg.input() : layout.generatedInput();
        String results = layout.cityscapesResults();
        String split = user.find("evaluate.split").orElse("val");
        Map<String, String> d = new LinkedHashMap<>();
        d.put("ingest.input", input);
        d.put("ingest.output", layout.dataset());
        d.put("augment.input", layout.dataset());
        d.put("augment.output", layout.augmented());
        d.put(TrainStep.DATA, layout.dataset());
        d.put(TrainStep.OUT, layout.model());
        d.put(TrainStep.RUN_ID, layout.runId());
        d.put(PredictStep.MODEL, layout.modelFile());
        d.put(PredictStep.DATA, layout.dataset());
        d.put(PredictStep.OUT, layout.predictions());
        d.put(PredictStep.RUN_ID, layout.runId());
        d.put(PredictStep.SPLIT, split);
        d.put(PredictStep.FORMAT, "both");
        d.put("evaluate.gt", layout.dataset());
        d.put("evaluate.semantic", HadoopFiles.child(results, "semantic"));
        d.put("evaluate.instances", HadoopFiles.child(results, "instance"));
        d.put("evaluate.panoptic", results);
        d.put(EvaluateConfig.OUT, layout.reports());
        d.put(EvaluateConfig.SUMMARY, layout.summaryJson());
        d.put("evaluate.run-id", layout.runId());
        d.put(ReportConfig.REPORTS, layout.reports());
        d.put(ReportConfig.RUN_ID, layout.runId());
        d.put(ReportConfig.OUT, layout.reportHtml());
        for (String key : TASK_DERIVED) {
            d.put(key, cfg.task());
        }
        if (cfg.saliency()) {
            // the masks of the evaluated split of the input folder against the grey maps predict wrote
            d.put("evaluate.gt", HadoopFiles.child(HadoopFiles.child(input, split), "masks"));
            d.put(SaliencyEvaluateConfig.PRED, HadoopFiles.child(layout.predictions(), "saliency"));
        }
        return with(user, d);
    }

    static Settings with(Settings base, Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>(base.asMap());
        m.putAll(extra);
        return Settings.of(m);
    }

    private static boolean augments(Settings s) {
        return !AugmentConfig.from(s).pipeline().steps().isEmpty();
    }

    private static void putFinite(Map<String, Object> d, String name, double v) {
        if (Double.isFinite(v)) {
            d.put(name, v);
        }
    }

    /** The numbers a person looks at first, from the evaluate marker. */
    static Map<String, Double> headline(Map<String, Object> evaluateDetails) {
        Map<String, Double> h = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(List.of("mIoU", "iIoU", "AP", "AP50", "COCO_AP", "PQ"));
        keys.addAll(SALIENCY_HEADLINE);
        for (String k : keys) {
            Object v = evaluateDetails.get(k);
            if (v instanceof Number n) {
                h.put(k, n.doubleValue());
            }
        }
        return h;
    }

    /** Run id, config hash, code version and the config (secrets masked), written once when a run starts. */
    private void writeRunRecord() {
        String uri = layout.runRecord();
        if (HadoopFiles.exists(uri, conf)) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", layout.runId());
        m.put("started_at", Instant.now().toString());
        m.put("config_hash", settings.hash());
        m.put("code_version", CodeVersion.get());
        m.put("root", config.root());
        m.put("config", settings.redacted());
        try {
            HadoopFiles.writeAtomically(uri, JSON.writeValueAsString(m).getBytes(StandardCharsets.UTF_8), conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the folders of all but the newest {@code keep-runs} runs (by start time); report tables stay. */
    private void prune() {
        Path runs = new Path(PipelineLayout.runsFolder(config.root()));
        try {
            FileSystem fs = runs.getFileSystem(conf);
            List<String[]> started = new ArrayList<>();
            for (FileStatus st : fs.listStatus(runs)) {
                if (!st.isDirectory()) {
                    continue;
                }
                String id = st.getPath().getName();
                String at = "";
                Path record = new Path(st.getPath(), "pipeline.json");
                if (fs.exists(record)) {
                    Object v = JSON.readValue(HadoopFiles.read(record.toString(), conf), Map.class).get("started_at");
                    at = v == null ? "" : v.toString();
                }
                started.add(new String[] {id, at});
            }
            started.sort(Comparator.comparing((String[] a) -> a[1]).thenComparing(a -> a[0]).reversed());
            int kept = 0;
            for (String[] run : started) {
                if (run[0].equals(layout.runId()) || kept < config.keepRuns() - 1) {
                    if (!run[0].equals(layout.runId())) {
                        kept++;
                    }
                    continue;
                }
                fs.delete(new Path(runs, run[0]), true);
                out.printf(Locale.ROOT, "removed the folder of run %s (%s=%d)%n", run[0], PipelineConfig.KEEP_RUNS, config.keepRuns());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune " + runs + ": " + e.getMessage(), e);
        }
    }

    private void deleteRecursively(String uri) {
        Path p = new Path(uri);
        try {
            FileSystem fs = p.getFileSystem(conf);
            if (fs.exists(p)) {
                fs.delete(p, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + uri + ": " + e.getMessage(), e);
        }
    }
}
