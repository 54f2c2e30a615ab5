package org.segpipe.jobs;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.report.ReportConfig;
import org.segpipe.spark.SparkSessions;
import org.segpipe.spark.report.ReportStep;

/**
 * {@code seg report}: one run of a reports folder as a self-contained HTML page (charts, the
 * confusion matrix, the worst images with their predictions, the change against another run). A
 * saliency run ({@code seg evaluate --task saliency}) gets its own section: scores, precision-recall
 * and F/E-measure curves, per-image score histograms, the worst images by MAE.
 * Exit code 2 when the folder or a run id is wrong (the message says what there is).
 */
public final class ReportCommand implements Command {

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "Write one self-contained HTML page for a run of a reports folder (charts, worst images, comparison).";
    }

    @Override
    public String usage() {
        return "--reports URI [--run-id ID] [--compare-to ID] --out report.html [--worst-images N]";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.key("reports", ReportConfig.REPORTS, "URI", "reports folder (what seg evaluate --out wrote)"),
                CliOption.key("run-id", ReportConfig.RUN_ID, "ID", "run to show (default: the latest committed run)"),
                CliOption.key("compare-to", ReportConfig.COMPARE_TO, "ID", "run to compare against"),
                CliOption.key("out", ReportConfig.OUT, "FILE", "the HTML file to write"),
                CliOption.key("worst-images", ReportConfig.WORST_IMAGES, "N", "worst images to draw (default 6; 0 for none)"),
                CliOption.key("tile-width", ReportConfig.TILE_WIDTH, "PX", "width of their pictures (default 480)"),
                CliOption.key("gt", ReportConfig.GT, "URI", "ground truth to draw from, when it moved since the run"),
                CliOption.key("semantic", ReportConfig.SEMANTIC, "URI", "semantic results to draw, when they moved"),
                CliOption.key("instances", ReportConfig.INSTANCES, "URI", "instance results to draw, when they moved"),
                CliOption.key("panoptic", ReportConfig.PANOPTIC, "URI", "panoptic results to draw, when they moved"),
                CliOption.key("pred", ReportConfig.PRED, "URI", "saliency predictions to draw, when they moved"),
                CliOption.key("images", ReportConfig.IMAGES, "URI", "photos of a saliency run's images (default: images/ beside the masks)"));
    }

    @Override
    public int run(Invocation inv) {
        if (!inv.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + inv.positional().get(0) + "'");
        }
        ReportConfig config = ReportConfig.from(inv.settings());
        SparkSession spark = SparkSessions.create(inv.settings(), "seg report");
        try {
            long start = System.nanoTime();
            ReportStep.Result r;
            try {
                r = ReportStep.run(spark, config);
            } catch (IllegalArgumentException e) {
                inv.err().println("seg report: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            inv.out().printf("report of run %s%s: %s (%.1f MB, %d worst images) in %.1f s%n", r.runId(),
                    r.compareTo() == null ? "" : " against " + r.compareTo(), r.out(), r.bytes() / 1e6,
                    r.data().worst().images().size(), (System.nanoTime() - start) / 1e9);
            for (String note : r.data().worst().notes()) {
                inv.out().println("note: " + note);
            }
            return ExitCodes.OK;
        } finally {
            spark.stop();
        }
    }
}
