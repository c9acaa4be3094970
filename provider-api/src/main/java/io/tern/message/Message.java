package io.tern.message;

import java.util.List;
import java.util.Objects;

/**
 * A message as producers send it and consumers receive it.
 *
 * @param id            the producer-given id (see {@link MessageId}); never changes
 * @param topic         where it goes
 * @param queueId       the queue within the topic, chosen by the producer
 * @param bornTimestamp the producer's clock when it made the message
 * @param flags         feature bits (transactions, ...); 0 for a plain message
 * @param tag           the tag (JMSType), or null
 * @param keys          user keys, indexed for lookup
 * @param properties    typed properties
 * @param body          the payload
 */
public record Message(MessageId id, String topic, int queueId, long bornTimestamp, int flags, String tag,
                      List<String> keys, Properties properties, byte[] body) {
    /** The property holding a message's JMS priority: an INT from 0 (lowest) to 9 (highest). */
    public static final String PRIORITY_PROPERTY = "JMSPriority";
    /** JMS's default priority, for messages without a valid {@value #PRIORITY_PROPERTY}. */
    public static final int DEFAULT_PRIORITY = 4;

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(body, "body");
        keys = keys == null ? List.of() : List.copyOf(keys);
        properties = properties == null ? Properties.EMPTY : properties;
    }

    /**
     * The message's JMS priority: its {@value #PRIORITY_PROPERTY} if that is an INT from 0 to 9; absent, another type
     * or out of range counts as {@value #DEFAULT_PRIORITY} (the broker's lease mode reads it the same way).
     */
    public int priority() {
        return priority(properties);
    }

    /** The JMS priority these properties give a message, as {@link #priority()} reads it (the broker's lease mode too). */
    public static int priority(Properties properties) {
        return properties.get(PRIORITY_PROPERTY) instanceof Integer p && p >= 0 && p <= 9 ? p : DEFAULT_PRIORITY;
    }

    public Message withQueueId(int queue) {
        return new Message(id, topic, queue, bornTimestamp, flags, tag, keys, properties, body);
    }
}
