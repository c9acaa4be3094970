package io.tern.client;

import io.tern.message.MessageId;

/**
 * A stored message: its id, where it went, and the durability the broker gave it.
 *
 * @param durable true if on the broker's disk (SYNC flush), false if in its page cache (ASYNC)
 */
public record SendResult(MessageId id, MessageQueue queue, long queueOffset, boolean durable) {
}
