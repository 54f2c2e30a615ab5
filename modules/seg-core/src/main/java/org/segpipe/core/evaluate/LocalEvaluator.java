package org.segpipe.core.evaluate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.FileNameException;
import org.segpipe.core.cityscapes.LocatedFile;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.cityscapes.SamplePair;
import org.segpipe.core.cityscapes.SamplePairing;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.metrics.coco.CocoCounts;
import org.segpipe.core.metrics.coco.CocoMetrics;
import org.segpipe.core.metrics.instance.CityscapesInstanceCounts;
import org.segpipe.core.metrics.instance.CityscapesInstanceMetrics;
import org.segpipe.core.metrics.panoptic.PanopticSegment;
import org.segpipe.core.results.EvalProblem;
import org.segpipe.core.results.PanopticResultsJson;
import org.segpipe.core.results.PathNames;
import org.segpipe.core.results.PredictionFiles;

/**
 * A whole evaluation run in one JVM over local folders, with the same per-image functions and
 * merge rules as the Spark job; the score-sorted AP parts are merged in memory. It is the reference
 * the Spark job's numbers are checked against, and what {@code seg bench eval} measures.
 */
public final class LocalEvaluator {

    /**
     * @param gtRoot    a Cityscapes tree (leftImg8bit and gtFine)
     * @param semantic  semantic results folder, or null
     * @param instances instance results folder, or null
     * @param panoptic  panoptic results folder (one JSON, PNGs in the folder named like it), or null
     * @param threads   worker threads
     */
    public record Config(Path gtRoot, Split split, Path semantic, Path instances, Path panoptic, boolean semanticTrainIds,
                         int threads) {
        EvaluateOptions options() {
            return new EvaluateOptions(semantic != null, instances != null, panoptic != null, semanticTrainIds,
                    instances == null ? null : instances.toAbsolutePath().normalize().toString());
        }
    }

    /** The report, every problem, and the per-image evaluations (kept only when asked for). */
    public record Result(EvaluationReport report, List<EvalProblem> problems, List<ImageEvaluation> images) {
    }

    private LocalEvaluator() {
    }

    public static Result run(Config config, boolean keepImages) {
        List<EvalProblem> problems = Collections.synchronizedList(new ArrayList<>());
        List<ImageInputs> inputs = inputs(config, problems);
        EvaluateOptions opts = config.options();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, config.threads()));
        try {
            List<Future<ImageEvaluation>> futures = new ArrayList<>();
            for (ImageInputs in : inputs) {
                // ground-truth files are read inside the task, so reading runs in parallel too
                futures.add(pool.submit(() -> ImageEvaluator.evaluate(reload(in), opts, p -> Files.readAllBytes(Path.of(p)))));
            }
            EvaluationTotals totals = EvaluationTotals.zero();
            CityscapesInstanceCounts cs = CityscapesInstanceCounts.zero();
            CocoCounts coco = CocoCounts.zero();
            List<ImageEvaluation> images = new ArrayList<>();
            for (Future<ImageEvaluation> f : futures) {
                ImageEvaluation e = f.get();
                totals = EvaluationTotals.merge(totals, EvaluationTotals.of(e));
                problems.addAll(e.problems());
                if (e.cityscapes() != null) {
                    cs = CityscapesInstanceCounts.merge(cs, CityscapesInstanceCounts.of(e.cityscapes()));
                }
                if (e.coco() != null) {
                    coco = CocoCounts.merge(coco, CocoCounts.of(e.coco()));
                }
                if (keepImages) {
                    images.add(e);
                }
            }
            EvaluationTotals withMatching = withFileProblems(totals, problems);
            EvaluationReport report = Reports.build(withMatching, opts, CityscapesInstanceMetrics.compute(cs),
                    CocoMetrics.compute(coco));
            return new Result(report, List.copyOf(problems), List.copyOf(images));
        } catch (Exception e) {
            throw new IllegalStateException("local evaluation failed: " + e.getMessage(), e);
        } finally {
            pool.shutdown();
        }
    }

    /** Totals whose problem counts include the file-matching problems (duplicates, unknown images). */
    private static EvaluationTotals withFileProblems(EvaluationTotals t, List<EvalProblem> all) {
        TreeMap<String, Long> byKind = new TreeMap<>();
        for (EvalProblem p : all) {
            byKind.merge(p.kind(), 1L, Long::sum);
        }
        return new EvaluationTotals(t.images(), t.evaluated(), t.instancePredictions(), t.semantic(), t.csTp(), t.csFp(),
                t.hardFn(),
                t.gtInstances(), t.predictions(), t.npig(), t.panoptic(), byKind, t.fingerprint());
    }

    /** The inputs of a run, all by path (ground-truth bytes not read yet: see {@link #reload}); for benchmarks. */
    public static List<ImageInputs> listInputs(Config c, List<EvalProblem> problems) {
        return inputs(c, problems);
    }

    /** The inputs with the ground-truth files read from disk. */
    public static ImageInputs reload(ImageInputs in) {
        return new ImageInputs(in.key(), in.split(), in.gtLabelPath(), read(in.gtLabelPath()), in.gtInstancePath(),
                in.gtInstancePath() == null ? null : read(in.gtInstancePath()), in.semanticPath(), in.instancesPath(),
                in.panopticPath(), in.panopticSegments());
    }

    static List<ImageInputs> inputs(Config c, List<EvalProblem> problems) {
        List<LocatedFile> files = new ArrayList<>();
        for (String top : List.of("leftImg8bit", AnnotationSet.GT_FINE.folderName())) {
            Path dir = c.gtRoot().resolve(top).resolve(c.split().folderName());
            for (Path p : walk(dir)) {
                try {
                    files.add(LocatedFile.parse(p.toAbsolutePath().toString()));
                } catch (FileNameException e) {
                    problems.add(new EvalProblem(p.toString(), 0, null, "gt", EvalProblem.BAD_GROUND_TRUTH, e.getMessage()));
                }
            }
        }
        SamplePairing.Result paired = SamplePairing.pair(files, AnnotationSet.GT_FINE);
        paired.problems().forEach(pp -> problems.add(new EvalProblem(pp.path(), 0, null, "gt", EvalProblem.BAD_GROUND_TRUTH,
                pp.reason())));
        Map<String, SamplePair> gt = new TreeMap<>();
        for (SamplePair p : paired.pairs()) {
            gt.put(p.key().toString(), p);
        }
        Map<String, String> semantic = c.semantic() == null ? Map.of() : match(c.semantic(), ".png", "semantic", gt, c.split(), problems);
        Map<String, String> txt = c.instances() == null ? Map.of() : match(c.instances(), ".txt", "instances", gt, c.split(), problems);
        Map<String, PanopticResultsJson.Annotation> pan = new HashMap<>();
        Path panFolder = null;
        if (c.panoptic() != null) {
            Path json = panopticJson(c.panoptic());
            String stem = json.getFileName().toString().replaceFirst("\\.json$", "");
            panFolder = Files.isDirectory(c.panoptic().resolve(stem)) ? c.panoptic().resolve(stem) : c.panoptic();
            Map<String, List<PanopticResultsJson.Annotation>> byKey = new LinkedHashMap<>();
            try (InputStream in = Files.newInputStream(json)) {
                PanopticResultsJson.read(in, json.toString(), a -> {
                    Optional<SampleKey> k = SampleKey.find(a.imageId());
                    if (k.isEmpty()) {
                        problems.add(PredictionFiles.noKey(json + " (image_id " + a.imageId() + ")", "panoptic"));
                    } else if (!gt.containsKey(k.get().toString())) {
                        problems.add(PredictionFiles.unknownImage(json.toString(), k.get().toString(), "panoptic", c.split().folderName()));
                    } else {
                        byKey.computeIfAbsent(k.get().toString(), x -> new ArrayList<>()).add(a);
                    }
                }, problems::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Map.Entry<String, List<PanopticResultsJson.Annotation>> e : byKey.entrySet()) {
                pan.put(e.getKey(), e.getValue().get(0));
                for (int i = 1; i < e.getValue().size(); i++) {
                    problems.add(new EvalProblem(json.toString(), e.getValue().get(i).line(), e.getKey(), "panoptic",
                            EvalProblem.DUPLICATE, "another annotation for " + e.getKey() + " (line " + e.getValue().get(0).line()
                                    + ") comes first; this one is not used"));
                }
            }
        }
        List<ImageInputs> out = new ArrayList<>();
        for (Map.Entry<String, SamplePair> e : gt.entrySet()) {
            SamplePair p = e.getValue();
            String key = e.getKey();
            String semPath = semantic.get(key);
            String txtPath = txt.get(key);
            PanopticResultsJson.Annotation a = pan.get(key);
            String panPath = null;
            if (a != null) {
                try {
                    panPath = PathNames.resolveInside(panFolder.toAbsolutePath().toString(), a.fileName(),
                            c.panoptic().toAbsolutePath().toString());
                } catch (IllegalArgumentException ex) {
                    problems.add(new EvalProblem(c.panoptic().toString(), a.line(), key, "panoptic", EvalProblem.PATH_OUTSIDE,
                            ex.getMessage()));
                    a = null;
                }
            }
            List<PanopticSegment> segs = a == null ? null : a.segments();
            out.add(new ImageInputs(p.key(), p.split().folderName(), p.labelIdsPath(), null, p.instanceIdsPath(), null, semPath,
                    txtPath, panPath, segs));
        }
        return out;
    }

    private static Path panopticJson(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> jsons = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            if (jsons.size() != 1) {
                throw new IllegalArgumentException(folder + ": expected exactly one panoptic results .json, found " + jsons.size());
            }
            return jsons.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> match(Path root, String suffix, String input, Map<String, SamplePair> gt, Split split,
                                             List<EvalProblem> problems) {
        Map<String, List<String>> byKey = new TreeMap<>();
        for (Path p : walk(root)) {
            String path = p.toAbsolutePath().normalize().toString();
            if (!path.endsWith(suffix)) {
                continue;
            }
            Optional<SampleKey> k = PredictionFiles.keyOf(path);
            if (k.isEmpty()) {
                problems.add(PredictionFiles.noKey(path, input));
            } else if (!gt.containsKey(k.get().toString())) {
                problems.add(PredictionFiles.unknownImage(path, k.get().toString(), input, split.folderName()));
            } else {
                byKey.computeIfAbsent(k.get().toString(), x -> new ArrayList<>()).add(path);
            }
        }
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, List<String>> e : byKey.entrySet()) {
            PredictionFiles.Choice choice = PredictionFiles.choose(e.getKey(), e.getValue(), input);
            out.put(e.getKey(), choice.chosen());
            problems.addAll(choice.duplicates());
        }
        return out;
    }

    private static List<Path> walk(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
