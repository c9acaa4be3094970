package io.tern.store;

/**
 * Told when a message becomes readable through {@link MessageStore#read}: long polling hooks in here.
 * Called on the dispatcher's thread for every record, so it must be quick and never block: hand work elsewhere.
 */
@FunctionalInterface
public interface DispatchListener {
    /** Queue {@code topic}/{@code queueId} now holds offsets below {@code maxOffset}. */
    void dispatched(String topic, int queueId, long maxOffset);
}
