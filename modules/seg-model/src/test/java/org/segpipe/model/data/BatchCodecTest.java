package org.segpipe.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.RgbImage;

class BatchCodecTest {

    /**
     * A 2x1 image: pixel (0,0) is (255, 0, 51) with label id 26 (car, train id 13); pixel (1,0) is
     * black with label id 0 (unlabeled, train id 255).
     */
    private static DecodedSample sample(String key) {
        RgbImage img = new RgbImage(2, 1, new byte[] {(byte) 255, 0, 51, 0, 0, 0});
        ClassMask labels = new ClassMask(2, 1, new byte[] {26, 0}, ClassEncoding.LABEL_IDS);
        return new DecodedSample(key, Split.TRAIN, img, labels, null);
    }

    @Test
    void featuresAreImageNetNormalisedNhwcAndLabelsAreTrainIds() {
        EncodedBatch b = BatchCodec.encode(List.of(sample("a_000000_000000")), 1, 2, true);
        INDArray f = BatchCodec.features(b);
        assertArrayEquals(new long[] {1, 1, 2, 3}, f.shape());
        assertEquals((1f - 0.485f) / 0.229f, f.getFloat(0, 0, 0, 0), 1e-6);
        assertEquals((0f - 0.456f) / 0.224f, f.getFloat(0, 0, 0, 1), 1e-6);
        assertEquals((51 / 255f - 0.406f) / 0.225f, f.getFloat(0, 0, 0, 2), 1e-6);
        INDArray l = BatchCodec.labels(b);
        assertArrayEquals(new long[] {1, 1, 2, 1}, l.shape());
        assertEquals(13, l.getFloat(0, 0, 0, 0));
        assertEquals(255, l.getFloat(0, 0, 1, 0));
    }

    @Test
    void smallerImagesArePaddedWithTheMeanColourAndIgnoreLabels() {
        EncodedBatch b = BatchCodec.encode(List.of(sample("a_000000_000000")), 2, 4, true);
        assertEquals(1, b.validHeight(0));
        assertEquals(2, b.validWidth(0));
        INDArray f = BatchCodec.features(b);
        for (int c = 0; c < 3; c++) {
            assertTrue(Math.abs(f.getFloat(0, 1, 3, c)) < 0.01, "padding normalises to about 0");
        }
        assertEquals(255, BatchCodec.labels(b).getFloat(0, 1, 3, 0));
        assertArrayEquals(new byte[] {13, (byte) 255}, BatchCodec.trainIds(b, 0).values());
        assertArrayEquals(sample("x").image().rgb(), BatchCodec.image(b, 0).rgb());
        assertThrows(IllegalArgumentException.class, () -> BatchCodec.encode(List.of(sample("a")), 1, 1, true));
    }

    @Test
    void concatKeepsOrderAndContent() {
        EncodedBatch a = BatchCodec.encode(List.of(sample("a")), 1, 2, true);
        EncodedBatch b = BatchCodec.encode(List.of(sample("b")), 1, 2, true);
        EncodedBatch ab = BatchCodec.concat(List.of(a, b));
        assertEquals(List.of("a", "b"), ab.keys());
        assertEquals(BatchCodec.features(a).getFloat(0, 0, 0, 0), BatchCodec.features(ab).getFloat(1, 0, 0, 0), 0);
        EncodedBatch other = BatchCodec.encode(List.of(sample("c")), 2, 2, true);
        assertThrows(IllegalArgumentException.class, () -> BatchCodec.concat(List.of(a, other)));
    }

    @Test
    void cropsDependOnlyOnSeedKeyAndEpochAndStayInside() {
        Crops.Window w = Crops.random(42, "aachen_000001_000019", 3, 2048, 1024, 512, 256);
        assertEquals(w, Crops.random(42, "aachen_000001_000019", 3, 2048, 1024, 512, 256));
        assertNotEquals(w, Crops.random(42, "aachen_000001_000019", 4, 2048, 1024, 512, 256));
        assertNotEquals(w, Crops.random(43, "aachen_000001_000019", 3, 2048, 1024, 512, 256));
        for (int e = 0; e < 50; e++) {
            Crops.Window x = Crops.random(1, "k", e, 70, 40, 64, 32);
            assertTrue(x.x() >= 0 && x.x() + 64 <= 70 && x.y() >= 0 && x.y() + 32 <= 40, x.toString());
        }
        var small = assertThrows(IllegalArgumentException.class, () -> Crops.random(1, "k", 0, 60, 40, 64, 32));
        assertEquals("k: image of 60x40 is smaller than the training crop 64x32", small.getMessage());
        DecodedSample cropped = Crops.apply(sample("k"), new Crops.Window(1, 0, 1, 1));
        assertArrayEquals(new byte[] {0, 0, 0}, cropped.image().rgb());
        assertArrayEquals(new byte[] {0}, cropped.labelIds().values());
    }
}
