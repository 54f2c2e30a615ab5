package org.segpipe.core.cityscapes;

/**
 * An image with its annotation files. Paths are as listed (local paths or URIs); optional files are
 * null when absent.
 */
public record SamplePair(
        Split split,
        SampleKey key,
        String imagePath,
        String labelIdsPath,
        String instanceIdsPath,
        String colorPath,
        String polygonsPath) {
}
