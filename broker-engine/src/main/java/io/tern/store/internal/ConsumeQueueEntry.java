package io.tern.store.internal;

/** One consume-queue entry, read back: which record holds queue offset {@code queueOffset}. */
public record ConsumeQueueEntry(long queueOffset, long commitLogOffset, int size, long tagHash) {
}
