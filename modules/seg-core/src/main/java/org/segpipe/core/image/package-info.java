/**
 * Compact pixel containers: {@link org.segpipe.core.image.RgbImage} (interleaved bytes),
 * {@link org.segpipe.core.image.ClassMask} (one byte per pixel, label or train ids) and
 * {@link org.segpipe.core.image.InstanceMask} (16-bit instance ids). No per-pixel objects.
 */
package org.segpipe.core.image;
