package org.segpipe.core.dataset;

import org.segpipe.core.cityscapes.SamplePair;

/**
 * The bytes of one sample's files as read from storage; optional files are null when absent.
 */
public record SampleFiles(SamplePair pair, byte[] image, byte[] labelIds, byte[] instanceIds, byte[] color,
                          byte[] polygons) {
}
