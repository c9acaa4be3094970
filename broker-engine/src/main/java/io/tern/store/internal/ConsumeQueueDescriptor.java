package io.tern.store.internal;

/**
 * Layout of a consume-queue entry: the fixed-size pointer from a (topic, queue, offset) to its record.
 *
 * <pre>
 *   0                               8               12                              20
 *   +-------------------------------+---------------+-------------------------------+
 *   | commit log offset (8)         | size (4)      | tag hash (8)                  |
 *   +-------------------------------+---------------+-------------------------------+
 * </pre>
 *
 * A queue is a directory {@code consumequeue/<topic>/<queueId>/} of files of {@code consumeQueueFileEntries} entries,
 * each named by the 20-digit queue offset of its first entry. Entry {@code q} lives in file {@code q / entriesPerFile}
 * at byte {@code (q % entriesPerFile) * 20}. A size of 0 marks an entry never written (files are created zeroed).
 * Fixed-size entries make "find offset q" one multiplication, and 20 bytes is what RocketMQ found enough.
 */
public final class ConsumeQueueDescriptor {
    public static final int ENTRY_SIZE = 20;
    public static final int COMMIT_LOG_OFFSET_OFFSET = 0;
    public static final int SIZE_OFFSET = 8;
    public static final int TAG_HASH_OFFSET = 12;

    private ConsumeQueueDescriptor() {
    }
}
