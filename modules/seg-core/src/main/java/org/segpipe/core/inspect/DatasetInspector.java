package org.segpipe.core.inspect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.segpipe.core.cityscapes.AnnotationSet;
import org.segpipe.core.cityscapes.CityscapesFile;
import org.segpipe.core.cityscapes.FileNameException;
import org.segpipe.core.cityscapes.FileRole;
import org.segpipe.core.cityscapes.LocatedFile;
import org.segpipe.core.cityscapes.PairingProblem;
import org.segpipe.core.cityscapes.SamplePair;
import org.segpipe.core.cityscapes.SamplePairing;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DataProblem;
import org.segpipe.core.dataset.SampleCheck;
import org.segpipe.core.dataset.SampleFiles;
import org.segpipe.core.dataset.SampleValidator;

/**
 * Walks a local Cityscapes tree, pairs and validates every sample, and reports counts, class
 * statistics and every problem found. Nothing it finds stops it: unreadable folders, bad names,
 * unpaired files and bad PNGs all become {@link DataProblem}s.
 *
 * <p>Each split is paired with its primary annotation set: {@code gtFine} when the split has any
 * gtFine files, else {@code gtCoarse}. Files of the other set must still belong to an image.
 */
public final class DatasetInspector {

    private static final Set<String> TOP_FOLDERS = Set.of("leftImg8bit", "gtFine", "gtCoarse");

    private DatasetInspector() {
    }

    public static InspectionReport inspect(Path root, int threads) {
        List<DataProblem> problems = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            problems.add(new DataProblem(root.toString(), DataProblem.LIST, root + ": expected a folder holding "
                    + "leftImg8bit/ and gtFine/, found " + (Files.exists(root) ? "a file" : "nothing")));
            return new InspectionReport(root.toString(), 0, Map.of(), Map.of(), 0, new long[34], new long[34], problems);
        }
        List<LocatedFile> located = new ArrayList<>();
        int filesSeen = walk(root, located, problems);

        Map<Split, Map<String, Integer>> imagesPerCity = new EnumMap<>(Split.class);
        Map<Split, List<LocatedFile>> bySplit = new EnumMap<>(Split.class);
        for (LocatedFile f : located) {
            bySplit.computeIfAbsent(f.split(), s -> new ArrayList<>()).add(f);
            if (f.file().role() == FileRole.IMAGE) {
                imagesPerCity.computeIfAbsent(f.split(), s -> new TreeMap<>()).merge(f.file().key().city(), 1, Integer::sum);
            }
        }

        List<SamplePair> pairs = new ArrayList<>();
        int unpaired = 0;
        for (Map.Entry<Split, List<LocatedFile>> e : bySplit.entrySet()) {
            List<LocatedFile> files = e.getValue();
            AnnotationSet primary = files.stream().anyMatch(f -> f.file().annotations() == AnnotationSet.GT_FINE)
                    ? AnnotationSet.GT_FINE
                    : files.stream().anyMatch(f -> f.file().annotations() == AnnotationSet.GT_COARSE)
                    ? AnnotationSet.GT_COARSE : AnnotationSet.GT_FINE;
            SamplePairing.Result result = SamplePairing.pair(files, primary);
            pairs.addAll(result.pairs());
            for (PairingProblem p : result.problems()) {
                if (p.reason().startsWith("unpaired image")) {
                    unpaired++;
                }
                problems.add(new DataProblem(p.path(), DataProblem.PAIR, p.path() + ": " + p.reason()));
            }
            Set<SampleKey> imageKeys = new HashSet<>();
            for (LocatedFile f : files) {
                if (f.file().role() == FileRole.IMAGE) {
                    imageKeys.add(f.file().key());
                }
            }
            for (LocatedFile f : files) {
                CityscapesFile cf = f.file();
                if (cf.role().isAnnotation() && cf.annotations() != primary && !imageKeys.contains(cf.key())) {
                    problems.add(new DataProblem(f.path(), DataProblem.PAIR, f.path() + ": no image: expected "
                            + LocatedFile.relativePath(f.split(), CityscapesFile.image(cf.key()))));
                }
            }
        }

        long[] classPixels = new long[34];
        long[] instanceCounts = new long[34];
        Map<Split, Integer> validPerSplit = new EnumMap<>(Split.class);
        for (SampleCheck check : validateAll(pairs, threads)) {
            if (check.ok()) {
                validPerSplit.merge(check.pair().split(), 1, Integer::sum);
                for (int c = 0; c < 34; c++) {
                    classPixels[c] += check.classPixels()[c];
                    instanceCounts[c] += check.instanceCounts()[c];
                }
            } else {
                problems.addAll(check.problems());
            }
        }
        return new InspectionReport(root.toString(), filesSeen, imagesPerCity, validPerSplit, unpaired, classPixels,
                instanceCounts, List.copyOf(problems));
    }

    private static int walk(Path root, List<LocatedFile> located, List<DataProblem> problems) {
        int[] seen = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    Path rel = root.relativize(dir);
                    if (rel.getNameCount() == 1 && !rel.toString().isEmpty() && !TOP_FOLDERS.contains(rel.toString())) {
                        return FileVisitResult.SKIP_SUBTREE; // README, license, other folders: not ours
                    }
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    if (name.endsWith(".png") || name.endsWith(".json")) {
                        problems.add(new DataProblem(dir.toString(), DataProblem.LIST, dir
                                + ": expected a file, found a directory"));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    Path rel = root.relativize(file);
                    if (rel.getNameCount() < 2) {
                        return FileVisitResult.CONTINUE; // files at the top level are not ours
                    }
                    if (!attrs.isRegularFile()) {
                        problems.add(new DataProblem(file.toString(), DataProblem.LIST, file
                                + ": expected a regular file, found " + (attrs.isSymbolicLink() ? "a broken link" : "something else")));
                        return FileVisitResult.CONTINUE;
                    }
                    seen[0]++;
                    try {
                        located.add(LocatedFile.parse(file.toString()));
                    } catch (FileNameException e) {
                        problems.add(new DataProblem(file.toString(), DataProblem.NAME, e.getMessage()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    problems.add(new DataProblem(file.toString(), DataProblem.LIST, file + ": cannot be read ("
                            + exc.getClass().getSimpleName() + (exc.getMessage() == null ? "" : ": " + exc.getMessage()) + ")"));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return seen[0];
    }

    private static List<SampleCheck> validateAll(List<SamplePair> pairs, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "seg-inspect");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SampleCheck>> futures = new ArrayList<>();
            for (SamplePair p : pairs) {
                futures.add(pool.submit(() -> validate(p)));
            }
            List<SampleCheck> out = new ArrayList<>();
            for (Future<SampleCheck> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("inspection interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("inspection failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static SampleCheck validate(SamplePair p) {
        List<DataProblem> readProblems = new ArrayList<>();
        byte[] image = read(p.imagePath(), readProblems);
        byte[] labels = read(p.labelIdsPath(), readProblems);
        byte[] instances = p.instanceIdsPath() == null ? null : read(p.instanceIdsPath(), readProblems);
        byte[] color = p.colorPath() == null ? null : read(p.colorPath(), readProblems);
        byte[] polygons = p.polygonsPath() == null ? null : read(p.polygonsPath(), readProblems);
        if (!readProblems.isEmpty()) {
            return new SampleCheck(p, 0, 0, new long[34], new int[34], readProblems);
        }
        return SampleValidator.validate(new SampleFiles(p, image, labels, instances, color, polygons));
    }

    private static byte[] read(String path, List<DataProblem> problems) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            problems.add(new DataProblem(path, DataProblem.LIST, path + ": cannot be read ("
                    + e.getClass().getSimpleName() + ")"));
            return null;
        }
    }
}
