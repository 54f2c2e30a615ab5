package org.segpipe.spark.train;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads ahead of a slow consumer: a daemon thread pulls up to {@code capacity} items from the
 * source (here, Spark's local iterator, so the next partition's job runs while the trainer works
 * on the current one). Memory stays bounded by the capacity; a failure in the source is rethrown
 * to the consumer. Capacity 0 means no thread: the source is read directly.
 */
final class Prefetch<T> implements Iterator<T> {

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Iterator<T> direct;
    private Object next;

    private Prefetch(Iterator<T> source, int capacity, String name) {
        if (capacity <= 0) {
            this.direct = source;
            this.queue = null;
            return;
        }
        this.direct = null;
        this.queue = new ArrayBlockingQueue<>(capacity);
        Thread t = new Thread(() -> {
            try {
                while (source.hasNext()) {
                    queue.put(source.next());
                }
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                try {
                    queue.put(new Failure(e));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    static <T> Iterator<T> of(Iterator<T> source, int capacity, String name) {
        return capacity <= 0 ? source : new Prefetch<>(source, capacity, name);
    }

    private record Failure(Throwable error) {
    }

    @Override
    public boolean hasNext() {
        if (direct != null) {
            return direct.hasNext();
        }
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next batch", e);
            }
        }
        if (next instanceof Failure f) {
            next = null;
            if (f.error() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("reading batches failed: " + f.error(), f.error());
        }
        return next != END;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (direct != null) {
            return direct.next();
        }
        T v = (T) next;
        next = null;
        return v;
    }
}
