package org.segpipe.core.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sums a manifest's statistics are made of, as mergeable vectors of longs: one vector per
 * (split, city) with {@code [samples, payload bytes, 8 content-hash chunk sums, 34 class pixel
 * counts, 34 class instance counts]}. Executors add samples to vectors ({@link #add}), vectors
 * merge by element-wise addition in any order ({@link #merge}, {@link #zero()} is the identity),
 * and the driver turns the merged per-city vectors into the manifest's per-split statistics and
 * the dataset's content hash ({@link #summarize}). Used by {@code seg ingest} and
 * {@code seg augment}, so both publish statistics made the same way.
 *
 * <p>Hash chunks are summed as unsigned 32-bit values ({@link ContentHash#chunk}), so a vector
 * holds fewer than 2^31 samples exactly.
 */
public final class DatasetStats {

    public static final int COUNT = 0;
    public static final int PAYLOAD = 1;
    public static final int HASH = 2;
    public static final int PIXELS = HASH + ContentHash.CHUNKS;
    public static final int INSTANCES = PIXELS + DatasetManifest.LABEL_IDS;
    /** Entries of a vector. */
    public static final int SIZE = INSTANCES + DatasetManifest.LABEL_IDS;

    private DatasetStats() {
    }

    /** The identity of {@link #merge}. */
    public static long[] zero() {
        return new long[SIZE];
    }

    /** The key of a (split, city) vector; split names hold no {@code /}. */
    public static String cityKey(String split, String city) {
        return split + "/" + city;
    }

    /**
     * Adds one sample to {@code v}.
     *
     * @param hashChunks     the sample's content hash as {@link ContentHash#CHUNKS} chunks ({@link ContentHash#chunk})
     * @param classPixels    pixels per label id 0..33
     * @param classInstances instances per label id 0..33
     */
    public static void add(long[] v, long payloadBytes, long[] hashChunks, long[] classPixels, int[] classInstances) {
        v[COUNT]++;
        v[PAYLOAD] += payloadBytes;
        for (int i = 0; i < ContentHash.CHUNKS; i++) {
            v[HASH + i] += hashChunks[i];
        }
        for (int i = 0; i < DatasetManifest.LABEL_IDS; i++) {
            v[PIXELS + i] += classPixels[i];
            v[INSTANCES + i] += classInstances[i];
        }
    }

    /** The chunks of a hex content hash, for {@link #add}. */
    public static long[] chunks(String contentSha256) {
        long[] out = new long[ContentHash.CHUNKS];
        for (int i = 0; i < out.length; i++) {
            out[i] = ContentHash.chunk(contentSha256, i);
        }
        return out;
    }

    /** Adds {@code from} to {@code into} element by element and returns {@code into}. */
    public static long[] merge(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
        return into;
    }

    /** Merges maps of vectors into {@code into} (the vectors of {@code into} are updated in place). */
    public static <K, M extends Map<K, long[]>> M mergeAll(M into, M from) {
        from.forEach((k, v) -> into.merge(k, v, DatasetStats::merge));
        return into;
    }

    /**
     * What the merged vectors say about a dataset.
     *
     * @param splits  per-split statistics in the order asked for, cities by name; splits without samples left out
     * @param content the content hash sum over all samples ({@link ContentHash.Sum#digest()} is the dataset's hash)
     * @param samples samples in all splits
     * @param payloadBytes payload bytes in all splits
     */
    public record Summary(List<DatasetManifest.SplitStats> splits, ContentHash.Sum content, long samples,
                          long payloadBytes) {

        public Summary {
            splits = List.copyOf(splits);
        }

        public boolean hasSplit(String split) {
            return splits.stream().anyMatch(s -> s.split().equals(split));
        }
    }

    /**
     * Per-split statistics from per-city vectors keyed by {@link #cityKey}.
     *
     * @param splitOrder the order of the splits in the summary; vectors of other splits are refused
     */
    public static Summary summarize(Map<String, long[]> perCity, List<String> splitOrder) {
        Map<String, Map<String, long[]>> bySplit = new LinkedHashMap<>();
        for (String split : splitOrder) {
            bySplit.put(split, new TreeMap<>());
        }
        perCity.forEach((key, v) -> {
            int slash = key.indexOf('/');
            Map<String, long[]> cities = slash < 0 ? null : bySplit.get(key.substring(0, slash));
            if (cities == null) {
                throw new IllegalArgumentException("statistics of '" + key + "': expected split/city of the splits "
                        + splitOrder);
            }
            cities.put(key.substring(slash + 1), v);
        });
        List<DatasetManifest.SplitStats> splits = new ArrayList<>();
        ContentHash.Sum all = ContentHash.Sum.zero();
        long samples = 0;
        long payload = 0;
        for (Map.Entry<String, Map<String, long[]>> e : bySplit.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            long[] total = zero();
            List<DatasetManifest.CityStats> cities = new ArrayList<>();
            for (Map.Entry<String, long[]> c : e.getValue().entrySet()) {
                long[] v = c.getValue();
                merge(total, v);
                cities.add(new DatasetManifest.CityStats(c.getKey(), v[COUNT], v[PAYLOAD], pixels(v), instances(v)));
            }
            ContentHash.Sum hash = ContentHash.Sum.ofChunkSums(total[COUNT], Arrays.copyOfRange(total, HASH, PIXELS));
            splits.add(new DatasetManifest.SplitStats(e.getKey(), total[COUNT], total[PAYLOAD], hash.digest(),
                    pixels(total), instances(total), cities));
            all = ContentHash.Sum.merge(all, hash);
            samples += total[COUNT];
            payload += total[PAYLOAD];
        }
        return new Summary(splits, all, samples, payload);
    }

    private static long[] pixels(long[] v) {
        return Arrays.copyOfRange(v, PIXELS, INSTANCES);
    }

    private static long[] instances(long[] v) {
        return Arrays.copyOfRange(v, INSTANCES, SIZE);
    }
}
