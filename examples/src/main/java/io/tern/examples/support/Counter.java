package io.tern.examples.support;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A count that threads can wait on ("wait until the inventory has reserved 50 orders"): what the examples use
 * instead of sleeping. Thread-safe.
 */
public final class Counter {
    private final String what;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long value;

    /** {@code what} names the count in the error of a wait that runs out ("orders reserved"). */
    public Counter(String what) {
        this.what = what;
    }

    public long increment() {
        lock.lock();
        try {
            value++;
            changed.signalAll();
            return value;
        } finally {
            lock.unlock();
        }
    }

    public long get() {
        lock.lock();
        try {
            return value;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the count is at least {@code target}. A wait that runs out is an {@link IllegalStateException}
     * naming the count, its value and the target: the example has failed, and says where.
     */
    public void awaitAtLeast(long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (value < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(what + ": " + value + " after " + timeout.toSeconds() + " s, expected " + target
                            + " (is ./tern standalone running and reachable?)");
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }
}
