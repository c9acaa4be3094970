package io.tern.client.internal;

import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * What an offset-mode consumer has pulled and not yet handed out: highest priority first and, within a priority, in
 * the order the items were offered. A consumer offers each queue's messages in offset order, so equal priorities of a
 * queue leave in offset (send) order, while a higher priority that arrived later, from any queue, leaves first.
 *
 * <p>Priority is strict: a steady stream of higher priorities delays lower ones for as long as it lasts, as JMS allows
 * (priority is best effort there). Nothing else is overtaken: the arrival sequence is a 64-bit counter (at 10^9 offers
 * per second it would wrap after 292 years), so within a priority every item leaves in turn.
 *
 * <p>Unbounded: the consumer bounds it by pausing each queue's pulls at its cache limits.
 *
 * <p>Thread rules: any thread may call anything. Offers come from pull answers (client I/O threads), polls from the
 * consuming thread (the application's, or a push consumer's feeder), {@link #removeIf} from the rebalancing thread;
 * all meet at the one lock of a {@link PriorityBlockingQueue}, held for one heap step, O(log n) (removeIf: O(n), on
 * rebalancing only).
 */
public final class PriorityBuffer<T> {
    private record Entry<T>(T item, int priority, long arrival) {
    }

    private static final Comparator<Entry<?>> ORDER = (a, b) -> a.priority != b.priority
            ? Integer.compare(b.priority, a.priority)
            : Long.compare(a.arrival, b.arrival);

    private final PriorityBlockingQueue<Entry<T>> entries = new PriorityBlockingQueue<>(64, ORDER);
    private final AtomicLong arrivals = new AtomicLong();

    /** Adds {@code item}; it leaves after every item of higher priority and every earlier one of its priority. */
    public void offer(T item, int priority) {
        entries.offer(new Entry<>(item, priority, arrivals.getAndIncrement()));
    }

    /** The first item, waiting up to {@code timeout} for one; null if none came. */
    public T poll(Duration timeout) throws InterruptedException {
        return item(entries.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** The first item, or null if the buffer is empty. */
    public T poll() {
        return item(entries.poll());
    }

    /** Drops every item {@code filter} accepts (a queue given up); true if any was dropped. */
    public boolean removeIf(Predicate<? super T> filter) {
        return entries.removeIf(e -> filter.test(e.item));
    }

    /** Items buffered now. */
    public int size() {
        return entries.size();
    }

    private static <T> T item(Entry<T> e) {
        return e == null ? null : e.item;
    }
}
