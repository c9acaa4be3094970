package io.tern.store;

/**
 * A message read back from the store, with where it lives.
 *
 * @param message         the message as it was appended
 * @param commitLogOffset the record's start in the commit log (its internal address)
 * @param size            the record's size in bytes
 * @param queueOffset     its position in its consume queue
 * @param storeTimestamp  the store clock when it was written, epoch millis
 */
public record StoredMessage(MessageRecord message, long commitLogOffset, int size, long queueOffset, long storeTimestamp) {
}
