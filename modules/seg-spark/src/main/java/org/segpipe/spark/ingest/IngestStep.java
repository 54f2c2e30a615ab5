package org.segpipe.spark.ingest;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.Settings;
import org.segpipe.core.dataset.DatasetManifest;
import org.segpipe.core.dataset.DatasetStats;
import org.segpipe.core.dataset.IngestConfig;
import org.segpipe.core.provenance.CodeVersion;
import org.segpipe.core.provenance.RunIds;
import org.segpipe.spark.PhaseClock;
import org.segpipe.spark.data.CityscapesTreeSource;
import org.segpipe.spark.data.DatasetManifests;
import org.segpipe.spark.data.SampleTable;
import org.segpipe.spark.data.ShardTable;

/**
 * {@code seg ingest}: turns a Cityscapes tree into Parquet shards, a rejects table and a manifest.
 *
 * <ol>
 *   <li>List and pair the tree on executors ({@link CityscapesTreeSource}).</li>
 *   <li>Read, validate and hash every pair on executors ({@link SampleChecks}); keep one small row
 *       per sample.</li>
 *   <li>Count: images in must equal valid samples plus rejected images, or the run fails.</li>
 *   <li>Write the rejects, then each split's shards ({@link ShardWriter}), into
 *       {@code OUTPUT/_staging/RUN}.</li>
 *   <li>Publish with the manifest last ({@link DatasetPublisher}).</li>
 * </ol>
 * The same input and config give the same rows and content hashes; the dataset version defaults
 * to one derived from the content hash, so a re-run is idempotent.
 */
public final class IngestStep {

    private IngestStep() {
    }

    public static IngestResult run(SparkSession spark, Settings settings) {
        return run(spark, IngestConfig.from(settings), IngestConfig.recorded(settings));
    }

    /**
     * @param recordedConfig the settings to record in the manifest (and hash)
     * @throws IngestInputException for problems of the whole input; nothing is written then
     */
    public static IngestResult run(SparkSession spark, IngestConfig config, Map<String, String> recordedConfig) {
        PhaseClock clock = new PhaseClock();
        String runId = RunIds.next();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path output = new Path(config.output());
        FileSystem fs = openOutput(output, conf);
        output = fs.makeQualified(output);

        CityscapesTreeSource.TreeListing listing;
        try {
            listing = CityscapesTreeSource.list(spark, config.input(), config.splits(), config.annotations());
        } catch (IllegalArgumentException e) {
            throw new IngestInputException(e.getMessage(), e);
        }
        Dataset<Row> checks = null;
        boolean published = false;
        try {
            long imagesIn = listing.imagesListed();
            clock.lap("list");
            if (imagesIn == 0) {
                long others = listing.problems().count();
                throw new IngestInputException("found no images under " + config.input() + "/leftImg8bit/"
                        + splitNames(config.splits()) + (others > 0 ? " (only " + others + " other files)" : "")
                        + "; expected files like leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png");
            }
            long pairs = listing.pairs().count();
            int partitions = validationTasks(pairs, spark.sparkContext().defaultParallelism());
            checks = SampleChecks.check(spark, listing.pairs(), partitions, config.imageCheck()).persist(StorageLevel.MEMORY_AND_DISK());

            Dataset<Row> rejects = listing.problems().unionByName(SampleChecks.rejects(checks));
            DatasetStats.Summary stats = DatasetStats.summarize(SampleChecks.statsPerCity(checks),
                    config.splits().stream().map(Split::folderName).toList());
            Map<String, Long> byStage = new TreeMap<>(rejects.select("stage").javaRDD().map(r -> r.getString(0)).countByValue());
            long rejectedImages = rejects.select(SampleTable.IMAGE_PATH).javaRDD().filter(r -> !r.isNullAt(0))
                    .map(r -> r.getString(0)).distinct(spark.sparkContext().defaultParallelism()).count();
            clock.lap("validate");
            long samples = stats.samples();
            DatasetManifest.Balance balance = new DatasetManifest.Balance(imagesIn, samples, rejectedImages,
                    byStage.values().stream().mapToLong(Long::longValue).sum());
            if (!balance.holds()) {
                throw new IllegalStateException("ingest lost track of images: " + balance + "; nothing was published");
            }
            List<String> firstRejects = rejects.orderBy("path", "stage", "reason").limit(5).collectAsList().stream()
                    .map(r -> "[" + r.getString(1) + "] " + r.getString(2)).toList();
            if (samples == 0) {
                throw new IngestInputException("no valid sample among the " + imagesIn + " images under " + config.input()
                        + ": all were rejected (" + byStage + "; first: " + firstRejects.get(0)
                        + "); run 'scripts/seg inspect' on the input for every problem");
            }

            String contentSha = stats.content().digest();
            String version = config.datasetVersion() != null ? config.datasetVersion() : DatasetManifest.contentVersion(contentSha);

            Path staging = DatasetPublisher.staging(output, runId);
            Path rejectsDir = new Path(staging, ShardTable.REJECTS_DIR);
            long rejectRows = balance.rejectRows();
            rejects.repartition((int) Math.max(1, Math.min(64, rejectRows / 1_000_000 + 1)))
                    .sortWithinPartitions("path", "stage", "reason")
                    .write().mode(SaveMode.ErrorIfExists)
                    .option("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
                    .parquet(rejectsDir.toString());

            List<DatasetManifest.ShardFile> files = new ArrayList<>();
            boolean first = true;
            for (Split split : config.splits()) {
                if (!stats.hasSplit(split.folderName())) {
                    continue;
                }
                Path dir = new Path(new Path(staging, ShardTable.SHARDS_DIR), SampleTable.SPLIT + "=" + split.folderName());
                files.addAll(ShardWriter.write(spark, checks, split.folderName(), version, config, first, dir));
                first = false;
            }

            clock.lap("write");
            List<DatasetManifest.SplitStats> splitStats = stats.splits();
            long payload = files.stream().mapToLong(DatasetManifest.ShardFile::payloadBytes).sum();
            long fileBytes = files.stream().mapToLong(DatasetManifest.ShardFile::bytes).sum();
            DatasetManifest manifest = new DatasetManifest(DatasetManifest.FORMAT, version, contentSha,
                    config.annotations().folderName(), samples, payload, fileBytes, balance, splitStats, files,
                    DatasetFiles.relativeFiles(fs, rejectsDir, ShardTable.REJECTS_DIR), runId,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), CodeVersion.get(), config.input(),
                    recordedConfig, org.segpipe.core.config.Settings.of(recordedConfig).hash());

            List<String> notes = new ArrayList<>();
            for (Split split : config.splits()) {
                if (!stats.hasSplit(split.folderName())) {
                    notes.add("split '" + split.folderName() + "' has no valid samples (no folder under the input, "
                            + "or every image rejected); the dataset does not hold it");
                }
            }
            Optional<DatasetManifest> previous = previousManifest(conf, output);
            previous.ifPresent(p -> {
                if (p.datasetVersion().equals(version) && !p.contentSha256().equals(contentSha)) {
                    notes.add("version " + version + " was published before with other content (content sha256 "
                            + p.contentSha256() + "); it now names this content");
                } else if (p.contentSha256().equals(contentSha)) {
                    notes.add("same content as the version it replaces (" + p.datasetVersion() + ")");
                } else {
                    notes.add("replaced version " + p.datasetVersion());
                }
            });
            DatasetPublisher.publish(fs, output, runId, List.of(ShardTable.SHARDS_DIR, ShardTable.REJECTS_DIR), manifest);
            published = true;
            clock.lap("publish");
            return new IngestResult(manifest, DatasetManifests.manifestPath(output.toString()).toString(),
                    new Path(output, ShardTable.REJECTS_DIR).toString(), byStage, firstRejects, notes, clock.seconds(),
                    clock.totalSeconds());
        } finally {
            if (checks != null) {
                checks.unpersist(false);
            }
            listing.release();
            if (!published) {
                DatasetPublisher.cleanUp(fs, output, runId);
            }
        }
    }

    /**
     * Tasks for the validation pass: about 8 samples each (a few seconds of decoding at 1024x2048),
     * rounded up to a multiple of the cores so the last wave keeps every core busy.
     */
    static int validationTasks(long pairs, int cores) {
        long tasks = Math.max(cores, (pairs + 7) / 8);
        tasks = (tasks + cores - 1) / cores * cores;
        return (int) Math.max(1, Math.min(tasks, Math.max(pairs, 1)));
    }

    private static FileSystem openOutput(Path output, Configuration conf) {
        try {
            FileSystem fs = output.getFileSystem(conf);
            if (fs.exists(output) && !fs.getFileStatus(output).isDirectory()) {
                throw new IngestInputException("output " + output + " is a file; expected a folder to publish the dataset to");
            }
            return fs;
        } catch (IOException e) {
            throw new IngestInputException("cannot open output " + output + ": " + e.getMessage()
                    + " (is the URI scheme right? file://, s3a:// and hdfs:// are supported)", e);
        }
    }

    private static Optional<DatasetManifest> previousManifest(Configuration conf, Path output) {
        try {
            return DatasetManifests.find(conf, output.toString());
        } catch (RuntimeException e) {
            return Optional.empty(); // an unreadable old manifest is replaced like any other
        }
    }

    private static String splitNames(List<Split> splits) {
        return splits.size() == 1 ? splits.get(0).folderName()
                : "{" + String.join(",", splits.stream().map(Split::folderName).toList()) + "}";
    }
}
