package io.tern.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * A hash index from a key's 32-bit hash to commit-log offsets, in one fixed-size file named by the 20-digit log
 * offset where its coverage starts.
 *
 * <pre>
 *   header (64 bytes)
 *   +--------+-----------+---------------+------------+---------------------+-------------------+----------+
 *   | magic  | slotCount | entryCapacity | entryCount | firstLogOffset (8)  | indexedUpTo (8)   | reserved |
 *   | 0      | 4         | 8             | 12         | 16                  | 24                | 32..63   |
 *   +--------+-----------+---------------+------------+---------------------+-------------------+----------+
 *   slots: slotCount x int        number (1-based) of the newest entry whose hash falls in the slot; 0 = none
 *   entries: entryCapacity x 16   | keyHash (4) | commitLogOffset (8) | previous entry number in the chain (4) |
 * </pre>
 *
 * The file covers log offsets [firstLogOffset, indexedUpTo): every record there has its entries here.
 * {@code indexedUpTo} is written after the entries it covers. Hashes collide, so callers check the record itself.
 *
 * <p>Thread rules: {@link #put} and {@link #setIndexedUpTo} from the dispatcher; {@link #lookup} from any thread.
 */
public final class IndexFile {
    public static final int MAGIC = 0x54524E49; // "TRNI"
    public static final int HEADER_SIZE = 64;
    public static final int ENTRY_SIZE = 16;
    private static final int MAGIC_OFFSET = 0;
    private static final int SLOT_COUNT_OFFSET = 4;
    private static final int ENTRY_CAPACITY_OFFSET = 8;
    private static final int ENTRY_COUNT_OFFSET = 12;
    private static final int FIRST_LOG_OFFSET_OFFSET = 16;
    private static final int INDEXED_UP_TO_OFFSET = 24;

    private final MappedFile file;
    private final int slotCount;
    private final int entryCapacity;

    private IndexFile(MappedFile file, int slotCount, int entryCapacity) {
        this.file = file;
        this.slotCount = slotCount;
        this.entryCapacity = entryCapacity;
    }

    public static int fileSize(int slots, int entries) {
        return HEADER_SIZE + slots * 4 + entries * ENTRY_SIZE;
    }

    public static IndexFile create(Path dir, long firstLogOffset, int slots, int entries) throws IOException {
        MappedFile f = MappedFile.create(dir.resolve(String.format("%020d", firstLogOffset)), firstLogOffset,
                fileSize(slots, entries), MappedFile.Mode.MAPPED_WRITES);
        ByteBuffer b = f.buffer();
        b.putInt(SLOT_COUNT_OFFSET, slots).putInt(ENTRY_CAPACITY_OFFSET, entries)
                .putLong(FIRST_LOG_OFFSET_OFFSET, firstLogOffset).putLong(INDEXED_UP_TO_OFFSET, firstLogOffset)
                .putInt(MAGIC_OFFSET, MAGIC);
        return new IndexFile(f, slots, entries);
    }

    /** Opens an index file; null if it is not a whole, valid one (the caller rebuilds from its start). */
    public static IndexFile open(Path path, long firstLogOffset, int slots, int entries) throws IOException {
        MappedFile f;
        try {
            f = MappedFile.open(path, firstLogOffset, fileSize(slots, entries), MappedFile.Mode.MAPPED_WRITES);
        } catch (io.tern.store.StoreException e) {
            return null; // cut or made with other settings
        }
        ByteBuffer b = f.buffer();
        boolean valid = b.getInt(MAGIC_OFFSET) == MAGIC && b.getInt(SLOT_COUNT_OFFSET) == slots
                && b.getInt(ENTRY_CAPACITY_OFFSET) == entries && b.getLong(FIRST_LOG_OFFSET_OFFSET) == firstLogOffset
                && b.getLong(INDEXED_UP_TO_OFFSET) >= firstLogOffset
                && b.getInt(ENTRY_COUNT_OFFSET) >= 0 && b.getInt(ENTRY_COUNT_OFFSET) <= entries;
        if (!valid) {
            f.close();
            return null;
        }
        return new IndexFile(f, slots, entries);
    }

    public Path path() { return file.path(); }
    public long firstLogOffset() { return file.buffer().getLong(FIRST_LOG_OFFSET_OFFSET); }
    public long indexedUpTo() { return file.buffer().getLong(INDEXED_UP_TO_OFFSET); }
    public int entryCount() { return file.buffer().getInt(ENTRY_COUNT_OFFSET); }
    public boolean hasRoomFor(int entries) { return entryCount() + entries <= entryCapacity; }

    public void put(int keyHash, long commitLogOffset) {
        ByteBuffer b = file.buffer();
        int count = b.getInt(ENTRY_COUNT_OFFSET);
        if (count >= entryCapacity) {
            throw new IllegalStateException("index file " + file.path() + " is full at " + entryCapacity + " entries");
        }
        int slotPos = slotPosition(keyHash);
        int number = count + 1;
        int entryPos = entryPosition(number);
        b.putInt(entryPos, keyHash).putLong(entryPos + 4, commitLogOffset).putInt(entryPos + 12, b.getInt(slotPos));
        b.putInt(ENTRY_COUNT_OFFSET, number);
        b.putInt(slotPos, number); // last: a lookup sees the entry only once it is whole
    }

    public void setIndexedUpTo(long logOffset) {
        file.buffer().putLong(INDEXED_UP_TO_OFFSET, logOffset);
    }

    /** Adds to {@code out} (newest first) the log offsets filed under {@code keyHash}, until it holds {@code max}. */
    public void lookup(int keyHash, int max, List<Long> out) {
        if (!file.acquire()) {
            return;
        }
        try {
            ByteBuffer b = file.buffer();
            int count = b.getInt(ENTRY_COUNT_OFFSET);
            int number = b.getInt(slotPosition(keyHash));
            // a chain only points backwards; the bound also stops a loop in a damaged file
            for (int steps = 0; number > 0 && number <= count && steps < count && out.size() < max; steps++) {
                int pos = entryPosition(number);
                if (b.getInt(pos) == keyHash) {
                    out.add(b.getLong(pos + 4));
                }
                int prev = b.getInt(pos + 12);
                number = prev < number ? prev : 0;
            }
        } finally {
            file.release();
        }
    }

    private int slotPosition(int keyHash) {
        return HEADER_SIZE + Math.floorMod(keyHash, slotCount) * 4;
    }

    private int entryPosition(int number) {
        return HEADER_SIZE + slotCount * 4 + (number - 1) * ENTRY_SIZE;
    }

    MappedFile file() {
        return file;
    }

    public void close() {
        file.close();
    }

    public void destroy() {
        file.destroy();
    }
}
