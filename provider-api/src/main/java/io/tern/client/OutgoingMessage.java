package io.tern.client;

import io.tern.message.Properties;
import io.tern.message.SystemProperties;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A message to send: the producer adds its id, queue and born time. Delivery time and expiry travel as the reserved
 * properties of {@link SystemProperties}; the builder's {@code deliverAt}/{@code delay}/{@code delayLevel} and
 * {@code expiresAt}/{@code ttl} set them (the broker refuses a delay beyond its {@code maxDelay}, 30 days by default).
 *
 * @param topic      where it goes
 * @param tag        the tag (JMSType), or null
 * @param keys       user keys, indexed for lookup
 * @param properties typed properties
 * @param body       the payload
 */
public record OutgoingMessage(String topic, String tag, List<String> keys, Properties properties, byte[] body) {
    public OutgoingMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(body, "body");
        keys = keys == null ? List.of() : List.copyOf(keys);
        properties = properties == null ? Properties.EMPTY : properties;
    }

    public static Builder to(String topic) {
        return new Builder(topic);
    }

    /** Builds an {@link OutgoingMessage}. Not thread-safe. */
    public static final class Builder {
        private final String topic;
        private String tag;
        private final List<String> keys = new ArrayList<>();
        private final Properties.Builder properties = Properties.builder();
        private byte[] body = new byte[0];

        private Builder(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
        }

        public Builder tag(String tag) { this.tag = tag; return this; }
        public Builder key(String key) { keys.add(key); return this; }
        public Builder property(String name, Object value) { properties.put(name, value); return this; }
        public Builder body(byte[] body) { this.body = body; return this; }
        public Builder body(String text) { this.body = text.getBytes(StandardCharsets.UTF_8); return this; }

        /** Deliver no earlier than {@code time} (broker clock); a time in the past delivers at once. */
        public Builder deliverAt(Instant time) {
            clearDelivery();
            properties.put(SystemProperties.DELIVER_AT, time.toEpochMilli());
            return this;
        }

        /** Deliver {@code delay} after the broker receives the message. */
        public Builder delay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("a delivery delay must not be negative: " + delay);
            }
            clearDelivery();
            properties.put(SystemProperties.DELAY_MILLIS, delay.toMillis());
            return this;
        }

        /** Deliver after the broker's named delay level {@code level} (1-18 by default: 1s 5s 10s 30s 1m 2m ... 1h 2h). */
        public Builder delayLevel(int level) {
            if (level < 1) {
                throw new IllegalArgumentException("delay levels start at 1: " + level);
            }
            clearDelivery();
            properties.put(SystemProperties.DELAY_LEVEL, level);
            return this;
        }

        /** Never deliver at or after {@code time} (broker clock). */
        public Builder expiresAt(Instant time) {
            properties.remove(SystemProperties.TTL_MILLIS);
            properties.put(SystemProperties.EXPIRES_AT, time.toEpochMilli());
            return this;
        }

        /**
         * JMS priority, 0 (lowest) to 9 (highest; 4 without this): waiting messages of higher priority are delivered
         * first, best effort ({@link io.tern.message.Message#priority()}).
         */
        public Builder priority(int priority) {
            if (priority < 0 || priority > 9) {
                throw new IllegalArgumentException("priority " + priority + " must be 0-9");
            }
            properties.put(io.tern.message.Message.PRIORITY_PROPERTY, priority);
            return this;
        }

        /** Expire {@code ttl} after the broker receives the message (JMS time-to-live). */
        public Builder ttl(Duration ttl) {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("a time-to-live must be positive: " + ttl);
            }
            properties.remove(SystemProperties.EXPIRES_AT);
            properties.put(SystemProperties.TTL_MILLIS, ttl.toMillis());
            return this;
        }

        private void clearDelivery() {
            properties.remove(SystemProperties.DELIVER_AT);
            properties.remove(SystemProperties.DELAY_MILLIS);
            properties.remove(SystemProperties.DELAY_LEVEL);
        }

        public OutgoingMessage build() {
            return new OutgoingMessage(topic, tag, keys, properties.build(), body);
        }
    }
}
