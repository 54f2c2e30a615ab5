package org.segpipe.core.png;

/**
 * Decoded samples of a PNG. For 8-bit images {@link #samples8()} holds {@code width*height*channels}
 * bytes; for 16-bit images {@link #samples16()} holds as many unsigned shorts. Palette images keep
 * their indices as samples and the palette (packed 0xRRGGBB) in {@link #palette()}.
 */
public record DecodedPng(PngHeader header, byte[] samples8, short[] samples16, int[] palette) {
}
