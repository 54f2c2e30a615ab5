package org.segpipe.core.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;

/**
 * What {@code seg ingest} does, validated where it is made ({@code ingest.*} keys).
 *
 * @param input             the Cityscapes tree (path or URI)
 * @param output            the dataset folder to publish into
 * @param splits            splits to ingest
 * @param annotations       annotation set to pair with
 * @param targetShardBytes  target shard file size
 * @param datasetVersion    the version to record, or null to derive it from the content hash
 * @param rowGroupBytes     Parquet row-group size
 * @param compression       Parquet codec of the shards
 * @param imageCheck        how camera images are checked (label and instance images are always decoded)
 * @param testFailAfterRows for tests: fail the first shard's task after this many rows; -1 never
 */
public record IngestConfig(String input, String output, List<Split> splits, AnnotationSet annotations,
                           long targetShardBytes, String datasetVersion, long rowGroupBytes, String compression,
                           SampleValidator.ImageCheck imageCheck, int testFailAfterRows) {

    private static final Set<String> CODECS = Set.of("uncompressed", "snappy", "gzip", "zstd", "lz4");

    public IngestConfig {
        splits = List.copyOf(splits);
        if (datasetVersion != null && !datasetVersion.matches(DatasetManifest.VERSION_PATTERN)) {
            throw new ConfigException("'ingest.dataset-version' is '" + datasetVersion + "' but must be "
                    + DatasetManifest.VERSION_RULE);
        }
    }

    public static IngestConfig from(Settings s) {
        String input = required(s, "ingest.input", "--input URI");
        String output = required(s, "ingest.output", "--output URI");
        String in = trimSlash(input);
        String out = trimSlash(output);
        if (out.equals(in) || out.startsWith(in + "/")) {
            throw new ConfigException("'ingest.output' is '" + output + "' but must not be the input tree or lie "
                    + "inside it ('" + input + "')");
        }
        List<Split> splits = new ArrayList<>();
        for (String name : s.list("ingest.splits")) {
            if (!Split.isSplitName(name)) {
                throw new ConfigException("'ingest.splits' has '" + name + "' but splits are train, val, test and train_extra");
            }
            if (!splits.contains(Split.fromFolderName(name))) {
                splits.add(Split.fromFolderName(name));
            }
        }
        if (splits.isEmpty()) {
            throw new ConfigException("'ingest.splits' is empty but must name at least one split");
        }
        AnnotationSet annotations;
        try {
            annotations = AnnotationSet.fromName(s.string("ingest.annotations"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("'ingest.annotations' is '" + s.string("ingest.annotations")
                    + "' but must be gtFine or gtCoarse");
        }
        double shardMb = s.decimal("ingest.target-shard-mb");
        if (!(shardMb > 0)) {
            throw new ConfigException("'ingest.target-shard-mb' is " + s.string("ingest.target-shard-mb")
                    + " but must be a positive number of MB");
        }
        int rowGroupMb = s.integerAtLeast("ingest.row-group-mb", 1);
        String codec = s.string("ingest.compression").toLowerCase();
        if (!CODECS.contains(codec)) {
            throw new ConfigException("'ingest.compression' is '" + codec + "' but must be one of " + CODECS.stream().sorted().toList());
        }
        SampleValidator.ImageCheck imageCheck = switch (s.string("ingest.image-check").toLowerCase()) {
            case "chunks" -> SampleValidator.ImageCheck.CHUNKS;
            case "decode" -> SampleValidator.ImageCheck.DECODE;
            default -> throw new ConfigException("'ingest.image-check' is '" + s.string("ingest.image-check")
                    + "' but must be chunks or decode");
        };
        String version = s.find("ingest.dataset-version").map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
        return new IngestConfig(input, output, splits, annotations, Math.round(shardMb * 1024 * 1024), version,
                rowGroupMb * 1024L * 1024L, codec, imageCheck, s.integer("ingest.test-fail-after-rows"));
    }

    /**
     * The settings recorded in the manifest and hashed into its config hash: every {@code ingest.*}
     * key that shapes the dataset (the test hook is left out).
     */
    public static Map<String, String> recorded(Settings s) {
        Map<String, String> out = new TreeMap<>();
        s.asMap().forEach((k, v) -> {
            if (k.startsWith("ingest.") && !k.equals("ingest.test-fail-after-rows")) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String required(Settings s, String key, String option) {
        return s.find(key).map(String::trim).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new ConfigException("'" + key + "' is not set: give " + option));
    }

    private static String trimSlash(String uri) {
        String u = uri.startsWith("file://") ? uri.substring("file://".length()) : uri.startsWith("file:") ? uri.substring(5) : uri;
        while (u.endsWith("/") && u.length() > 1) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
