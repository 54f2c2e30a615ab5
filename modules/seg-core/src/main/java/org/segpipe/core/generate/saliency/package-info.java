/**
 * Synthetic salient-object data ({@code seg generate --task saliency}): per split, an
 * {@code images/} folder of RGB PNGs and a {@code masks/} folder of 8-bit grey PNGs (0 or 255)
 * with the same stems, the layout of DUTS, ECSSD and HKU-IS.
 */
package org.segpipe.core.generate.saliency;
