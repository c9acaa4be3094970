package io.tern.examples.flashsale;

/**
 * The system behind the sale that cannot go faster than it goes (a stock database, a payment provider): the
 * workers call it one purchase at a time and it blocks until it can take the next one.
 */
@FunctionalInterface
public interface StockSystem {
    void reserve(String purchase) throws InterruptedException;

    /** A stock system that takes {@code perSecond} purchases a second, evenly spaced. */
    static StockSystem paced(int perSecond) {
        long gapNanos = 1_000_000_000L / perSecond;
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        return purchase -> {
            long slot = next.getAndUpdate(n -> Math.max(n, System.nanoTime()) + gapNanos);
            long wait = slot - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
            }
        };
    }
}
