package org.segpipe.core.cityscapes;

/**
 * A file that could not be paired, with the reason.
 *
 * @param path   the offending file
 * @param reason what was expected and what was found
 */
public record PairingProblem(String path, String reason) {
}
