package io.tern.store.internal;

/** Names one consume queue: a topic's queue. */
public record QueueKey(String topic, int queueId) {
    @Override
    public String toString() {
        return topic + "/" + queueId;
    }
}
