package org.segpipe.core.dataset;

import java.util.ArrayList;
import java.util.List;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.InstanceIds;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;

/**
 * Per-class counts of one sample's masks, as a dataset's shards and manifest record them: pixels
 * per label id 0..33 in the labelIds mask, and instances per label id (distinct instance values
 * {@code labelId*1000+k}) in the instanceIds mask. The validator ({@link SampleValidator}) and
 * {@code seg augment} count the same way.
 *
 * @param classPixels    pixels per label id 0..33
 * @param classInstances instances per label id 0..33 (all 0 for a sample without instance ids)
 */
public record MaskCounts(long[] classPixels, int[] classInstances) {

    private static final int CLASSES = DatasetManifest.LABEL_IDS;

    /**
     * Counts a sample's masks.
     *
     * @param instanceIds null where the sample has none
     * @throws IllegalArgumentException naming the unknown label ids or the invalid instance values
     */
    public static MaskCounts of(ClassMask labelIds, InstanceMask instanceIds) {
        long[] h = labelIds.histogram();
        String unknown = unknownLabelIds(h);
        if (unknown != null) {
            throw new IllegalArgumentException("expected label ids 0.." + CityscapesLabels.MAX_LABEL_ID
                    + ", found unknown ids " + unknown);
        }
        long[] pixels = java.util.Arrays.copyOf(h, CLASSES);
        int[] instances = new int[CLASSES];
        if (instanceIds != null) {
            List<String> bad = countInstances(seen(instanceIds.values()), instances);
            if (!bad.isEmpty()) {
                throw new IllegalArgumentException("expected valid instance ids, found " + problems(bad));
            }
        }
        return new MaskCounts(pixels, instances);
    }

    /** Counts a decoded sample's masks; see {@link #of(ClassMask, InstanceMask)}. */
    public static MaskCounts of(DecodedSample sample) {
        return of(sample.labelIds(), sample.instanceIds());
    }

    /**
     * The values above {@link CityscapesLabels#MAX_LABEL_ID} in a 256-entry histogram of a labelIds
     * mask, as {@code "40 (3 px), 41 (1 px)"}; null when there are none.
     */
    public static String unknownLabelIds(long[] histogram) {
        StringBuilder unknown = new StringBuilder();
        for (int v = CLASSES; v < histogram.length; v++) {
            if (histogram[v] > 0) {
                unknown.append(unknown.isEmpty() ? "" : ", ").append(v).append(" (").append(histogram[v]).append(" px)");
            }
        }
        return unknown.isEmpty() ? null : unknown.toString();
    }

    /** A bitset over the 65536 instance values: bit v is set when some pixel has value v. */
    static long[] seen(short[] values) {
        long[] seen = new long[1024];
        for (short s : values) {
            int v = s & 0xFFFF;
            seen[v >>> 6] |= 1L << (v & 63);
        }
        return seen;
    }

    /**
     * Adds one to {@code instanceCounts[labelId]} for every valid instance value set in
     * {@code seen} ({@link #seen}) and returns the problems of the invalid ones ({@link InstanceIds#problem}).
     */
    static List<String> countInstances(long[] seen, int[] instanceCounts) {
        List<String> bad = new ArrayList<>();
        for (int v = 0; v < 65536; v++) {
            if ((seen[v >>> 6] & (1L << (v & 63))) == 0) {
                continue;
            }
            String problem = InstanceIds.problem(v);
            if (problem != null) {
                bad.add(problem);
            } else if (InstanceIds.isInstance(v)) {
                instanceCounts[InstanceIds.labelId(v)]++;
            }
        }
        return bad;
    }

    /** The first five problems, and how many more. */
    static String problems(List<String> bad) {
        return String.join("; ", bad.subList(0, Math.min(5, bad.size())))
                + (bad.size() > 5 ? " and " + (bad.size() - 5) + " more" : "");
    }
}
