package org.segpipe.core.dataset;

/**
 * How samples are dealt to shards of a target size. Samples of a split are laid end to end in key
 * order; the split's bytes are cut into {@link #shardCount} equal stretches and each sample goes to
 * the stretch holding its middle byte. Shards are then contiguous runs of keys whose sizes differ
 * from the ideal by less than one sample, and the plan depends only on the samples, so a re-run
 * gives the same shards.
 */
public final class ShardPlan {

    private ShardPlan() {
    }

    /**
     * Shards for {@code totalBytes} at {@code targetBytes} each: the nearest count, at least one,
     * never more than there are samples.
     */
    public static int shardCount(long totalBytes, long samples, long targetBytes) {
        if (targetBytes <= 0 || totalBytes < 0 || samples < 0) {
            throw new IllegalArgumentException("shard plan needs targetBytes > 0, totalBytes >= 0 and samples >= 0, found "
                    + targetBytes + ", " + totalBytes + " and " + samples);
        }
        long n = Math.round((double) totalBytes / targetBytes);
        return (int) Math.max(1, Math.min(Math.min(n, samples), Integer.MAX_VALUE));
    }

    /**
     * The shard (0-based) of a sample that starts {@code startBytes} into its split and is
     * {@code sizeBytes} long.
     */
    public static int shardOf(long startBytes, long sizeBytes, long totalBytes, int shards) {
        if (shards <= 0 || totalBytes <= 0) {
            return 0;
        }
        double middle = startBytes + sizeBytes / 2.0;
        int shard = (int) Math.floor(middle / totalBytes * shards);
        return Math.max(0, Math.min(shards - 1, shard));
    }
}
