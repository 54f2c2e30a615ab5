package org.segpipe.core.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal, honest throughput harness: warm up, then run the task repeatedly on N threads for a
 * fixed wall time and count completed runs. Wall-clock based on purpose: it measures what a job
 * would see on this machine, load included.
 */
public final class Throughput {

    /** Completed runs and the seconds they took, across all threads. */
    public record Measurement(long runs, double seconds, int threads) {
        public double runsPerSecond() {
            return runs / seconds;
        }
    }

    private Throughput() {
    }

    public static Measurement measure(Runnable task, int threads, double warmupSeconds, double seconds) {
        run(task, threads, warmupSeconds);
        return run(task, threads, seconds);
    }

    private static Measurement run(Runnable task, int threads, double seconds) {
        AtomicLong runs = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        long[] deadline = new long[1];
        List<Thread> workers = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                    while (System.nanoTime() < deadline[0]) {
                        task.run();
                        runs.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            }, "bench-" + t);
            workers.add(w);
            w.start();
        }
        long t0 = System.nanoTime();
        deadline[0] = t0 + (long) (seconds * 1e9);
        start.countDown();
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (failure[0] != null) {
            throw new IllegalStateException("benchmark task failed", failure[0]);
        }
        return new Measurement(runs.get(), (System.nanoTime() - t0) / 1e9, threads);
    }
}
