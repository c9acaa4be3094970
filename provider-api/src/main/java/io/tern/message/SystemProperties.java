package io.tern.message;

/**
 * Property names Tern reserves for itself. All begin with {@code __TERN_}; applications must not use that prefix.
 *
 * <p>A producer sets at most one of {@link #DELIVER_AT}, {@link #DELAY_MILLIS}, {@link #DELAY_LEVEL}, and at most one of
 * {@link #EXPIRES_AT}, {@link #TTL_MILLIS}. The broker resolves the relative forms against its own clock when the
 * send arrives (so producer clock skew does not matter), stores only the absolute ones, and removes the relative ones.
 */
public final class SystemProperties {
    /** LONG epoch millis: deliver no earlier than this. A time not in the future means "now". */
    public static final String DELIVER_AT = "__TERN_DELIVER_AT";
    /** LONG millis after the broker receives the send; becomes {@link #DELIVER_AT}. Must not be negative. */
    public static final String DELAY_MILLIS = "__TERN_DELAY_MS";
    /** INT 1..N: one of the broker's named delay levels (RocketMQ's 18 by default: 1s 5s 10s 30s 1m ... 2h). */
    public static final String DELAY_LEVEL = "__TERN_DELAY_LEVEL";
    /** LONG epoch millis: never deliver at or after this; the message is counted and maybe routed to the expiry topic. */
    public static final String EXPIRES_AT = "__TERN_EXPIRES_AT";
    /** LONG millis after the broker receives the send; becomes {@link #EXPIRES_AT}. Must be positive. */
    public static final String TTL_MILLIS = "__TERN_TTL_MS";
    /** STRING, on a message in the schedule topic: the topic it is delivered to when due. Broker-internal. */
    public static final String REAL_TOPIC = "__TERN_REAL_TOPIC";
    /** INT, on a message in the schedule topic: the queue it is delivered to when due. Broker-internal. */
    public static final String REAL_QUEUE = "__TERN_REAL_QID";
    /** STRING, on a message in the expiry topic: the topic it expired in. */
    public static final String EXPIRED_FROM = "__TERN_EXPIRED_FROM";
    /** The prefix of every reserved name. */
    public static final String PREFIX = "__TERN_";

    private SystemProperties() {
    }
}
