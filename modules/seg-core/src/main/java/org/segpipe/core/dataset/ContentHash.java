package org.segpipe.core.dataset;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content hashes of samples and of whole datasets.
 *
 * <p>A sample's hash is SHA-256 over its key, split and the exact bytes of its files, each field
 * length-prefixed so no two different samples encode alike; paths are left out, so the same data
 * ingested from another location hashes the same.
 *
 * <p>A dataset's hash must be computable in any order, in parallel, without collecting the
 * samples: it is SHA-256 over the sample count and the sum of all sample hashes, read as 256-bit
 * unsigned numbers, modulo 2^256. Unlike XOR, a sum does not cancel a sample that appears twice.
 * The sum is built from eight 32-bit chunks per hash ({@link #chunk}), which SQL engines can add
 * up exactly in 64-bit integers; {@link Sum#ofChunkSums} carries them back together.
 */
public final class ContentHash {

    /** Hex digits in a SHA-256 hash. */
    public static final int HEX_LENGTH = 64;
    /** 32-bit chunks in a SHA-256 hash. */
    public static final int CHUNKS = 8;

    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

    private ContentHash() {
    }

    /**
     * The hash of one sample.
     *
     * @param instanceIds null where the sample has none
     * @param polygons    null where the sample has none
     */
    public static String sample(String key, String split, byte[] image, byte[] labelIds, byte[] instanceIds,
                                String polygons) {
        MessageDigest md = sha256();
        md.update("segpipe-sample/1".getBytes(StandardCharsets.UTF_8));
        field(md, key.getBytes(StandardCharsets.UTF_8));
        field(md, split.getBytes(StandardCharsets.UTF_8));
        field(md, image);
        field(md, labelIds);
        field(md, instanceIds);
        field(md, polygons == null ? null : polygons.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    /** Chunk {@code i} (0 = most significant) of a hex SHA-256 hash, as an unsigned 32-bit value. */
    public static long chunk(String hexHash, int i) {
        checkHex(hexHash);
        return Long.parseLong(hexHash, 8 * i, 8 * i + 8, 16);
    }

    private static void field(MessageDigest md, byte[] bytes) {
        long length = bytes == null ? -1 : bytes.length;
        for (int shift = 56; shift >= 0; shift -= 8) {
            md.update((byte) (length >>> shift));
        }
        if (bytes != null) {
            md.update(bytes);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static void checkHex(String hexHash) {
        if (hexHash == null || hexHash.length() != HEX_LENGTH || !hexHash.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("expected a SHA-256 hash of 64 hex digits, found '" + hexHash + "'");
        }
    }

    /**
     * An order-independent accumulation of sample hashes: a count and a sum modulo 2^256.
     * {@link #zero()} is the identity of {@link #merge}; merging is associative and commutative.
     */
    public record Sum(long count, BigInteger sum) {

        public Sum {
            if (count < 0 || sum.signum() < 0 || sum.compareTo(MODULUS) >= 0) {
                throw new IllegalArgumentException("a hash sum needs count >= 0 and 0 <= sum < 2^256, found "
                        + count + " and " + sum);
            }
        }

        public static Sum zero() {
            return new Sum(0, BigInteger.ZERO);
        }

        public static Sum of(String hexHash) {
            checkHex(hexHash);
            return new Sum(1, new BigInteger(hexHash, 16));
        }

        /**
         * From per-chunk sums: {@code chunkSums[i]} is the sum of {@link #chunk}(h, i) over
         * {@code count} hashes (each term below 2^32, so the sum fits a long for fewer than 2^31 hashes).
         */
        public static Sum ofChunkSums(long count, long[] chunkSums) {
            if (chunkSums.length != CHUNKS) {
                throw new IllegalArgumentException("expected " + CHUNKS + " chunk sums, found " + chunkSums.length);
            }
            BigInteger total = BigInteger.ZERO;
            for (int i = 0; i < CHUNKS; i++) {
                if (chunkSums[i] < 0) {
                    throw new IllegalArgumentException("chunk sum " + i + " is negative: " + chunkSums[i]);
                }
                total = total.add(BigInteger.valueOf(chunkSums[i]).shiftLeft(32 * (CHUNKS - 1 - i)));
            }
            return new Sum(count, total.mod(MODULUS));
        }

        public Sum plus(String hexHash) {
            return merge(this, of(hexHash));
        }

        public static Sum merge(Sum a, Sum b) {
            return new Sum(a.count + b.count, a.sum.add(b.sum).mod(MODULUS));
        }

        /** The dataset hash: SHA-256 of "segpipe-dataset/1", the count and the sum. */
        public String digest() {
            String text = "segpipe-dataset/1\n" + count + "\n" + String.format("%064x", sum) + "\n";
            return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
