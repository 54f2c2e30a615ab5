package org.segpipe.core.augment;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;
import org.segpipe.core.dataset.DatasetManifest;

/**
 * What {@code seg augment} does: read {@code input}, write {@code copies} augmented variants of
 * every sample of {@code splits} to {@code output}.
 *
 * @param input         a raw Cityscapes tree or a dataset folder with a {@code manifest.json} ({@code augment.input})
 * @param output        the folder to write {@code shards/}, {@code rejects/} and {@code manifest.json} to
 * @param copies        variants per sample, 1..1000; copy k is drawn with epoch k
 * @param splits        the splits read and written
 * @param annotations   the annotation set read from a raw tree
 * @param partitions    Spark partitions the input is spread over first; 0 keeps the input's
 * @param rowGroupBytes Parquet row-group size of the output
 * @param pngLevel      zlib level of the written PNGs, 0..9
 * @param augment       the pipeline, seed and fill
 * @param datasetVersion the version recorded in the output's manifest and rows, or null to derive it
 *                      from the output's content hash ({@code augment.dataset-version})
 */
public record AugmentJobConfig(String input, String output, int copies, List<Split> splits, AnnotationSet annotations,
                               int partitions, long rowGroupBytes, int pngLevel, AugmentConfig augment,
                               String datasetVersion)
        implements Serializable {

    public static final int MAX_COPIES = 1000;
    public static final String DATASET_VERSION = "augment.dataset-version";

    public AugmentJobConfig {
        splits = List.copyOf(splits);
        if (datasetVersion != null && !datasetVersion.matches(DatasetManifest.VERSION_PATTERN)) {
            throw new ConfigException("'" + DATASET_VERSION + "' is '" + datasetVersion + "' but must be "
                    + DatasetManifest.VERSION_RULE);
        }
    }

    /** A config whose output version is derived from its content. */
    public AugmentJobConfig(String input, String output, int copies, List<Split> splits, AnnotationSet annotations,
                            int partitions, long rowGroupBytes, int pngLevel, AugmentConfig augment) {
        this(input, output, copies, splits, annotations, partitions, rowGroupBytes, pngLevel, augment, null);
    }

    /**
     * The settings recorded in the output's manifest ({@code config}) and hashed into its
     * {@code config_hash}: every {@code augment.*} key as this config resolved it, so the seed is
     * the one drawn with (also when it came from {@code run.seed}) and the pipeline is as given.
     */
    public Map<String, String> recorded() {
        Map<String, String> out = new TreeMap<>();
        out.put("augment.input", input);
        out.put("augment.output", output);
        out.put("augment.copies", Integer.toString(copies));
        out.put("augment.splits", String.join(",", splits.stream().map(Split::folderName).toList()));
        out.put("augment.annotations", annotations.folderName());
        out.put("augment.partitions", Integer.toString(partitions));
        out.put("augment.row-group-bytes", Long.toString(rowGroupBytes));
        out.put("augment.png-level", Integer.toString(pngLevel));
        out.put(AugmentConfig.PIPELINE, augment.pipeline().description());
        out.put(AugmentConfig.SEED, Long.toString(augment.seed()));
        int fill = augment.imageFillRgb();
        out.put(AugmentConfig.IMAGE_FILL, (fill >> 16 & 0xFF) + "," + (fill >> 8 & 0xFF) + "," + (fill & 0xFF));
        out.put(DATASET_VERSION, datasetVersion == null ? "" : datasetVersion);
        return out;
    }

    public static AugmentJobConfig from(Settings s) {
        String input = required(s, "augment.input", "--input URI");
        String output = required(s, "augment.output", "--output URI");
        int copies = s.integerAtLeast("augment.copies", 1);
        if (copies > MAX_COPIES) {
            throw new ConfigException("'augment.copies' is " + copies + " but must be at most " + MAX_COPIES);
        }
        List<Split> splits = splits(s);
        String annotations = s.find("augment.annotations").orElse("gtFine").trim();
        AnnotationSet set;
        try {
            set = AnnotationSet.fromName(annotations);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("'augment.annotations' is '" + annotations + "' but must be gtFine or gtCoarse");
        }
        int partitions = s.integerAtLeast("augment.partitions", 0);
        long rowGroupBytes = s.longValue("augment.row-group-bytes");
        if (rowGroupBytes < 1 << 20) {
            throw new ConfigException("'augment.row-group-bytes' is " + rowGroupBytes + " but must be at least 1048576 (1 MiB)");
        }
        int pngLevel = s.integerAtLeast("augment.png-level", 0);
        if (pngLevel > 9) {
            throw new ConfigException("'augment.png-level' is " + pngLevel + " but must be a zlib level 0..9");
        }
        String version = s.find(DATASET_VERSION).map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
        return new AugmentJobConfig(input, output, copies, splits, set, partitions, rowGroupBytes, pngLevel,
                AugmentConfig.from(s), version);
    }

    /** {@code augment.splits}, checked. */
    public static List<Split> splits(Settings s) {
        List<Split> splits = new ArrayList<>();
        for (String name : s.list("augment.splits")) {
            if (!Split.isSplitName(name)) {
                throw new ConfigException("'augment.splits' has '" + name + "' but splits are train, val, test and train_extra");
            }
            splits.add(Split.fromFolderName(name));
        }
        if (splits.isEmpty()) {
            throw new ConfigException("'augment.splits' is empty but must name at least one split");
        }
        return splits;
    }

    private static String required(Settings s, String key, String option) {
        return s.find(key).map(String::trim).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new ConfigException("'" + key + "' is not set: give " + option));
    }
}
