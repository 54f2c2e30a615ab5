package org.segpipe.spark.ingest;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.bench.Throughput;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.CityscapesFile;
import org.segpipe.core.cityscapes.FileRole;
import org.segpipe.core.cityscapes.LocatedFile;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.IngestConfig;
import org.segpipe.core.generate.DatasetGenerator;
import org.segpipe.core.generate.GenerateConfig;
import org.segpipe.core.png.PngImages;

/**
 * Ingest throughput against its practical limit, measured in the same run: decoding the three
 * PNGs of every sample (image, labelIds, instanceIds) on the same number of threads, from bytes
 * in memory, with nothing else. Ingest does that and more (listing, reading, validating, hashing
 * twice, writing Parquet, publishing), so the ratio says what the rest costs.
 *
 * <p>The tree holds {@code images} samples copied (hard-linked) from {@code unique} generated ones
 * under new keys, so a large tree costs little to set up; decoding cost does not depend on which
 * copy is read.
 */
public final class IngestBenchmark {

    /**
     * The figures.
     *
     * @param decodeImagesPerSecond samples decoded per second (the limit)
     * @param ingestImagesPerSecond samples ingested per second, whole run
     * @param payloadMbPerSample    bytes of the files kept per sample, MB
     * @param phaseSeconds          ingest wall time per phase
     * @param ingestSeconds         ingest wall time
     */
    public record Result(int images, int width, int height, int threads, double decodeImagesPerSecond,
                         double ingestImagesPerSecond, double payloadMbPerSample, Map<String, Double> phaseSeconds,
                         double ingestSeconds) {

        /** How many times slower than decoding alone ingest is (target: 2 or less). */
        public double slowdown() {
            return decodeImagesPerSecond / ingestImagesPerSecond;
        }
    }

    private IngestBenchmark() {
    }

    /** Runs in {@code spark}, whose master should give {@code threads} cores (local[threads]). */
    public static Result run(SparkSession spark, int images, int unique, int width, int height, int threads,
                             double decodeSeconds) {
        Path dir;
        try {
            dir = Files.createTempDirectory("seg-bench-ingest");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
        }
        try {
            Path seeds = dir.resolve("seeds");
            DatasetGenerator.run(new GenerateConfig(seeds, Map.of(Split.TRAIN, unique), height, width, 17,
                    GenerateConfig.DEFAULT_CITIES, threads));
            List<DatasetGenerator.Job> jobs = DatasetGenerator.plan(new GenerateConfig(seeds, Map.of(Split.TRAIN, unique),
                    height, width, 17, GenerateConfig.DEFAULT_CITIES, threads));
            Path tree = dir.resolve("cs");
            link(seeds, tree, jobs, images);

            // The limit: decode the three PNGs of each sample, round robin over the unique ones.
            List<byte[][]> samples = new ArrayList<>();
            long payload = 0;
            for (DatasetGenerator.Job job : jobs) {
                byte[][] s = new byte[3][];
                s[0] = Files.readAllBytes(seeds.resolve(LocatedFile.relativePath(Split.TRAIN, CityscapesFile.image(job.key()))));
                s[1] = Files.readAllBytes(seeds.resolve(relative(job.key(), FileRole.LABEL_IDS)));
                s[2] = Files.readAllBytes(seeds.resolve(relative(job.key(), FileRole.INSTANCE_IDS)));
                payload += s[0].length + s[1].length + s[2].length
                        + Files.size(seeds.resolve(relative(job.key(), FileRole.POLYGONS)));
                samples.add(s);
            }
            AtomicInteger next = new AtomicInteger();
            Runnable decode = () -> {
                byte[][] s = samples.get(Math.floorMod(next.getAndIncrement(), samples.size()));
                PngImages.decodeRgb(s[0], "bench");
                PngImages.decodeLabelIds(s[1], "bench");
                PngImages.decodeInstanceIds(s[2], "bench");
            };
            Throughput.Measurement limit = Throughput.measure(decode, threads, Math.min(2, decodeSeconds / 2), decodeSeconds);

            // Warm up Spark and the JIT on the seed tree, then measure on the full one.
            IngestStep.run(spark, config(seeds, dir.resolve("warm")), Map.of());
            IngestResult r = IngestStep.run(spark, config(tree, dir.resolve("ds")), Map.of());
            if (r.manifest().samples() != images) {
                throw new IllegalStateException("benchmark ingest wrote " + r.manifest().samples() + " samples, expected "
                        + images + ": " + r.firstRejects());
            }
            return new Result(images, width, height, threads, limit.runsPerSecond(), images / r.seconds(),
                    payload / 1e6 / unique, r.phaseSeconds(), r.seconds());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    public static void print(Result r, PrintStream out) {
        out.printf("Ingest throughput, %d samples of %dx%d (%.2f MB of PNG and JSON each), %d threads, %d cores available%n",
                r.images(), r.width(), r.height(), r.payloadMbPerSample(), r.threads(),
                Runtime.getRuntime().availableProcessors());
        out.printf("%-64s %9s %8s %10s%n", "what", "images/s", "MB/s", "vs decode");
        out.printf("%-64s %9.2f %8.1f %9.2fx%n", "PNG decode alone (image + labelIds + instanceIds), the limit",
                r.decodeImagesPerSecond(), r.decodeImagesPerSecond() * r.payloadMbPerSample(), 1.0);
        out.printf("%-64s %9.2f %8.1f %9.2fx%n", "seg ingest (list, read, validate, hash, write, publish)",
                r.ingestImagesPerSecond(), r.ingestImagesPerSecond() * r.payloadMbPerSample(),
                r.ingestImagesPerSecond() / r.decodeImagesPerSecond());
        StringBuilder phases = new StringBuilder();
        r.phaseSeconds().forEach((k, v) -> phases.append(phases.isEmpty() ? "" : ", ").append(String.format("%s %.1f s", k, v)));
        out.printf("ingest phases: %s (total %.1f s)%n", phases, r.ingestSeconds());
        out.printf("ingest takes %.2fx the time of decoding alone (target: within 2x)%n", r.slowdown());
    }

    private static IngestConfig config(Path input, Path output) {
        return new IngestConfig(input.toString(), output.toString(), List.of(Split.TRAIN), AnnotationSet.GT_FINE,
                128L << 20, "bench", 32L << 20, "uncompressed", -1);
    }

    private static Path relative(SampleKey key, FileRole role) {
        return Path.of(LocatedFile.relativePath(Split.TRAIN, CityscapesFile.annotation(key, AnnotationSet.GT_FINE, role)));
    }

    /** Fills {@code tree} with {@code images} samples, hard links to the seed samples under new keys. */
    private static void link(Path seeds, Path tree, List<DatasetGenerator.Job> jobs, int images) throws IOException {
        List<FileRole> roles = List.of(FileRole.IMAGE, FileRole.LABEL_IDS, FileRole.INSTANCE_IDS, FileRole.COLOR,
                FileRole.POLYGONS);
        for (int i = 0; i < images; i++) {
            SampleKey from = jobs.get(i % jobs.size()).key();
            SampleKey to = new SampleKey(from.city(), 100_000 + i, DatasetGenerator.FRAME);
            for (FileRole role : roles) {
                CityscapesFile a = role == FileRole.IMAGE ? CityscapesFile.image(from)
                        : CityscapesFile.annotation(from, AnnotationSet.GT_FINE, role);
                CityscapesFile b = role == FileRole.IMAGE ? CityscapesFile.image(to)
                        : CityscapesFile.annotation(to, AnnotationSet.GT_FINE, role);
                Path target = tree.resolve(LocatedFile.relativePath(Split.TRAIN, b));
                Files.createDirectories(target.getParent());
                Path source = seeds.resolve(LocatedFile.relativePath(Split.TRAIN, a));
                try {
                    Files.createLink(target, source);
                } catch (UnsupportedOperationException | IOException e) {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void delete(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // A leftover temporary folder is not worth failing the benchmark for.
        }
    }
}
