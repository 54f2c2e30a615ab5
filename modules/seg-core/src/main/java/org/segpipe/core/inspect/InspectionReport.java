package org.segpipe.core.inspect;

import java.util.List;
import java.util.Map;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DataProblem;

/**
 * What {@code seg inspect} found in a Cityscapes tree.
 *
 * @param root             the folder inspected
 * @param filesSeen        regular files under the Cityscapes top folders
 * @param imagesPerCity    images per split and city
 * @param pairsPerSplit    complete, valid samples per split
 * @param unpairedImages   images without their annotations
 * @param classPixels      pixels per label id 0..33 over the valid samples
 * @param instanceCounts   instances per label id 0..33 over the valid samples
 * @param problems         everything wrong, each naming the file
 */
public record InspectionReport(
        String root,
        int filesSeen,
        Map<Split, Map<String, Integer>> imagesPerCity,
        Map<Split, Integer> pairsPerSplit,
        int unpairedImages,
        long[] classPixels,
        long[] instanceCounts,
        List<DataProblem> problems) {

    public int pairs() {
        return pairsPerSplit.values().stream().mapToInt(Integer::intValue).sum();
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
