package org.segpipe.core.report;

import java.util.List;
import java.util.Map;

/**
 * Everything one report page shows, serialized into the page as JSON (field names as written
 * here) and drawn there by the page's script. Lists hold only what the run has: a semantic-only run
 * has no thresholds or curves, and the page leaves those sections out. Undefined numbers are null.
 *
 * @param generator     who wrote the page ({@code segpipe <version>})
 * @param generatedAt   when (ISO-8601, UTC)
 * @param reportsUri    the reports folder read
 * @param run           the run shown
 * @param compareTo     the run compared against, or null
 * @param classes       the label table (for names and palette colours)
 * @param metrics       the run's {@code class_metrics} rows
 * @param compareMetrics the compared run's {@code class_metrics} rows (empty without one)
 * @param deltas        run minus compared run for every number both have
 * @param thresholds    the run's {@code threshold_counts} rows
 * @param curves        the run's precision-recall curves, at most a few hundred points each
 * @param confusion     the run's non-zero confusion cells
 * @param panoptic      the run's {@code panoptic} rows
 * @param history       every committed run of the folder, oldest first (at most the latest 200)
 * @param worst         the worst images with their picture layers
 * @param problems      the run's problems: counts by kind and the first rows
 * @param saliency      what only a saliency run has ({@code seg evaluate --task saliency}), or null for a
 *                      Cityscapes/COCO run; a saliency run has no metrics, thresholds, curves, confusion or panoptic rows
 */
public record ReportData(String generator, String generatedAt, String reportsUri, Run run, Run compareTo,
                         List<ClassInfo> classes, List<Metric> metrics, List<Metric> compareMetrics, List<Delta> deltas,
                         List<ThresholdRow> thresholds, List<Curve> curves, List<ConfusionCell> confusion,
                         List<PanopticRow> panoptic, List<Run> history, WorstImages worst, Problems problems,
                         Saliency saliency) {

    /** One row of {@code runs}. */
    public record Run(String runId, String startedAt, String finishedAt, String codeVersion, String configHash,
                      String gtUri, String split, String semanticUri, String instancesUri, String panopticUri,
                      String inputFingerprint, long imagesTotal, long imagesEvaluated, long imagesRejected,
                      long problems, Map<String, Long> problemCounts, Double miou, Double iiou, Double instanceAp,
                      Double instanceAp50, Double cocoAp, Double pq) {
    }

    /** A label of the Cityscapes table: id, name, category, palette colour ({@code #rrggbb}). */
    public record ClassInfo(int labelId, String name, String category, String color, boolean hasInstances,
                            boolean ignoreInEval) {
    }

    /** One {@code class_metrics} row. */
    public record Metric(String protocol, String scope, String name, Integer labelId, String metric, Double value) {
    }

    /** A number both runs have: this run's value, the compared run's, and the difference. */
    public record Delta(String protocol, String scope, String name, Integer labelId, String metric, double value,
                        double previous, double delta) {
    }

    /** One {@code threshold_counts} row. */
    public record ThresholdRow(String protocol, String className, int labelId, double iouThreshold, long tp, long fp,
                               long fn, Double precision, Double recall, Double ap) {
    }

    /**
     * A precision-recall curve.
     *
     * @param points [recall, precision] pairs in curve order
     * @param total  points in the table (points may be a subsample)
     */
    public record Curve(String protocol, String className, int labelId, double iouThreshold, List<double[]> points,
                        int total) {
    }

    /** One non-zero confusion cell: ground-truth label id (row), predicted label id, pixels. */
    public record ConfusionCell(int gt, int pred, long pixels) {
    }

    /** One {@code panoptic} row. */
    public record PanopticRow(String scope, String name, Integer labelId, Boolean isThing, Double pq, Double sq, Double rq,
                              Long tp, Long fp, Long fn) {
    }

    /**
     * The worst images.
     *
     * @param ranking what they are ranked by, in words
     * @param metric  the column name of {@link ImageCard#score()}
     * @param images  worst first
     * @param notes   why pictures are missing, when they are
     */
    public record WorstImages(String ranking, String metric, List<ImageCard> images, List<String> notes) {
    }

    /**
     * One worst image.
     *
     * @param score  the ranking metric's value
     * @param stats  its {@code images} row (name to value)
     * @param rows   its {@code image_metrics} rows
     * @param layers picture layers as PNG data URIs: {@code image} (camera), {@code gt}, {@code pred}, {@code errors},
     *               {@code gtInstances}, {@code predInstances}, {@code panoptic}; whichever could be made
     * @param notes  what could not be drawn and why
     */
    public record ImageCard(String key, String city, double score, Map<String, Object> stats, List<ImageRow> rows,
                            int width, int height, Map<String, String> layers, List<String> notes) {
    }

    /** One {@code image_metrics} row of a worst image. */
    public record ImageRow(String protocol, String className, int labelId, long tp, long fp, long fn, Double iou, Double pq) {
    }

    /** Problem counts by kind (all of them) and the first rows of {@code problems}. */
    public record Problems(long total, Map<String, Long> byKind, List<ProblemRow> first) {
    }

    /** One {@code problems} row. */
    public record ProblemRow(String kind, String input, String path, Integer line, String imageKey, String reason) {
    }

    /**
     * A saliency run ({@code saliency_runs}, {@code saliency_images}, {@code saliency_curves}). Metric
     * names are the summary JSON's: MAE, maxF, meanF, adpF, wF, S, maxE, meanE, adpE.
     *
     * @param predUri        the predictions folder evaluated
     * @param imagesUri      the photos the worst images are drawn on, or null when none were found
     * @param imagesResized  predictions resized to their mask
     * @param metrics        the run's scores by name, in the order above (null where undefined)
     * @param compareMetrics the compared run's scores (empty without one)
     * @param curve          per threshold 0..255: [threshold, precision, recall, F, E], means over the images
     * @param compareCurve   the compared run's curve (empty without one)
     * @param histograms     how the per-image scores spread
     * @param history        every committed saliency run of the folder, oldest first (at most the latest 200)
     */
    public record Saliency(String predUri, String imagesUri, long imagesResized, Map<String, Double> metrics,
                           Map<String, Double> compareMetrics, List<double[]> curve, List<double[]> compareCurve,
                           List<Histogram> histograms, List<SaliencyRun> history) {
    }

    /**
     * Images per bin of a per-image score over [0, 1].
     *
     * @param metric the score's name (as in {@link Saliency#metrics()})
     * @param counts images per bin; bin i holds scores in [i / n, (i + 1) / n), the last also 1
     */
    public record Histogram(String metric, long[] counts) {
    }

    /** The headline scores of one committed saliency run, for the across-runs chart. */
    public record SaliencyRun(String runId, String finishedAt, Map<String, Double> metrics) {
    }
}
