package io.tern.store;

import io.tern.message.MessageId;
import io.tern.message.Properties;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * A message as handed to the store: everything the commit-log record carries except what the store assigns
 * (queue offset, commit-log offset, store timestamp).
 *
 * @param id            the producer-given id; also indexed for lookup
 * @param topic         a valid topic name ({@link io.tern.protocol.Names#invalidTopic}); its directory name is encoded ({@code TopicDirName})
 * @param queueId       0 to 65535
 * @param bornTimestamp the producer's clock when it made the message, epoch millis
 * @param bornHost      the producer's address; an unresolved address is not allowed
 * @param flags         bits for the broker's features (transaction state, compression, ...); the store keeps them
 * @param properties    typed user and system properties
 * @param keys          user keys, each indexed with the topic for lookup
 * @param tag           the tag (JMSType), or null
 * @param body          the payload, kept as given (the record refers to this array, it does not copy it)
 */
public record MessageRecord(MessageId id, String topic, int queueId, long bornTimestamp, InetSocketAddress bornHost,
                            int flags, Properties properties, List<String> keys, String tag, byte[] body) {
    public MessageRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(bornHost, "bornHost");
        Objects.requireNonNull(body, "body");
        properties = properties == null ? Properties.EMPTY : properties;
        keys = keys == null ? List.of() : List.copyOf(keys);
    }
}
