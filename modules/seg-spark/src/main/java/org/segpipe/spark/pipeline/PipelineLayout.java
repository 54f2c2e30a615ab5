package org.segpipe.spark.pipeline;

import org.segpipe.spark.io.HadoopFiles;

/**
 * Where everything of a pipeline run lives, on any Hadoop file system:
 *
 * <pre>
 * {root}/runs/{run id}/input/         the generated Cityscapes tree or saliency folder (when pipeline.input is empty)
 *                      dataset/       ingested shards, rejects, manifest.json
 *                      augmented/     augmented copies of the training split (when augment.pipeline is not none)
 *                      model/         checkpoints/, training_log/, model.zip (+ .sha256)
 *                      predictions/   predictions/ (Parquet), cityscapes/ (official results layout);
 *                                     saliency runs: saliency/ (grey PNGs), saliency_predictions/ (Parquet)
 *                      report.html    the HTML report of the run
 *                      summary.json   the evaluation summary
 *                      stages/        one JSON marker per finished stage
 *                      pipeline.json  run id, config hash (secrets masked in the config), code version
 * {root}/reports/                     the report tables of every run, partitioned by run_id
 * </pre>
 */
public record PipelineLayout(String root, String runId) {

    public static final String RUNS = "runs";
    public static final String REPORTS = "reports";

    /** The folder holding every run's folder. */
    public static String runsFolder(String root) {
        return HadoopFiles.child(root, RUNS);
    }

    public String runDir() {
        return HadoopFiles.child(runsFolder(root), runId);
    }

    public String generatedInput() {
        return HadoopFiles.child(runDir(), "input");
    }

    public String dataset() {
        return HadoopFiles.child(runDir(), "dataset");
    }

    public String augmented() {
        return HadoopFiles.child(runDir(), "augmented");
    }

    public String model() {
        return HadoopFiles.child(runDir(), "model");
    }

    public String modelFile() {
        return HadoopFiles.child(model(), "model.zip");
    }

    public String predictions() {
        return HadoopFiles.child(runDir(), "predictions");
    }

    /** The official Cityscapes results layout predict writes: semantic/, instance/, the panoptic JSON and PNG folder. */
    public String cityscapesResults() {
        return HadoopFiles.child(predictions(), "cityscapes");
    }

    public String reports() {
        return HadoopFiles.child(root, REPORTS);
    }

    public String reportHtml() {
        return HadoopFiles.child(runDir(), "report.html");
    }

    public String summaryJson() {
        return HadoopFiles.child(runDir(), "summary.json");
    }

    public String stagesDir() {
        return HadoopFiles.child(runDir(), "stages");
    }

    public String marker(PipelineStage stage) {
        return HadoopFiles.child(stagesDir(), stage.ordinal() + "-" + stage.label() + ".json");
    }

    public String runRecord() {
        return HadoopFiles.child(runDir(), "pipeline.json");
    }
}
