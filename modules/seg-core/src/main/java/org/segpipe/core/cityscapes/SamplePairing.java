package org.segpipe.core.cityscapes;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pairs {@code leftImg8bit} images with their annotation files by (split, key). Every input file
 * ends up either in exactly one pair or in a problem; files of the other annotation set are not
 * considered.
 */
public final class SamplePairing {

    /** The files a usable sample needs besides its image. */
    public static final Set<FileRole> DEFAULT_REQUIRED = EnumSet.of(FileRole.LABEL_IDS, FileRole.INSTANCE_IDS);

    private SamplePairing() {
    }

    /** The outcome: pairs sorted by split then key, and problems in input order. */
    public record Result(List<SamplePair> pairs, List<PairingProblem> problems, int filesConsidered) {
    }

    public static Result pair(Iterable<LocatedFile> files, AnnotationSet annotations) {
        return pair(files, annotations, DEFAULT_REQUIRED);
    }

    public static Result pair(Iterable<LocatedFile> files, AnnotationSet annotations, Set<FileRole> required) {
        record GroupKey(Split split, SampleKey key) implements Comparable<GroupKey> {
            @Override
            public int compareTo(GroupKey o) {
                int c = split.compareTo(o.split);
                return c != 0 ? c : key.compareTo(o.key);
            }
        }
        Map<GroupKey, EnumMap<FileRole, String>> groups = new TreeMap<>();
        Map<SampleKey, Split> splitOfKey = new java.util.HashMap<>();
        List<PairingProblem> problems = new ArrayList<>();
        int considered = 0;
        for (LocatedFile f : files) {
            CityscapesFile file = f.file();
            if (file.role().isAnnotation() && file.annotations() != annotations) {
                continue;
            }
            considered++;
            Split other = splitOfKey.putIfAbsent(file.key(), f.split());
            if (other != null && other != f.split()) {
                problems.add(new PairingProblem(f.path(), "duplicate key " + file.key() + ": already found in split '"
                        + other + "', found again in split '" + f.split() + "'"));
                continue;
            }
            EnumMap<FileRole, String> roles = groups.computeIfAbsent(new GroupKey(f.split(), file.key()),
                    k -> new EnumMap<>(FileRole.class));
            String previous = roles.putIfAbsent(file.role(), f.path());
            if (previous != null) {
                problems.add(new PairingProblem(f.path(), "duplicate " + file.fileName() + ": already found at " + previous));
            }
        }
        List<SamplePair> pairs = new ArrayList<>();
        for (Map.Entry<GroupKey, EnumMap<FileRole, String>> e : groups.entrySet()) {
            GroupKey gk = e.getKey();
            EnumMap<FileRole, String> roles = e.getValue();
            String image = roles.get(FileRole.IMAGE);
            if (image == null) {
                for (String path : roles.values()) {
                    problems.add(new PairingProblem(path, "no image: expected "
                            + LocatedFile.relativePath(gk.split(), CityscapesFile.image(gk.key()))));
                }
                continue;
            }
            List<String> missing = new ArrayList<>();
            for (FileRole role : required) {
                if (!roles.containsKey(role)) {
                    missing.add(LocatedFile.relativePath(gk.split(), CityscapesFile.annotation(gk.key(), annotations, role)));
                }
            }
            if (!missing.isEmpty()) {
                problems.add(new PairingProblem(image, "unpaired image: expected " + String.join(" and ", missing)
                        + ", found " + (roles.size() == 1 ? "no annotation files" : "only " + (roles.size() - 1)
                        + " of them")));
                continue;
            }
            pairs.add(new SamplePair(gk.split(), gk.key(), image, roles.get(FileRole.LABEL_IDS),
                    roles.get(FileRole.INSTANCE_IDS), roles.get(FileRole.COLOR), roles.get(FileRole.POLYGONS)));
        }
        return new Result(List.copyOf(pairs), List.copyOf(problems), considered);
    }
}
