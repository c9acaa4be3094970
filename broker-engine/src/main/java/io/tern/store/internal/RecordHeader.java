package io.tern.store.internal;

import io.tern.message.MessageId;

import java.util.List;

/** The parts of a record that consume queues and indexes are built from. */
public record RecordHeader(MessageId id, String topic, int queueId, long queueOffset, long commitLogOffset, int size,
                           long storeTimestamp, String tag, List<String> keys) {
}
