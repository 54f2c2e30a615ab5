package org.segpipe.core.metrics.instance;

import java.io.Serializable;

/** How many true and false entries share one score, the unit the AP curve is built from. */
public record ScoreCount(double score, long trues, long falses) implements Serializable {
}
