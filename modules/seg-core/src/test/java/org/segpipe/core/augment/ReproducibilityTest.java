package org.segpipe.core.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.segpipe.core.dataset.DecodedSample;

class ReproducibilityTest {

    private static final String PIPELINE = "scale(min=0.5, max=2.0); crop(height=40, width=80, cat-max-ratio=0.75); "
            + "hflip(p=0.5); rotate(max-degrees=5, p=0.5); photometric; noise(max-sigma=8, p=0.5); blur(p=0.3)";

    /**
     * The sample seed derivation is pinned: changing it would silently change every augmented
     * dataset and every training run made before.
     */
    @Test
    void sampleSeedsArePinned() {
        assertEquals(SampleSeeds.sampleSeed(42, "aachen_000000_000019", 0), SampleSeeds.sampleSeed(42, "aachen_000000_000019", 0));
        // Python: struct.unpack('>q', sha256(b'segpipe.augment.v1' + pack('>q', 42) + pack('>i', 20)
        //         + b'aachen_000000_000019' + pack('>i', 0)).digest()[:8])[0]
        assertEquals(2398445620887446531L, SampleSeeds.sampleSeed(42, "aachen_000000_000019", 0));
        long a = SampleSeeds.sampleSeed(42, "aachen_000000_000019", 1);
        long b = SampleSeeds.sampleSeed(43, "aachen_000000_000019", 0);
        long c = SampleSeeds.sampleSeed(42, "aachen_000000_000020", 0);
        assertFalse(a == b || b == c || a == c);
    }

    @Test
    void sameSeedKeyAndEpochGiveTheSameBytesDifferentEpochsDiffer() {
        DecodedSample in = TestSamples.synthetic(1, 19, 128, 64);
        PipelineAugmenter aug = TestSamples.augmenter(PIPELINE, 11);
        DecodedSample x = aug.augment(in, 3);
        DecodedSample y = TestSamples.augmenter(PIPELINE, 11).augment(in, 3);
        GeometryPropertyTest.assertSame(x, y, "seed 11, epoch 3");
        int differing = 0;
        for (int epoch = 0; epoch < 6; epoch++) {
            if (!Arrays.equals(x.image().rgb(), aug.augment(in, epoch).image().rgb())) {
                differing++;
            }
        }
        assertEquals(5, differing, "only epoch 3 repeats epoch 3's draw (seed 11)");
        assertFalse(Arrays.equals(x.image().rgb(), TestSamples.augmenter(PIPELINE, 12).augment(in, 3).image().rgb()),
                "another seed draws differently");
    }

    /** The input's buffers are never written to, and threads share one augmenter safely. */
    @Test
    void threadsAndOrderDoNotMatter() throws Exception {
        List<DecodedSample> inputs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            inputs.add(TestSamples.synthetic(2, 30 + i, 96, 48));
        }
        byte[] before = inputs.get(0).image().rgb().clone();
        PipelineAugmenter aug = TestSamples.augmenter(PIPELINE, 5);
        List<DecodedSample> sequential = new ArrayList<>();
        for (DecodedSample s : inputs) {
            sequential.add(aug.augment(s, 1));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<DecodedSample>> futures = new ArrayList<>();
            for (int i = inputs.size() - 1; i >= 0; i--) {
                DecodedSample s = inputs.get(i);
                futures.add(pool.submit(() -> aug.augment(s, 1)));
            }
            for (int i = 0; i < inputs.size(); i++) {
                GeometryPropertyTest.assertSame(sequential.get(inputs.size() - 1 - i), futures.get(i).get(),
                        "sample " + (inputs.size() - 1 - i) + " on a pool, seed 5");
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(Arrays.toString(before), Arrays.toString(inputs.get(0).image().rgb()), "input untouched");
    }

    /** A serialized copy (as Spark ships it to executors) draws the same. */
    @Test
    void serializedAugmenterDrawsTheSame() throws Exception {
        PipelineAugmenter aug = TestSamples.augmenter(PIPELINE, 9);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(aug);
        }
        PipelineAugmenter copy;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (PipelineAugmenter) in.readObject();
        }
        DecodedSample s = TestSamples.synthetic(3, 19, 96, 48);
        GeometryPropertyTest.assertSame(aug.augment(s, 2), copy.augment(s, 2), "seed 9");
        assertEquals(aug.augmentWithParams(s, 2).paramsJson(), copy.augmentWithParams(s, 2).paramsJson());
    }
}
