package org.segpipe.core.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak memory over a measurement: the used heap sampled every 5 ms by a daemon thread, and the
 * process's peak resident set (VmHWM from /proc, where available; it covers the whole life of the
 * process, JVM and native memory included).
 */
final class MemoryPeak {

    record Peak(long heapBytes, long rssBytes) {
    }

    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long max;

    private MemoryPeak() {
        sampler = new Thread(() -> {
            Runtime rt = Runtime.getRuntime();
            while (running) {
                long used = rt.totalMemory() - rt.freeMemory();
                if (used > max) {
                    max = used;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-peak");
        sampler.setDaemon(true);
    }

    static MemoryPeak start() {
        System.gc();
        MemoryPeak p = new MemoryPeak();
        p.sampler.start();
        return p;
    }

    Peak stop() {
        running = false;
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Peak(max, rssPeak());
    }

    static long rssPeak() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no figure
        }
        return -1;
    }
}
