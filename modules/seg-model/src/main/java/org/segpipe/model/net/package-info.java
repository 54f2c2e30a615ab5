/**
 * The UNet family: its configuration ({@link org.segpipe.model.net.UNetConfig}), the builder of the
 * fast network ({@link org.segpipe.model.net.UNetBuilder}), the same network from DL4J's built-in
 * layers as baseline and reference ({@link org.segpipe.model.net.StandardUNet}), and the per-layer
 * summary ({@link org.segpipe.model.net.ModelSummary}).
 */
package org.segpipe.model.net;
