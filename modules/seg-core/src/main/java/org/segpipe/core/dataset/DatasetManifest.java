package org.segpipe.core.dataset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.segpipe.core.cityscapes.CityscapesLabels;

/**
 * The manifest of an ingested dataset ({@code DATASET/manifest.json}), written last by
 * {@code seg ingest} as its commit marker: a dataset without one is incomplete and is refused.
 *
 * <p>It records what the dataset holds (counts and bytes per split and city, pixel and instance
 * counts per class, the shard files), how it was made (input, resolved config and its hash, code
 * version, run id) and the content hashes (per split and for the whole dataset; see
 * {@link ContentHash}). The balance says where every input image went.
 *
 * <p>Class arrays are indexed by label id 0..33 ({@link #LABEL_IDS} entries, names in
 * {@link #labelNames()}); {@link #trainIdPixels(String)} folds them into the 19 train ids for
 * loss weighting.
 *
 * @param format         always {@link #FORMAT}
 * @param datasetVersion the version given to {@code seg ingest}, or one derived from the content
 * @param contentSha256  the dataset's content hash ({@link ContentHash.Sum#digest()})
 * @param annotations    {@code gtFine} or {@code gtCoarse}
 * @param samples        shard rows in all splits
 * @param payloadBytes   bytes of the original files held in the shards
 * @param fileBytes      bytes of the shard files
 * @param balance        images in against shard rows and rejected images
 * @param splits         per split statistics, by split name
 * @param shardFiles     every shard file, relative to the dataset folder
 * @param rejectFiles    the rejects table's files, relative to the dataset folder
 * @param runId          the ingest run
 * @param createdAt      ISO-8601 UTC time of publication
 * @param codeVersion    {@code CodeVersion.get()} of the ingest
 * @param inputUri       the tree that was ingested
 * @param config         the resolved settings that shaped the content (ingest.*, png.*)
 * @param configHash     hash of {@code config}
 */
@JsonIgnoreProperties(ignoreUnknown = true, value = {"label_names"}, allowGetters = true)
public record DatasetManifest(
        @JsonProperty("format") String format,
        @JsonProperty("dataset_version") String datasetVersion,
        @JsonProperty("content_sha256") String contentSha256,
        @JsonProperty("annotations") String annotations,
        @JsonProperty("samples") long samples,
        @JsonProperty("payload_bytes") long payloadBytes,
        @JsonProperty("file_bytes") long fileBytes,
        @JsonProperty("balance") Balance balance,
        @JsonProperty("splits") List<SplitStats> splits,
        @JsonProperty("shard_files") List<ShardFile> shardFiles,
        @JsonProperty("reject_files") List<String> rejectFiles,
        @JsonProperty("run_id") String runId,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("code_version") String codeVersion,
        @JsonProperty("input_uri") String inputUri,
        @JsonProperty("config") Map<String, String> config,
        @JsonProperty("config_hash") String configHash) {

    /** The format tag of this manifest layout. */
    public static final String FORMAT = "segpipe-dataset/1";
    /** Entries of every per-class array: label ids 0..33. */
    public static final int LABEL_IDS = CityscapesLabels.MAX_LABEL_ID + 1;
    /** The manifest's file name inside a dataset folder. */
    public static final String FILE_NAME = "manifest.json";
    /** What a dataset version may look like (ingest's and augment's {@code *.dataset-version}). */
    public static final String VERSION_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";
    /** {@link #VERSION_PATTERN} in words, for messages. */
    public static final String VERSION_RULE = "1-100 letters, digits, '.', '_' and '-', starting with a letter or digit";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    public DatasetManifest {
        splits = splits == null ? List.of() : List.copyOf(splits);
        shardFiles = shardFiles == null ? List.of() : List.copyOf(shardFiles);
        rejectFiles = rejectFiles == null ? List.of() : List.copyOf(rejectFiles);
        config = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(config == null ? Map.of() : config));
    }

    /**
     * Where the input images went: {@code imagesIn x copiesPerImage = shardRows + rejectedImages x
     * copiesPerImage} when it holds. An ingest writes one row per image ({@code copiesPerImage} 1:
     * images in = shard rows + rejected images); {@code seg augment} writes K rows per input sample
     * it could augment and none for a rejected one ({@code copiesPerImage} K: each input sample is
     * K shard rows or one rejected sample).
     *
     * @param imagesIn       files listed under {@code leftImg8bit/{split}} for the ingested splits;
     *                       for an augmented dataset, the input samples
     * @param shardRows      samples written to the shards
     * @param rejectedImages distinct images named by reject rows (input samples, for an augmented dataset)
     * @param rejectRows     rows of the rejects table (a sample may have several problems; files
     *                       that are not images, such as an annotation without an image, add rows too)
     * @param copiesPerImage shard rows written per accepted input: 1 for an ingest, K for
     *                       {@code seg augment --copies K}; read as 1 from manifests written before it existed
     */
    @JsonIgnoreProperties(ignoreUnknown = true, value = {"holds"}, allowGetters = true)
    public record Balance(
            @JsonProperty("images_in") long imagesIn,
            @JsonProperty("shard_rows") long shardRows,
            @JsonProperty("rejected_images") long rejectedImages,
            @JsonProperty("reject_rows") long rejectRows,
            @JsonProperty("copies_per_image") long copiesPerImage) {

        public Balance {
            if (copiesPerImage < 1) {
                throw new IllegalArgumentException("copies_per_image is " + copiesPerImage + " but must be at least 1");
            }
        }

        /** The balance of an ingest: one shard row per accepted image. */
        public Balance(long imagesIn, long shardRows, long rejectedImages, long rejectRows) {
            this(imagesIn, shardRows, rejectedImages, rejectRows, 1);
        }

        /** From JSON: a manifest written before {@code copies_per_image} existed has one row per image. */
        @JsonCreator
        static Balance fromJson(@JsonProperty("images_in") long imagesIn, @JsonProperty("shard_rows") long shardRows,
                                @JsonProperty("rejected_images") long rejectedImages,
                                @JsonProperty("reject_rows") long rejectRows,
                                @JsonProperty("copies_per_image") Long copiesPerImage) {
            return new Balance(imagesIn, shardRows, rejectedImages, rejectRows, copiesPerImage == null ? 1 : copiesPerImage);
        }

        @JsonProperty("holds")
        public boolean holds() {
            return imagesIn * copiesPerImage == shardRows + rejectedImages * copiesPerImage;
        }

        @Override
        public String toString() {
            if (copiesPerImage == 1) {
                return imagesIn + " images in = " + shardRows + " shard rows + " + rejectedImages + " rejected images"
                        + (holds() ? "" : " DOES NOT HOLD") + " (" + rejectRows + " reject rows)";
            }
            return imagesIn + " samples in x " + copiesPerImage + " copies = " + shardRows + " shard rows + "
                    + rejectedImages + " rejected samples x " + copiesPerImage + (holds() ? "" : " DOES NOT HOLD")
                    + " (" + rejectRows + " reject rows)";
        }
    }

    /** Statistics of one split. Class arrays are indexed by label id. */
    @JsonIgnoreProperties(ignoreUnknown = true, value = {"train_id_pixels"}, allowGetters = true)
    public record SplitStats(
            @JsonProperty("split") String split,
            @JsonProperty("samples") long samples,
            @JsonProperty("payload_bytes") long payloadBytes,
            @JsonProperty("content_sha256") String contentSha256,
            @JsonProperty("class_pixels") long[] classPixels,
            @JsonProperty("class_instances") long[] classInstances,
            @JsonProperty("cities") List<CityStats> cities) {

        public SplitStats {
            checkClassArray(classPixels, "class_pixels of split " + split);
            checkClassArray(classInstances, "class_instances of split " + split);
            cities = cities == null ? List.of() : List.copyOf(cities);
        }

        /** Pixels per train id 0..18, for loss weighting; written to the JSON for other readers. */
        @JsonProperty("train_id_pixels")
        public long[] trainIdPixels() {
            return DatasetManifest.toTrainIds(classPixels);
        }
    }

    /** Statistics of one city within a split. */
    public record CityStats(
            @JsonProperty("city") String city,
            @JsonProperty("samples") long samples,
            @JsonProperty("payload_bytes") long payloadBytes,
            @JsonProperty("class_pixels") long[] classPixels,
            @JsonProperty("class_instances") long[] classInstances) {

        public CityStats {
            checkClassArray(classPixels, "class_pixels of city " + city);
            checkClassArray(classInstances, "class_instances of city " + city);
        }
    }

    /**
     * One shard file.
     *
     * @param path         relative to the dataset folder, e.g. {@code shards/split=train/part-00000-....parquet}
     * @param split        the split it holds
     * @param rows         samples in it
     * @param bytes        its size on storage
     * @param payloadBytes bytes of the original files it holds
     */
    public record ShardFile(
            @JsonProperty("path") String path,
            @JsonProperty("split") String split,
            @JsonProperty("rows") long rows,
            @JsonProperty("bytes") long bytes,
            @JsonProperty("payload_bytes") long payloadBytes) {
    }

    /** Names of the label ids 0..33, the index of every class array; written for readers of the JSON. */
    @JsonProperty("label_names")
    public List<String> labelNames() {
        List<String> names = new ArrayList<>(LABEL_IDS);
        for (int id = 0; id < LABEL_IDS; id++) {
            names.add(CityscapesLabels.byId(id).name());
        }
        return names;
    }

    /** The version a dataset gets when none is given: {@code c} + the first 12 hex digits of its content hash. */
    public static String contentVersion(String contentSha256) {
        return "c" + contentSha256.substring(0, 12);
    }

    /** The split's statistics; the message names the splits there are. */
    public SplitStats split(String name) {
        for (SplitStats s : splits) {
            if (s.split().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("dataset " + datasetVersion + " has no split '" + name + "'; it holds "
                + splits.stream().map(SplitStats::split).toList());
    }

    public List<String> splitNames() {
        return splits.stream().map(SplitStats::split).toList();
    }

    /** Pixels per label id 0..33 in one split, or in all splits when {@code split} is null. */
    public long[] labelIdPixels(String split) {
        long[] out = new long[LABEL_IDS];
        for (SplitStats s : split == null ? splits : List.of(split(split))) {
            add(out, s.classPixels());
        }
        return out;
    }

    /** Instances per label id 0..33 in one split, or in all splits when {@code split} is null. */
    public long[] labelIdInstances(String split) {
        long[] out = new long[LABEL_IDS];
        for (SplitStats s : split == null ? splits : List.of(split(split))) {
            add(out, s.classInstances());
        }
        return out;
    }

    /**
     * Pixels per train id 0..18 in one split (all splits when null): the class-frequency table for
     * loss weighting. Label ids whose train id is 255 (ignored in training) are left out.
     */
    public long[] trainIdPixels(String split) {
        return toTrainIds(labelIdPixels(split));
    }

    /** Folds per-label-id counts into per-train-id counts, leaving out train id 255. */
    public static long[] toTrainIds(long[] perLabelId) {
        checkClassArray(perLabelId, "per-label-id counts");
        long[] out = new long[CityscapesLabels.NUM_TRAIN_IDS];
        for (int id = 0; id < LABEL_IDS; id++) {
            int trainId = CityscapesLabels.toTrainId(id);
            if (trainId != CityscapesLabels.IGNORE_TRAIN_ID) {
                out[trainId] += perLabelId[id];
            }
        }
        return out;
    }

    public String toJson() {
        return toJson(Map.of());
    }

    /**
     * The manifest with more top-level fields after its own, such as the {@code augment} object of
     * an augmented dataset. {@link #fromJson} ignores them, so every reader still accepts the file;
     * a name the manifest itself uses is refused.
     */
    public String toJson(Map<String, ?> extraFields) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance);
        try {
            if (extraFields.isEmpty()) {
                return MAPPER.writer(printer).writeValueAsString(this) + "\n";
            }
            ObjectNode tree = MAPPER.valueToTree(this);
            for (Map.Entry<String, ?> e : extraFields.entrySet()) {
                if (tree.has(e.getKey())) {
                    throw new IllegalArgumentException("extra manifest field '" + e.getKey()
                            + "' is a field of the manifest itself; choose another name");
                }
                tree.set(e.getKey(), MAPPER.valueToTree(e.getValue()));
            }
            return MAPPER.writer(printer).writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a dataset manifest: " + e.getMessage(), e);
        }
    }

    /** Parses a manifest; errors name {@code source} and what was expected. */
    public static DatasetManifest fromJson(byte[] json, String source) {
        DatasetManifest m;
        try {
            com.fasterxml.jackson.databind.JsonNode tree = MAPPER.readTree(json);
            String format = tree == null || tree.get("format") == null ? null : tree.get("format").asText();
            if (!FORMAT.equals(format)) {
                throw new IllegalArgumentException(source + ": expected a manifest of format " + FORMAT + ", found "
                        + (format == null ? "no format" : "format '" + format + "'"));
            }
            m = MAPPER.treeToValue(tree, DatasetManifest.class);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException jp ? jp.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException(source + ": expected a segpipe dataset manifest (JSON), found: " + detail, e);
        }
        if (m.datasetVersion() == null || m.contentSha256() == null || m.balance() == null) {
            throw new IllegalArgumentException(source + ": expected dataset_version, content_sha256 and balance, "
                    + "found a manifest without them");
        }
        return m;
    }

    public static DatasetManifest read(InputStream in, String source) {
        try {
            return fromJson(in.readAllBytes(), source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code path}, or {@code path/manifest.json} when {@code path} is a dataset folder. */
    public static DatasetManifest read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist: expected the manifest of a dataset written by "
                    + "seg ingest (a dataset without one is incomplete)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void add(long[] into, long[] values) {
        for (int i = 0; i < into.length; i++) {
            into[i] += values[i];
        }
    }

    private static void checkClassArray(long[] a, String what) {
        if (a == null || a.length != LABEL_IDS) {
            throw new IllegalArgumentException(what + ": expected " + LABEL_IDS + " entries (label ids 0.."
                    + (LABEL_IDS - 1) + "), found " + (a == null ? "none" : a.length));
        }
    }
}
