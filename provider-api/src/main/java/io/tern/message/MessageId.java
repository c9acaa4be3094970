package io.tern.message;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A message's 128-bit identity, given by the producer and never changed afterwards: not on retry,
 * not in the dead-letter queue, not when a transaction commits or a delayed message comes due.
 *
 * <pre>
 *  hi:  | 48 bits: producer clock, epoch millis | 16 bits: instance (high) |
 *  lo:  | 32 bits: instance (low)               | 32 bits: counter         |
 * </pre>
 *
 * Ids from one generator are unique (the counter wraps only after 2^32 ids, and then the millis have moved on)
 * and roughly time-ordered across generators. The 48-bit instance is random per generator, so two producers
 * collide only if they draw the same 48 bits and also produce in the same millisecond with the same counter.
 * Text form: 32 lower-case hex digits; {@code JMSMessageID} is {@code "ID:"} followed by it.
 */
public final class MessageId implements Comparable<MessageId> {
    public static final int BYTES = 16;

    private final long hi;
    private final long lo;

    public MessageId(long hi, long lo) {
        this.hi = hi;
        this.lo = lo;
    }

    public long hi() {
        return hi;
    }

    public long lo() {
        return lo;
    }

    /** The producer's clock when the id was made, in epoch milliseconds. */
    public long timestampMillis() {
        return hi >>> 16;
    }

    public static MessageId parse(String text) {
        if (text == null || text.length() != 32) {
            throw new IllegalArgumentException("message id must be 32 hex digits, got: " + text);
        }
        try {
            return new MessageId(Long.parseUnsignedLong(text, 0, 16, 16), Long.parseUnsignedLong(text, 16, 32, 16));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("message id must be 32 hex digits, got: " + text, e);
        }
    }

    @Override
    public String toString() {
        return hex16(hi) + hex16(lo);
    }

    private static String hex16(long v) {
        String s = Long.toHexString(v);
        return "0".repeat(16 - s.length()) + s;
    }

    @Override
    public int compareTo(MessageId o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageId other && other.hi == hi && other.lo == lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi * 31 + lo);
    }

    /** Makes ids for one producer instance. Thread-safe. */
    public static final class Generator {
        private static final SecureRandom SEEDS = new SecureRandom();

        private final long instance; // 48 bits
        private final AtomicInteger counter;

        public Generator() {
            this(SEEDS.nextLong() & 0xFFFF_FFFF_FFFFL, SEEDS.nextInt());
        }

        Generator(long instance, int firstCounter) {
            this.instance = instance & 0xFFFF_FFFF_FFFFL;
            this.counter = new AtomicInteger(firstCounter);
        }

        public MessageId next(long nowMillis) {
            long hi = (nowMillis << 16) | (instance >>> 32);
            long lo = ((instance & 0xFFFF_FFFFL) << 32) | (counter.getAndIncrement() & 0xFFFF_FFFFL);
            return new MessageId(hi, lo);
        }

        public MessageId next() {
            return next(System.currentTimeMillis());
        }
    }
}
