/**
 * The fast UNet layers: DL4J layers and vertices on channels-last ({@code [N, H, W, C]})
 * activations whose forward and backward passes call libnd4j's native ops directly
 * ({@code conv2d}/{@code conv2d_bp} through oneDNN, {@code batchnorm}, BLAS), instead of DL4J's
 * built-in layers, whose M2.1 CPU path is im2col + GEMM in Java with its oneDNN helpers switched
 * off. They compute the same function as the built-in layers with the same parameters
 * ({@code StandardEquivalenceTest}) and pass DL4J's numerical gradient checks.
 */
package org.segpipe.model.layers;
