package io.tern.ra.inbound;

/**
 * Reconnect delays: 1 s doubling to 30 s, reset after a success. Not thread-safe: one activation's timer uses it.
 */
final class Backoff {
    static final long FIRST_MILLIS = 1_000;
    static final long MAX_MILLIS = 30_000;
    private long next = FIRST_MILLIS;

    long next() {
        long d = next;
        next = Math.min(MAX_MILLIS, next * 2);
        return d;
    }

    void reset() {
        next = FIRST_MILLIS;
    }
}
