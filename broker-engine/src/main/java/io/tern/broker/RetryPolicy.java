package io.tern.broker;

import java.time.Duration;
import java.util.List;

/**
 * When a failed message is delivered again, and when it is given up on.
 *
 * @param maxDeliveries a message delivered this many times and failed again goes to the group's dead-letter queue
 * @param backoff       the wait before the n-th redelivery is {@code backoff[n-1]}; past the end, the last entry
 */
public record RetryPolicy(int maxDeliveries, List<Duration> backoff) {
    public static final int DEFAULT_MAX_DELIVERIES = 16;
    /**
     * RocketMQ's series from its level 3 on (10 s ... 2 h): a poison message costs 15 deliveries over about 4 h 46 m
     * before it is parked, enough to ride out a downstream outage of a few hours without a human.
     */
    public static final List<Duration> DEFAULT_BACKOFF = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(4), Duration.ofMinutes(5),
            Duration.ofMinutes(6), Duration.ofMinutes(7), Duration.ofMinutes(8), Duration.ofMinutes(9), Duration.ofMinutes(10),
            Duration.ofMinutes(20), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2));

    public RetryPolicy {
        backoff = List.copyOf(backoff);
    }

    /** The wait after a message's {@code deliveries}-th failed delivery (1 = the first). */
    public long backoffMillis(int deliveries) {
        int i = Math.min(Math.max(deliveries, 1), backoff.size()) - 1;
        return backoff.get(i).toMillis();
    }

    /** A message delivered {@code deliveries} times that failed goes to the dead-letter queue. */
    public boolean exhausted(int deliveries) {
        return deliveries >= maxDeliveries;
    }
}
