package org.segpipe.jobs;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.dataset.DatasetManifest;
import org.segpipe.core.dataset.IngestConfig;
import org.segpipe.spark.SparkSessions;
import org.segpipe.spark.ingest.IngestInputException;
import org.segpipe.spark.ingest.IngestResult;
import org.segpipe.spark.ingest.IngestStep;

/**
 * {@code seg ingest}: validates a Cityscapes tree and publishes it as Parquet shards, a rejects
 * table and a manifest ({@link IngestStep}). Exit codes: 0 when published without rejects, 1 when
 * published with rejects (reported and counted, not fatal), 2 for a bad command line or a problem of the whole input (nothing found, a missing
 * folder, a URI scheme no file system serves: nothing was written), 3 when the run failed
 * (the previous version of the dataset, if any, is left as it was).
 */
public final class IngestCommand implements Command {

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public String summary() {
        return "Validate a Cityscapes tree and publish it as Parquet shards with rejects and a manifest (Spark).";
    }

    @Override
    public String usage() {
        return "--input URI --output URI [--splits train,val] [--annotations gtFine|gtCoarse] [--target-shard-mb 128] "
                + "[--dataset-version V]";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.key("input", "ingest.input", "URI", "Cityscapes tree: a path, file://, s3a:// or hdfs:// URI"),
                CliOption.key("output", "ingest.output", "URI", "dataset folder to publish to"),
                CliOption.key("splits", "ingest.splits", "LIST", "splits to ingest (default train,val)"),
                CliOption.key("annotations", "ingest.annotations", "SET", "gtFine or gtCoarse (default gtFine)"),
                CliOption.key("target-shard-mb", "ingest.target-shard-mb", "MB", "target shard file size (default 128)"),
                CliOption.key("dataset-version", "ingest.dataset-version", "V",
                        "version to record (default: derived from the content hash)"),
                CliOption.key("task", "ingest.task", "TASK", "cityscapes (default) or saliency: <split>/images + <split>/masks"));
    }

    @Override
    public int run(Invocation inv) {
        if (!inv.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + inv.positional().get(0) + "'");
        }
        String task = inv.settings().find("ingest.task").orElse("cityscapes").trim();
        if (task.equals("saliency")) {
            return runSaliency(inv);
        }
        if (!task.equals("cityscapes")) {
            throw new UsageException("'ingest.task' is '" + task + "' but must be cityscapes or saliency");
        }
        IngestConfig config = IngestConfig.from(inv.settings()); // bad settings end here, before Spark starts
        SparkSession spark = SparkSessions.create(inv.settings(), "seg ingest");
        IngestResult r;
        try {
            r = IngestStep.run(spark, config, IngestConfig.recorded(inv.settings()));
        } catch (IngestInputException e) {
            inv.err().println("seg ingest: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        print(r, config, inv);
        // like augment and predict: the dataset is published, but a scheduler should see the rejects
        return r.manifest().balance().rejectRows() > 0 ? ExitCodes.PROBLEMS_FOUND : ExitCodes.OK;
    }

    private static int runSaliency(Invocation inv) {
        String input = inv.settings().string("ingest.input");
        String output = inv.settings().string("ingest.output");
        java.util.List<org.segpipe.core.cityscapes.Split> splits = new java.util.ArrayList<>();
        for (String s : inv.settings().list("ingest.splits")) {
            try {
                splits.add(org.segpipe.core.cityscapes.Split.fromFolderName(s.trim()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("'ingest.splits' holds '" + s + "' but must list train, val, test or train_extra");
            }
        }
        SparkSession spark = SparkSessions.create(inv.settings(), "seg ingest saliency");
        try {
            org.segpipe.spark.ingest.SaliencyIngestStep.Result r = org.segpipe.spark.ingest.SaliencyIngestStep.run(spark, input,
                    output, splits, inv.settings());
            inv.out().printf("ingested %s into %s: %d images in, %d samples %s, %d rejected images %s; manifest %s/manifest.json%n",
                    input, output, r.imagesIn(), r.samples(), r.samplesBySplit(), r.rejectedImages(), r.rejectsByStage(), output);
            return ExitCodes.OK;
        } catch (IngestInputException e) {
            inv.err().println("seg ingest: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }

    static void print(IngestResult r, IngestConfig config, Invocation inv) {
        DatasetManifest m = r.manifest();
        var out = inv.out();
        out.printf("ingested %s into %s: dataset version %s, %d samples, %.1f MB in %d shard files, %.1f s%n",
                config.input(), config.output(), m.datasetVersion(), m.samples(), m.fileBytes() / 1e6,
                m.shardFiles().size(), r.seconds());
        out.println("  balance: " + m.balance());
        for (DatasetManifest.SplitStats s : m.splits()) {
            long shards = m.shardFiles().stream().filter(f -> f.split().equals(s.split())).count();
            out.printf("  %-11s %6d samples  %8.1f MB  %3d shards  %d cities%n", s.split() + ":", s.samples(),
                    s.payloadBytes() / 1e6, shards, s.cities().size());
        }
        if (m.balance().rejectRows() > 0) {
            StringBuilder stages = new StringBuilder();
            for (Map.Entry<String, Long> e : r.rejectsByStage().entrySet()) {
                stages.append(stages.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
            }
            out.printf("  rejects: %d rows (%s) in %s; the first:%n", m.balance().rejectRows(), stages, r.rejectsUri());
            r.firstRejects().forEach(line -> out.println("    " + line));
        }
        r.notes().forEach(n -> out.println("  note: " + n));
        out.println("  content sha256 " + m.contentSha256());
        out.println("  manifest " + r.manifestUri());
    }
}
