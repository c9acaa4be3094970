package io.tern.broker.internal.delay;

import io.tern.message.Message;
import io.tern.message.Properties;
import io.tern.message.SystemProperties;

import java.time.Duration;
import java.util.List;

/**
 * Resolves a sent message's delivery time and expiry against the broker clock: {@code __TERN_DELAY_MS} and
 * {@code __TERN_DELAY_LEVEL} become {@code __TERN_DELIVER_AT}, {@code __TERN_TTL_MS} becomes {@code __TERN_EXPIRES_AT}
 * (see {@link SystemProperties}), and a delay beyond {@code maxDelay} or a malformed value is refused with a reason.
 * Runs on the send path (the Netty event loop): arithmetic only. Immutable, any thread.
 */
public final class DeliveryTimes {
    private final long maxDelayMillis;
    private final List<Duration> levels;

    public DeliveryTimes(Duration maxDelay, List<Duration> levels) {
        this.maxDelayMillis = maxDelay.toMillis();
        this.levels = List.copyOf(levels);
    }

    /**
     * What to store.
     *
     * @param message   the message with absolute times only (the same instance if it had no reserved property)
     * @param deliverAt when it is due, epoch millis; 0 if it is due now
     * @param refusal   why it is refused, or null
     */
    public record Resolved(Message message, long deliverAt, String refusal) {
        public boolean delayed() {
            return deliverAt != 0;
        }
    }

    public Resolved resolve(Message m, long now) {
        Properties p = m.properties();
        if (!hasReserved(p)) {
            return new Resolved(m, 0, null);
        }
        Object at = p.get(SystemProperties.DELIVER_AT);
        Object delay = p.get(SystemProperties.DELAY_MILLIS);
        Object level = p.get(SystemProperties.DELAY_LEVEL);
        long deliverAt;
        try {
            deliverAt = deliverAt(at, delay, level, now);
            Properties.Builder b = Properties.builder().putAll(p).remove(SystemProperties.DELIVER_AT).remove(SystemProperties.DELAY_MILLIS)
                    .remove(SystemProperties.DELAY_LEVEL).remove(SystemProperties.TTL_MILLIS)
                    .remove(SystemProperties.REAL_TOPIC).remove(SystemProperties.REAL_QUEUE);
            if (deliverAt > now) {
                b.put(SystemProperties.DELIVER_AT, deliverAt);
            }
            Long expiresAt = expiresAt(p.get(SystemProperties.EXPIRES_AT), p.get(SystemProperties.TTL_MILLIS), now);
            if (expiresAt != null) {
                b.put(SystemProperties.EXPIRES_AT, expiresAt);
            }
            Message out = new Message(m.id(), m.topic(), m.queueId(), m.bornTimestamp(), m.flags(), m.tag(), m.keys(), b.build(), m.body());
            return new Resolved(out, deliverAt > now ? deliverAt : 0, null);
        } catch (IllegalArgumentException e) {
            return new Resolved(m, 0, "message " + m.id() + ": " + e.getMessage());
        }
    }

    private long deliverAt(Object at, Object delay, Object level, long now) {
        int given = (at != null ? 1 : 0) + (delay != null ? 1 : 0) + (level != null ? 1 : 0);
        if (given == 0) {
            return now;
        }
        if (given > 1) {
            throw new IllegalArgumentException("set only one of " + SystemProperties.DELIVER_AT + ", "
                    + SystemProperties.DELAY_MILLIS + ", " + SystemProperties.DELAY_LEVEL);
        }
        long d;
        if (at != null) {
            d = asLong(SystemProperties.DELIVER_AT, at) - now;
        } else if (delay != null) {
            d = asLong(SystemProperties.DELAY_MILLIS, delay);
            if (d < 0) {
                throw new IllegalArgumentException("delay " + d + " ms is negative");
            }
        } else {
            d = levelDelay(level);
        }
        if (d > maxDelayMillis) {
            throw new IllegalArgumentException("delay " + Duration.ofMillis(d) + " exceeds the broker's maximum delay "
                    + Duration.ofMillis(maxDelayMillis) + " (setting maxDelay)");
        }
        return now + Math.max(0, d);
    }

    private long levelDelay(Object level) {
        if (!(level instanceof Integer n) || n < 1 || n > levels.size()) {
            throw new IllegalArgumentException("delay level " + level + " is not one of this broker's levels 1-" + levels.size());
        }
        return levels.get(n - 1).toMillis();
    }

    private static Long expiresAt(Object at, Object ttl, long now) {
        if (at != null && ttl != null) {
            throw new IllegalArgumentException("set only one of " + SystemProperties.EXPIRES_AT + ", " + SystemProperties.TTL_MILLIS);
        }
        if (ttl != null) {
            long t = asLong(SystemProperties.TTL_MILLIS, ttl);
            if (t <= 0) {
                throw new IllegalArgumentException("time-to-live " + t + " ms must be positive");
            }
            return now + t;
        }
        return at == null ? null : asLong(SystemProperties.EXPIRES_AT, at);
    }

    private static long asLong(String name, Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer i) {
            return i;
        }
        throw new IllegalArgumentException(name + " must be a LONG (epoch or duration millis), not " + v);
    }

    private static boolean hasReserved(Properties p) {
        for (String name : p.names()) {
            if (name.startsWith(SystemProperties.PREFIX)) {
                return true;
            }
        }
        return false;
    }
}
