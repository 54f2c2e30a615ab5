package org.segpipe.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.augment.AugmentConfig;
import org.segpipe.core.augment.AugmentJobConfig;
import org.segpipe.core.augment.AugmentPreview;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.config.Settings;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.generate.SyntheticSample;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.png.PngImages;
import org.segpipe.spark.SparkSessions;
import org.segpipe.spark.augment.AugmentStep;
import org.segpipe.spark.data.SampleSources;
import org.segpipe.spark.data.SampleTable;

/**
 * {@code seg augment}: writes K augmented copies of every sample as new shards (a Spark job), or
 * with {@code --preview N} a PNG contact sheet of N samples before and after augmentation.
 * Exit code 1 when samples were rejected.
 */
public final class AugmentCommand implements Command {

    @Override
    public String name() {
        return "augment";
    }

    @Override
    public String summary() {
        return "Write K augmented copies of every sample as shards, or --preview N of them as a PNG sheet.";
    }

    @Override
    public String usage() {
        return "--input URI --output URI [--copies K] [--pipeline P] [--seed S] [--splits LIST] [--partitions N]\n"
                + "       scripts/seg augment --preview N --out FILE.png [--input URI] [--copies K] [--pipeline P]";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.key("input", "augment.input", "URI", "dataset folder (seg ingest or seg augment output) or raw Cityscapes tree"),
                CliOption.key("output", "augment.output", "URI", "folder for shards/, rejects/, manifest.json (must be new)"),
                CliOption.key("copies", "augment.copies", "K", "augmented copies per sample; copy k = epoch k (default 1)"),
                CliOption.key("pipeline", "augment.pipeline", "P", "preset (none, light, cityscapes-standard) or steps"),
                CliOption.key("seed", "augment.seed", "S", "seed of the draws (default: run.seed)"),
                CliOption.key("splits", "augment.splits", "LIST", "splits to augment (default train)"),
                CliOption.key("partitions", "augment.partitions", "N", "spread the input over N partitions first (0 = as read)"),
                CliOption.local("preview", "N", "instead of a job: write N samples before/after to --out"),
                CliOption.local("out", "FILE", "the preview PNG"),
                CliOption.local("height", "H", "height of synthetic preview samples when no --input is given (default 1024)"),
                CliOption.local("width", "W", "width of synthetic preview samples when no --input is given (default 2048)"));
    }

    @Override
    public int run(Invocation inv) {
        if (!inv.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + inv.positional().get(0) + "'");
        }
        if (inv.localOptions().containsKey("preview")) {
            return preview(inv);
        }
        Settings settings = inv.settings();
        AugmentJobConfig config = AugmentJobConfig.from(settings);
        long start = System.nanoTime();
        SparkSession spark = SparkSessions.create(settings, "segpipe augment");
        AugmentStep.Result r = AugmentStep.run(spark, config);
        inv.out().printf("augmented %d samples into %d rows (%s), %d rejected, in %.1f s%n", r.augmentedSamples(), r.rows(),
                r.rowsPerSplit(), r.rejectedSamples(), (System.nanoTime() - start) / 1e9);
        inv.out().printf("wrote dataset %s version %s (run %s): %s/shards; rejects in %s/rejects; manifest %s/%s%n",
                config.output(), r.manifest().datasetVersion(), r.provenance().runId(), config.output(), config.output(),
                config.output(), AugmentStep.MANIFEST);
        inv.out().printf("  balance: %s%n", r.manifest().balance());
        StringBuilder phases = new StringBuilder();
        r.phaseSeconds().forEach((phase, seconds) -> phases.append(phases.isEmpty() ? "" : ", ")
                .append(String.format("%s %.1f s", phase, seconds)));
        inv.out().printf("  time: %s%n", phases);
        return r.rejectedSamples() == 0 ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
    }

    private int preview(Invocation inv) {
        int n = positive(inv.local("preview", "4"), "--preview");
        String out = inv.local("out", null);
        if (out == null) {
            throw new UsageException("--preview needs --out FILE.png, the sheet to write");
        }
        Settings s = inv.settings();
        AugmentConfig config = AugmentConfig.from(s);
        int copies = s.integerAtLeast("augment.copies", 1);
        if (copies > 8) {
            throw new UsageException("a preview shows at most 8 copies per sample, --copies is " + copies);
        }
        List<DecodedSample> samples = new ArrayList<>();
        String input = s.find("augment.input").map(String::trim).orElse("");
        if (input.isEmpty()) {
            int height = positive(inv.local("height", "1024"), "--height");
            int width = positive(inv.local("width", "2048"), "--width");
            for (int i = 0; i < n; i++) {
                SyntheticSample g = SyntheticSample.create(config.seed(), Split.TRAIN, new SampleKey("aachen", 0, 19 + i),
                        width, height);
                samples.add(new DecodedSample(g.key().toString(), Split.TRAIN, g.image(), g.labelIds(), g.instanceIds()));
            }
        } else {
            List<Split> splits = AugmentJobConfig.splits(s);
            SparkSession spark = SparkSessions.create(s, "segpipe augment preview");
            for (Row row : SampleSources.read(spark, input, splits,
                    AnnotationSet.fromName(s.find("augment.annotations").orElse("gtFine").trim())).limit(n).collectAsList()) {
                String key = row.getAs(SampleTable.KEY);
                try {
                    if (row.getAs(SampleTable.READ_ERROR) != null) {
                        throw new IllegalArgumentException(row.<String>getAs(SampleTable.READ_ERROR));
                    }
                    samples.add(DecodedSample.decode(key, Split.fromFolderName(row.getAs(SampleTable.SPLIT)),
                            row.getAs(SampleTable.IMAGE_PNG), row.getAs(SampleTable.LABEL_IDS_PNG),
                            row.getAs(SampleTable.INSTANCE_IDS_PNG), row.getAs(SampleTable.IMAGE_PATH)));
                } catch (RuntimeException e) {
                    inv.err().println("skipped " + key + ": " + e.getMessage());
                }
            }
            if (samples.isEmpty()) {
                throw new IllegalArgumentException("no readable samples of splits " + splits + " in " + input);
            }
        }
        RgbImage sheet = AugmentPreview.render(samples, config.augmenter(), copies, 384);
        try {
            Path path = Path.of(out);
            if (path.toAbsolutePath().getParent() != null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
            }
            Files.write(path, PngImages.encode(sheet));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        inv.out().printf("wrote %s: %d samples x %d copies, %dx%d px, pipeline %s%n", out, samples.size(), copies,
                sheet.width(), sheet.height(), config.pipeline().description());
        return ExitCodes.OK;
    }

    private static int positive(String v, String option) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " is '" + v + "' but must be a whole number of at least 1");
    }
}
