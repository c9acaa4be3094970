package io.tern.client;

import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a consumer knows of one queue it owns. Fields touched from pull callbacks (client I/O threads), the polling
 * thread and the consumer's scheduler are volatile or atomic; each has one writer except {@code buffered} (added by
 * pull callbacks, removed by the polling thread) and {@code inFlight}.
 *
 * <p>Every offset below {@code nextPull} is exactly one of: done (polled untracked, or processed), filtered out by the
 * broker, buffered, or in flight. The buffer hands out by priority, so done offsets may lie above buffered ones:
 * {@link #commitOffset} stops below the lowest offset still waiting, or a crash would skip it.
 */
final class QueueState {
    final MessageQueue queue;
    volatile boolean active = true;
    volatile long nextPull;
    volatile long consumed;           // one past the highest polled offset
    volatile long committed = -1;
    final AtomicInteger cached = new AtomicInteger();
    final AtomicLong cachedBytes = new AtomicLong();
    /** Offsets pulled and still in the consumer's buffer: the commit stops below the lowest. */
    final ConcurrentSkipListSet<Long> buffered = new ConcurrentSkipListSet<>();
    /** Offsets handed to a push listener and not yet processed: the commit stops below the lowest. */
    final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();
    volatile boolean paused;
    /** Orderly: when the broker last granted this member the queue's lock (monotonic millis; 0 = not held). */
    volatile long lockedAt;

    QueueState(MessageQueue queue, long start) {
        this.queue = queue;
        this.nextPull = start;
        this.consumed = start;
    }

    /**
     * One past everything done: the highest polled offset + 1, held below the lowest offset still buffered or in flight.
     * A take adds its offset to {@code inFlight} before removing it from {@code buffered}, and this reads
     * {@code buffered} first, so a concurrent take cannot hide an offset from both reads.
     */
    long commitOffset() {
        return Math.min(consumed, Math.min(lowest(buffered), lowest(inFlight)));
    }

    private static long lowest(ConcurrentSkipListSet<Long> offsets) {
        Long first = offsets.ceiling(Long.MIN_VALUE); // null when empty, where first() would throw
        return first == null ? Long.MAX_VALUE : first;
    }
}
