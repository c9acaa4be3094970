package io.tern.client;

import io.tern.message.Properties;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A message to send: the producer adds its id, queue and born time.
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

        public OutgoingMessage build() {
            return new OutgoingMessage(topic, tag, keys, properties.build(), body);
        }
    }
}
