package org.segpipe.core.generate.saliency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.generate.GenerateConfig;
import org.segpipe.core.png.PngImages;

/**
 * Writes a saliency dataset: {@code out/<split>/images/<stem>.png} (RGB) and
 * {@code out/<split>/masks/<stem>.png} (8-bit grey, 0 or 255), stems {@code sal_<split>_00000}...
 * Each scene is seeded from (run seed, split, index) alone, so the bytes do not depend on the
 * number of threads or on which other splits are generated.
 */
public final class SaliencyDatasetGenerator {

    public static final String IMAGES = "images";
    public static final String MASKS = "masks";

    /** What was written. */
    public record Result(Path root, int images, int files, long bytes) {
    }

    private SaliencyDatasetGenerator() {
    }

    public static String stem(Split split, int index) {
        return String.format("sal_%s_%05d", split.folderName(), index);
    }

    /** The seed of one scene: SplitMix64 over (run seed, split, index). */
    public static long sceneSeed(long seed, Split split, int index) {
        long h = seed * 0x9E3779B97F4A7C15L + split.ordinal() * 0xBF58476D1CE4E5B9L + index;
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    public static Result run(GenerateConfig config) {
        List<Callable> jobs = new ArrayList<>();
        for (Map.Entry<Split, Integer> e : config.imagesPerSplit().entrySet()) {
            Path images = config.out().resolve(e.getKey().folderName()).resolve(IMAGES);
            Path masks = config.out().resolve(e.getKey().folderName()).resolve(MASKS);
            try {
                Files.createDirectories(images);
                Files.createDirectories(masks);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot create " + images + ": " + ex.getMessage(), ex);
            }
            for (int i = 0; i < e.getValue(); i++) {
                jobs.add(new Callable(e.getKey(), i, images, masks));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, config.threads()), r -> {
            Thread t = new Thread(r, "saliency-generate");
            t.setDaemon(true);
            return t;
        });
        long bytes = 0;
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (Callable job : jobs) {
                done.add(pool.submit(() -> job.write(config)));
            }
            for (Future<Long> f : done) {
                bytes += f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(config.out(), jobs.size(), 2 * jobs.size(), bytes);
    }

    private record Callable(Split split, int index, Path images, Path masks) {

        long write(GenerateConfig config) {
            SaliencyScenes.Scene s = SaliencyScenes.draw(config.width(), config.height(),
                    sceneSeed(config.seed(), split, index));
            byte[] img = PngImages.encode(s.image());
            byte[] mask = s.mask().encodePng();
            String name = stem(split, index) + ".png";
            try {
                Files.write(images.resolve(name), img);
                Files.write(masks.resolve(name), mask);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + name + ": " + e.getMessage(), e);
            }
            return img.length + mask.length;
        }
    }
}
