package org.segpipe.core.augment;

import java.util.HashSet;
import java.util.Set;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.generate.SyntheticSample;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.image.RgbImage;

/** Samples for augmentation tests. */
final class TestSamples {

    /** Marks covered image pixels of a coordinate sample; the fill is (0, 0, 0). */
    static final int CONTENT_BLUE = 200;

    private TestSamples() {
    }

    /**
     * A sample whose pixels say where they are: red = x, green = y, blue = 200; instance value
     * {@code 1 + y*width + x}; label {@link #labelAt}. Width and height at most 256.
     */
    static DecodedSample coordinates(String key, int width, int height) {
        RgbImage image = RgbImage.blank(width, height);
        byte[] labels = new byte[width * height];
        short[] instances = new short[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.set(x, y, (x << 16) | (y << 8) | CONTENT_BLUE);
                labels[y * width + x] = (byte) labelAt(x, y);
                instances[y * width + x] = (short) (1 + y * width + x);
            }
        }
        return new DecodedSample(key, Split.TRAIN, image, new ClassMask(width, height, labels, ClassEncoding.LABEL_IDS),
                new InstanceMask(width, height, instances));
    }

    /** Label ids 7..26 in 8x8 blocks: every transform moves a recognisable pattern. */
    static int labelAt(int x, int y) {
        return 7 + (x / 8 + 3 * (y / 8)) % 20;
    }

    /** A generated Cityscapes-like scene (polygons rasterised into consistent labels and instances). */
    static DecodedSample synthetic(long seed, int frame, int width, int height) {
        SyntheticSample s = SyntheticSample.create(seed, Split.TRAIN, new SampleKey("aachen", 0, frame), width, height);
        return new DecodedSample(s.key().toString(), Split.TRAIN, s.image(), s.labelIds(), s.instanceIds());
    }

    static Set<Integer> values(ClassMask m) {
        Set<Integer> out = new HashSet<>();
        long[] h = m.histogram();
        for (int v = 0; v < 256; v++) {
            if (h[v] > 0) {
                out.add(v);
            }
        }
        return out;
    }

    static Set<Integer> values(InstanceMask m) {
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < m.values().length; i++) {
            out.add(m.at(i));
        }
        return out;
    }

    static PipelineAugmenter augmenter(String pipeline, long seed) {
        return new PipelineAugmenter(Pipeline.parse(pipeline, "test.pipeline"), seed, 0);
    }
}
