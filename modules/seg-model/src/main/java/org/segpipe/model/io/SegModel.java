package org.segpipe.model.io;

import org.deeplearning4j.nn.graph.ComputationGraph;

/** A network with what it needs to be trained further or used: its {@link ModelMetadata}. */
public record SegModel(ComputationGraph network, ModelMetadata metadata) {
}
