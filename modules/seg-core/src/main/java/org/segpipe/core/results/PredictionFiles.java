package org.segpipe.core.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.segpipe.core.cityscapes.SampleKey;

/**
 * Matching prediction files to ground-truth images by the {@code {city}_{seq}_{frame}} key in the
 * file name, as the official scripts do ({@code <city>_123456_123456*.png}), with the same rules on
 * every engine: several files for one key keep the first by path and report the others; a file
 * without a key, or whose key is not a ground-truth image of the split, is reported.
 */
public final class PredictionFiles {

    /** The file kept for a key and the problems about the others. */
    public record Choice(String chosen, List<EvalProblem> duplicates) {
    }

    private PredictionFiles() {
    }

    public static Optional<SampleKey> keyOf(String path) {
        return SampleKey.find(PathNames.fileName(path));
    }

    public static Choice choose(String key, List<String> paths, String input) {
        List<String> sorted = new ArrayList<>(paths);
        sorted.sort(null);
        List<EvalProblem> dups = new ArrayList<>();
        for (int i = 1; i < sorted.size(); i++) {
            dups.add(new EvalProblem(sorted.get(i), 0, key, input, EvalProblem.DUPLICATE, "another " + input
                    + " prediction for " + key + " exists (" + PathNames.fileName(sorted.get(0)) + "); this file is not used"));
        }
        return new Choice(sorted.get(0), dups);
    }

    public static EvalProblem unknownImage(String path, String key, String input, String split) {
        return new EvalProblem(path, 0, key, input, EvalProblem.UNKNOWN_IMAGE, "prediction for " + key
                + ", which is not a ground-truth image of split '" + split + "'; not used");
    }

    public static EvalProblem noKey(String path, String input) {
        return new EvalProblem(path, 0, null, input, EvalProblem.UNKNOWN_IMAGE,
                "file name holds no {city}_{seq:06d}_{frame:06d} key, so it matches no image; not used");
    }
}
