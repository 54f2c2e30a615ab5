/**
 * PNG codecs: {@link org.segpipe.core.png.PngDecoder} (strict, streaming, 8/16-bit),
 * {@link org.segpipe.core.png.PngEncoder} (deterministic), and
 * {@link org.segpipe.core.png.PngImages}, which decodes and encodes by role (camera image, label
 * ids, instance ids) and refuses the wrong bit depth or colour type with a message naming the file.
 */
package org.segpipe.core.png;
