package org.segpipe.core.dataset;

import java.util.List;
import org.segpipe.core.cityscapes.SamplePair;

/**
 * The outcome of validating one sample.
 *
 * @param pair           the sample
 * @param width          image width, 0 when the image could not be decoded
 * @param height         image height, 0 when the image could not be decoded
 * @param classPixels    pixels per label id 0..33 from the labelIds image
 * @param instanceCounts distinct instances per label id 0..33 from the instanceIds image
 * @param problems       empty when the sample is usable
 */
public record SampleCheck(SamplePair pair, int width, int height, long[] classPixels, int[] instanceCounts,
                          List<DataProblem> problems) {

    public boolean ok() {
        return problems.isEmpty();
    }
}
