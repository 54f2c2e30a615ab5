package org.segpipe.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.segpipe.core.dataset.DecodedSample;

class SamplePngsTest {

    @Test
    void everyLevelDecodesToTheSamePixels() {
        DecodedSample s = TestSamples.synthetic(4, 19, 128, 64);
        SamplePngs fast = SamplePngs.encode(s, 1);
        SamplePngs small = SamplePngs.encode(s, 9);
        for (SamplePngs p : new SamplePngs[] {fast, small}) {
            DecodedSample back = DecodedSample.decode(s.key(), s.split(), p.image(), p.labelIds(), p.instanceIds(), "test");
            GeometryPropertyTest.assertSame(s, back, "round trip");
        }
        assertTrue(small.image().length <= fast.image().length);
        DecodedSample noInstances = new DecodedSample(s.key(), s.split(), s.image(), s.labelIds(), null);
        assertNull(SamplePngs.encode(noInstances, 1).instanceIds());
        assertArrayEquals(fast.labelIds(), SamplePngs.encode(s, 1).labelIds(), "same pixels, same level, same bytes");
        assertThrows(IllegalArgumentException.class, () -> SamplePngs.encode(s, 10));
    }
}
