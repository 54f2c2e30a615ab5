package org.segpipe.core.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.CityscapesFile;
import org.segpipe.core.cityscapes.FileRole;
import org.segpipe.core.cityscapes.LocatedFile;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.png.PngEncoder;
import org.segpipe.core.png.PngImages;
import org.segpipe.core.polygons.PolygonJson;

/**
 * Writes a synthetic dataset in the exact Cityscapes layout:
 * {@code leftImg8bit/{split}/{city}/{key}_leftImg8bit.png} and
 * {@code gtFine/{split}/{city}/{key}_gtFine_{labelIds,instanceIds,color}.png} plus
 * {@code _polygons.json} ({@code gtCoarse} for train_extra, as in the real dataset).
 *
 * <p>Frames of a split are dealt to its cities in turn; a frame's content depends only on (seed,
 * split, key), and every file is written to a temporary name and moved into place, so the result
 * is byte-identical for equal arguments whatever the thread count, and an interrupted run leaves
 * no half-written files under final names.
 */
public final class DatasetGenerator {

    /** The frame number of every generated key, like the annotated 20th frame of real snippets. */
    public static final int FRAME = 19;

    private DatasetGenerator() {
    }

    /** What was written. */
    public record Result(Path root, int images, int files, long bytes) {
    }

    public static Result run(GenerateConfig config) {
        List<Job> jobs = plan(config);
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "seg-generate");
            t.setDaemon(true);
            return t;
        });
        AtomicLong bytes = new AtomicLong();
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> write(config, job, bytes)));
            }
            int files = 0;
            for (Future<Integer> f : futures) {
                files += f.get();
            }
            return new Result(config.out(), jobs.size(), files, bytes.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("generation interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One frame to write. */
    public record Job(Split split, SampleKey key) {
    }

    /** The frames a config asks for, in a fixed order. */
    public static List<Job> plan(GenerateConfig config) {
        List<Job> jobs = new ArrayList<>();
        for (Map.Entry<Split, Integer> e : config.imagesPerSplit().entrySet()) {
            List<String> cities = config.cities().get(e.getKey());
            for (int i = 0; i < e.getValue(); i++) {
                String city = cities.get(i % cities.size());
                int sequence = i / cities.size();
                jobs.add(new Job(e.getKey(), new SampleKey(city, sequence, FRAME)));
            }
        }
        return jobs;
    }

    public static AnnotationSet annotationsFor(Split split) {
        return split == Split.TRAIN_EXTRA ? AnnotationSet.GT_COARSE : AnnotationSet.GT_FINE;
    }

    private static int write(GenerateConfig config, Job job, AtomicLong bytes) {
        SyntheticSample s = SyntheticSample.create(config.seed(), job.split(), job.key(), config.width(), config.height());
        AnnotationSet ann = annotationsFor(job.split());
        RgbImage color = s.labelIds().toPaletteImage();
        byte[] rgba = new byte[color.width() * color.height() * 4];
        byte[] rgb = color.rgb();
        for (int i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
            rgba[j] = rgb[i];
            rgba[j + 1] = rgb[i + 1];
            rgba[j + 2] = rgb[i + 2];
            rgba[j + 3] = (byte) 255;
        }
        put(config.out(), job.split(), CityscapesFile.image(job.key()), PngImages.encode(s.image()), bytes);
        put(config.out(), job.split(), CityscapesFile.annotation(job.key(), ann, FileRole.LABEL_IDS),
                PngImages.encode(s.labelIds()), bytes);
        put(config.out(), job.split(), CityscapesFile.annotation(job.key(), ann, FileRole.INSTANCE_IDS),
                PngImages.encode(s.instanceIds()), bytes);
        // The official color images are RGBA with opaque alpha.
        put(config.out(), job.split(), CityscapesFile.annotation(job.key(), ann, FileRole.COLOR),
                PngEncoder.encodeRgba(color.width(), color.height(), rgba), bytes);
        put(config.out(), job.split(), CityscapesFile.annotation(job.key(), ann, FileRole.POLYGONS),
                PolygonJson.write(s.polygons()), bytes);
        return 5;
    }

    private static void put(Path root, Split split, CityscapesFile file, byte[] content, AtomicLong bytes) {
        Path target = root.resolve(LocatedFile.relativePath(split, file));
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            bytes.addAndGet(content.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
