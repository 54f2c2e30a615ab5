package org.segpipe.spark;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wall time per phase of a job run on the driver, in the order the phases ran. One per run; not thread-safe. */
public final class PhaseClock {

    private final long start = System.nanoTime();
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private long mark = start;

    /** Ends a phase named {@code name}: the time since the previous lap, or since the clock was made. */
    public void lap(String name) {
        long now = System.nanoTime();
        seconds.put(name, (now - mark) / 1e9);
        mark = now;
    }

    /** Seconds per phase so far. */
    public Map<String, Double> seconds() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
    }

    /** Seconds since the clock was made. */
    public double totalSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}
