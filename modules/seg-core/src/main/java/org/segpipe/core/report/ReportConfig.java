package org.segpipe.core.report;

import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;
import org.segpipe.core.provenance.RunIds;

/**
 * The settings of {@code seg report}, validated where they are made.
 *
 * @param reports     the reports folder (what {@code seg evaluate --out} wrote)
 * @param runId       the run to show, or null for the latest committed run
 * @param compareTo   a run to compare against, or null
 * @param out         the HTML file to write (local path or Hadoop URI)
 * @param worstImages how many worst images to draw (0 draws none)
 * @param tileWidth   width of the pictures, px
 * @param minScore    predicted instances below this score are not drawn
 * @param gt          ground truth to draw from instead of the run's recorded one, or null
 * @param semantic    semantic results instead of the run's, or null
 * @param instances   instance results instead of the run's, or null
 * @param panoptic    panoptic results instead of the run's, or null
 * @param pred        saliency predictions instead of the saliency run's, or null
 * @param images      photos for a saliency run's worst images, or null to look beside its masks
 */
public record ReportConfig(String reports, String runId, String compareTo, String out, int worstImages, int tileWidth,
                           double minScore, String gt, String semantic, String instances, String panoptic,
                           String pred, String images) {

    public static final String REPORTS = "report.reports";
    public static final String RUN_ID = "report.run-id";
    public static final String COMPARE_TO = "report.compare-to";
    public static final String OUT = "report.out";
    public static final String WORST_IMAGES = "report.worst-images";
    public static final String TILE_WIDTH = "report.tile-width";
    public static final String MIN_SCORE = "report.min-score";
    public static final String GT = "report.gt";
    public static final String SEMANTIC = "report.semantic";
    public static final String INSTANCES = "report.instances";
    public static final String PANOPTIC = "report.panoptic";
    public static final String PRED = "report.pred";
    public static final String IMAGES = "report.images";

    public static ReportConfig from(Settings s) {
        String reports = optional(s, REPORTS);
        if (reports == null) {
            throw new ConfigException("'" + REPORTS + "' is not set: give the reports folder that seg evaluate --out wrote (--reports URI)");
        }
        String out = optional(s, OUT);
        if (out == null) {
            throw new ConfigException("'" + OUT + "' is not set: give the HTML file to write (--out report.html)");
        }
        String runId = runId(s, RUN_ID);
        String compareTo = runId(s, COMPARE_TO);
        if (runId != null && runId.equals(compareTo)) {
            throw new ConfigException("'" + COMPARE_TO + "' is '" + compareTo + "', the run shown: compare with another run");
        }
        int worst = s.integerAtLeast(WORST_IMAGES, 0);
        if (worst > 100) {
            throw new ConfigException("'" + WORST_IMAGES + "' is " + worst + " but must be at most 100 (each image adds about 0.3 MB to the page)");
        }
        int tile = s.integerAtLeast(TILE_WIDTH, 64);
        if (tile > 2048) {
            throw new ConfigException("'" + TILE_WIDTH + "' is " + tile + " but must be at most 2048");
        }
        double minScore = s.decimal(MIN_SCORE);
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new ConfigException("'" + MIN_SCORE + "' is " + s.string(MIN_SCORE) + " but must be in [0, 1]");
        }
        return new ReportConfig(reports, runId, compareTo, out, worst, tile, minScore, optional(s, GT), optional(s, SEMANTIC),
                optional(s, INSTANCES), optional(s, PANOPTIC), optional(s, PRED), optional(s, IMAGES));
    }

    private static String runId(Settings s, String key) {
        String v = optional(s, key);
        if (v != null) {
            try {
                RunIds.validate(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("'" + key + "' is '" + v + "' but " + e.getMessage().replaceFirst("^run id '[^']*' ", ""));
            }
        }
        return v;
    }

    private static String optional(Settings s, String key) {
        return s.find(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
    }
}
