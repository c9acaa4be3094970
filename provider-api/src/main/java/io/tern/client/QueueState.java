package io.tern.client;

import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a consumer knows of one queue it owns. Fields touched from pull callbacks (client I/O threads), the polling
 * thread and the consumer's scheduler are volatile or atomic; each has one writer except {@code inFlight}.
 */
final class QueueState {
    final MessageQueue queue;
    /** Where this member took the queue up: a transactional rollback rewinds here while the group has no committed offset. */
    final long start;
    volatile boolean active = true;
    volatile long nextPull;
    volatile long consumed;           // one past the last polled offset: what commit() sends
    volatile long committed = -1;
    final AtomicInteger cached = new AtomicInteger();
    final AtomicLong cachedBytes = new AtomicLong();
    /** Offsets handed to a push listener and not yet processed: the commit stops below the lowest. */
    final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();
    volatile boolean paused;
    /** Orderly: when the broker last granted this member the queue's lock (monotonic millis; 0 = not held). */
    volatile long lockedAt;

    QueueState(MessageQueue queue, long start) {
        this.queue = queue;
        this.start = start;
        this.nextPull = start;
        this.consumed = start;
    }

    long commitOffset() {
        Long lowest = inFlight.isEmpty() ? null : inFlight.first();
        return lowest == null ? consumed : Math.min(consumed, lowest);
    }
}
