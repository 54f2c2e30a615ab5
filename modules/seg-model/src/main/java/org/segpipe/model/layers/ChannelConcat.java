package org.segpipe.model.layers;

import org.deeplearning4j.nn.conf.graph.MergeVertex;

/**
 * DL4J's {@link MergeVertex} (concatenation along the channel axis, which DL4J infers as 3 for
 * NHWC inputs when the graph is built) with a {@link #clone()} that keeps that axis. DL4J
 * 1.0.0-M2.1's {@code MergeVertex.clone()} returns a fresh vertex with the default axis 1, so any
 * cloned configuration (dl4j-spark's workers build their networks from {@code conf.clone()})
 * concatenated NHWC skip connections along the height and failed. Serialized models keep the axis
 * in their JSON either way.
 */
public class ChannelConcat extends MergeVertex {

    private static final long serialVersionUID = 1L;

    @Override
    public ChannelConcat clone() {
        ChannelConcat c = new ChannelConcat();
        c.setMergeAxis(getMergeAxis());
        c.setModified(isModified());
        return c;
    }
}
