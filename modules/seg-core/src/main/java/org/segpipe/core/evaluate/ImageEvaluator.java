package org.segpipe.core.evaluate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.metrics.coco.CocoImageEvaluator;
import org.segpipe.core.metrics.coco.CocoImageResult;
import org.segpipe.core.metrics.instance.BinaryMask;
import org.segpipe.core.metrics.instance.CityscapesImageResult;
import org.segpipe.core.metrics.instance.CityscapesMatcher;
import org.segpipe.core.metrics.instance.InstanceGroundTruth;
import org.segpipe.core.metrics.instance.PredictionOverlap;
import org.segpipe.core.metrics.instance.ScoredPrediction;
import org.segpipe.core.metrics.panoptic.PanopticCounts;
import org.segpipe.core.metrics.panoptic.PanopticEvaluator;
import org.segpipe.core.metrics.semantic.SemanticCounts;
import org.segpipe.core.metrics.semantic.SemanticEvaluator;
import org.segpipe.core.png.PngException;
import org.segpipe.core.png.PngImages;
import org.segpipe.core.results.EvalProblem;
import org.segpipe.core.results.InstanceMasks;
import org.segpipe.core.results.InstanceResultsFile;
import org.segpipe.core.results.PanopticResultsJson;
import org.segpipe.core.results.PathNames;
import org.segpipe.core.results.SemanticPredictions;

/**
 * Evaluates one image under every requested protocol. Bad predictions never stop the image: a
 * missing, unreadable or wrongly sized prediction is evaluated as an empty one (every ground-truth
 * pixel or instance missed) and reported; bad lines and masks of a results file are skipped and
 * reported with file and line. Only unusable ground truth makes the image a reject.
 */
public final class ImageEvaluator {

    private ImageEvaluator() {
    }

    public static ImageEvaluation evaluate(ImageInputs in, EvaluateOptions opts, FileLoader files) {
        String key = in.key().toString();
        List<EvalProblem> problems = new ArrayList<>();
        long fingerprint = 0;
        ClassMask gtLabels;
        InstanceMask gtInstances = null;
        InstanceGroundTruth gt = null;
        try {
            gtLabels = PngImages.decodeLabelIds(in.gtLabelPng(), in.gtLabelPath());
            fingerprint += Fingerprint.of("gt_label_ids", key, in.gtLabelPng());
        } catch (PngException e) {
            return reject(in, in.gtLabelPath(), message(e), fingerprint);
        }
        if (in.gtInstancePng() != null) {
            try {
                gtInstances = PngImages.decodeInstanceIds(in.gtInstancePng(), in.gtInstancePath());
                fingerprint += Fingerprint.of("gt_instance_ids", key, in.gtInstancePng());
                if (gtInstances.width() != gtLabels.width() || gtInstances.height() != gtLabels.height()) {
                    return reject(in, in.gtInstancePath(), in.gtInstancePath() + ": expected the size of "
                            + PathNames.fileName(in.gtLabelPath()) + ", " + gtLabels.width() + "x" + gtLabels.height()
                            + ", found " + gtInstances.width() + "x" + gtInstances.height(), fingerprint);
                }
                gt = InstanceGroundTruth.of(gtInstances);
            } catch (PngException | IllegalArgumentException e) {
                return reject(in, in.gtInstancePath(), message(e), fingerprint);
            }
        }
        int w = gtLabels.width();
        int h = gtLabels.height();

        SemanticCounts semantic = null;
        if (opts.semantic()) {
            ClassMask pred = null;
            byte[] png = in.semanticPath() == null ? null : load(files, in.semanticPath(), key, "semantic", problems);
            if (in.semanticPath() == null) {
                problems.add(new EvalProblem(in.gtLabelPath(), 0, key, "semantic", EvalProblem.MISSING_PREDICTION,
                        "no semantic prediction for " + key + " (expected a PNG whose name contains the key); "
                                + "evaluated as an empty prediction"));
            } else if (png != null) {
                fingerprint += Fingerprint.of("semantic", key, png);
                try {
                    pred = SemanticPredictions.decode(png, in.semanticPath(), opts.semanticTrainIds());
                    if (pred.width() != w || pred.height() != h) {
                        problems.add(new EvalProblem(in.semanticPath(), 0, key, "semantic", EvalProblem.WRONG_SIZE,
                                "expected " + w + "x" + h + " (the ground truth's size), found " + pred.width() + "x"
                                        + pred.height() + "; evaluated as an empty prediction"));
                        pred = null;
                    } else if (!opts.semanticTrainIds()) {
                        String suspicion = SemanticPredictions.trainIdsSuspicion(pred);
                        if (suspicion != null) {
                            problems.add(new EvalProblem(in.semanticPath(), 0, key, "semantic", EvalProblem.TRAIN_IDS, suspicion));
                        }
                    }
                } catch (PngException e) {
                    problems.add(new EvalProblem(in.semanticPath(), 0, key, "semantic", EvalProblem.UNREADABLE,
                            message(e) + "; evaluated as an empty prediction"));
                }
            }
            if (pred == null) {
                pred = ClassMask.filled(w, h, 0, ClassEncoding.LABEL_IDS);
            }
            try {
                SemanticEvaluator.ImageCounts c = SemanticEvaluator.count(gtLabels, gtInstances, pred);
                semantic = c.counts();
                if (c.unknownPredictedIds().length > 0) {
                    problems.add(new EvalProblem(in.semanticPath(), 0, key, "semantic", EvalProblem.UNKNOWN_LABEL_ID,
                            "label ids " + Arrays.toString(c.unknownPredictedIds()) + " are not in the label table (0..33); their "
                                    + c.unknownPredictedPx() + " pixels count as 'unlabeled' (0)"));
                }
            } catch (IllegalArgumentException e) {
                // the ground truth's own fault (e.g. unknown label ids): name the file, as decode errors do
                return reject(in, in.gtLabelPath(), in.gtLabelPath() + ": " + message(e), fingerprint);
            }
        }

        CityscapesImageResult cityscapes = null;
        CocoImageResult coco = null;
        long used = 0;
        if (opts.instances()) {
            if (gt == null) {
                problems.add(new EvalProblem(in.gtLabelPath(), 0, key, "gt", EvalProblem.BAD_GROUND_TRUTH,
                        "no ground-truth instanceIds for " + key + "; instance evaluation skipped for this image"));
            } else {
                List<ScoredPrediction> preds = new ArrayList<>();
                byte[] txtBytes = in.instancesPath() == null ? null : load(files, in.instancesPath(), key, "instances", problems);
                if (in.instancesPath() == null) {
                    problems.add(new EvalProblem(in.gtInstancePath(), 0, key, "instances", EvalProblem.MISSING_PREDICTION,
                            "no instance results file for " + key + " (expected a .txt whose name contains the key); "
                                    + "evaluated as no predictions"));
                } else if (txtBytes != null) {
                    fingerprint += Fingerprint.of("instances", key, txtBytes);
                    InstanceResultsFile.Parsed parsed = InstanceResultsFile.parse(new String(txtBytes, StandardCharsets.UTF_8),
                            in.instancesPath(), opts.instancesRoot(), key);
                    problems.addAll(parsed.problems());
                    for (InstanceResultsFile.Line line : parsed.lines()) {
                        byte[] bytes;
                        try {
                            bytes = files.load(line.maskPath());
                        } catch (IOException e) {
                            problems.add(new EvalProblem(in.instancesPath(), line.line(), key, "instances", EvalProblem.UNREADABLE,
                                    "mask " + line.maskPath() + " cannot be read (" + e.getClass().getSimpleName()
                                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")"));
                            continue;
                        }
                        fingerprint += Fingerprint.of("mask", key, bytes);
                        BinaryMask mask;
                        try {
                            mask = InstanceMasks.decode(bytes, line.maskPath());
                        } catch (PngException e) {
                            problems.add(new EvalProblem(in.instancesPath(), line.line(), key, "instances", EvalProblem.UNREADABLE,
                                    message(e)));
                            continue;
                        }
                        if (mask.width() != w || mask.height() != h) {
                            problems.add(new EvalProblem(in.instancesPath(), line.line(), key, "instances", EvalProblem.WRONG_SIZE,
                                    "mask " + line.maskPath() + " is " + mask.width() + "x" + mask.height() + ", expected " + w
                                            + "x" + h + " (the ground truth's size); line skipped"));
                            continue;
                        }
                        if (mask.isEmpty()) {
                            problems.add(new EvalProblem(in.instancesPath(), line.line(), key, "instances", EvalProblem.EMPTY_MASK,
                                    "mask " + line.maskPath() + " has no set pixel; line skipped"));
                            continue;
                        }
                        preds.add(new ScoredPrediction(line.labelId(), line.score(), PredictionOverlap.of(mask, gt),
                                in.instancesPath() + ":" + line.line()));
                        used++;
                    }
                }
                cityscapes = CityscapesMatcher.match(gt, preds);
                coco = CocoImageEvaluator.evaluate(in.key(), gt, preds);
            }
        }

        PanopticCounts panoptic = null;
        if (opts.panoptic()) {
            if (gt == null) {
                problems.add(new EvalProblem(in.gtLabelPath(), 0, key, "gt", EvalProblem.BAD_GROUND_TRUTH,
                        "no ground-truth instanceIds for " + key + "; panoptic evaluation skipped for this image"));
            } else {
                int[] ids = null;
                byte[] png = in.panopticPath() == null ? null : load(files, in.panopticPath(), key, "panoptic", problems);
                if (in.panopticPath() == null) {
                    problems.add(new EvalProblem(in.gtInstancePath(), 0, key, "panoptic", EvalProblem.MISSING_PREDICTION,
                            "no panoptic annotation for " + key + "; evaluated as an empty prediction"));
                } else if (png != null) {
                    fingerprint += Fingerprint.of("panoptic", key, png);
                    try {
                        ids = PanopticResultsJson.decodeIds(png, in.panopticPath());
                        if (ids.length != w * h) {
                            problems.add(new EvalProblem(in.panopticPath(), 0, key, "panoptic", EvalProblem.WRONG_SIZE,
                                    "expected " + w + "x" + h + " (the ground truth's size); evaluated as an empty prediction"));
                            ids = null;
                        }
                    } catch (PngException e) {
                        problems.add(new EvalProblem(in.panopticPath(), 0, key, "panoptic", EvalProblem.UNREADABLE,
                                message(e) + "; evaluated as an empty prediction"));
                    }
                }
                List<org.segpipe.core.metrics.panoptic.PanopticSegment> segs = ids == null || in.panopticSegments() == null
                        ? List.of() : in.panopticSegments();
                PanopticEvaluator.ImageResult r = PanopticEvaluator.evaluate(gt, ids == null ? new int[w * h] : ids, segs);
                for (String p : r.problems()) {
                    problems.add(new EvalProblem(in.panopticPath(), 0, key, "panoptic", EvalProblem.SEGMENTS, p));
                }
                panoptic = r.counts();
            }
        }
        return new ImageEvaluation(in.key(), in.split(), w, h, true, semantic, cityscapes, coco, panoptic,
                List.copyOf(problems), used, fingerprint);
    }

    /** Unusable ground truth: the image is not evaluated and counts as a reject. */
    private static ImageEvaluation reject(ImageInputs in, String path, String reason, long fingerprint) {
        EvalProblem p = new EvalProblem(path, 0, in.key().toString(), "gt", EvalProblem.BAD_GROUND_TRUTH,
                reason + "; the image is not evaluated");
        return new ImageEvaluation(in.key(), in.split(), 0, 0, false, null, null, null, null, List.of(p), 0, fingerprint);
    }

    /** Reads a prediction file; a failure is reported and gives null (an empty prediction). */
    private static byte[] load(FileLoader files, String path, String key, String input, List<EvalProblem> problems) {
        try {
            return files.load(path);
        } catch (IOException e) {
            problems.add(new EvalProblem(path, 0, key, input, EvalProblem.UNREADABLE, "cannot be read ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); evaluated as an empty prediction"));
            return null;
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
