package io.tern.store;

/** The outcome of one append. Every status but {@link #OK} means the record was not stored. */
public enum AppendStatus {
    OK,
    /** The writer is behind: its queue is full. Nothing was stored; retry later or elsewhere. */
    BUSY,
    /** The disk holding the store is fuller than {@code diskUsageCeiling}. Nothing was stored. */
    DISK_FULL,
    /** The record breaks a limit (size, topic name, queue id). Retrying will not help. */
    INVALID_MESSAGE,
    /** Writing or flushing failed with an I/O error; the record is not durable and not visible. */
    IO_ERROR,
    /** The store is closed or closing. */
    CLOSED
}
