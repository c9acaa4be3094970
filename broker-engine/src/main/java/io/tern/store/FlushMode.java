package io.tern.store;

/** When an append is acknowledged. */
public enum FlushMode {
    /** After the record's bytes are on disk; concurrent appends share one {@code force()} (group commit). */
    SYNC,
    /** After the record is in the page cache; a flusher forces it to disk on a period and on shutdown. */
    ASYNC
}
