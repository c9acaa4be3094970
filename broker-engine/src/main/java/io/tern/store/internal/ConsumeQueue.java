package io.tern.store.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static io.tern.store.internal.ConsumeQueueDescriptor.*;

/**
 * The index of one (topic, queue): entry {@code q} points at the record with queue offset {@code q}. Laid out as
 * {@link ConsumeQueueDescriptor} draws. Holds offsets [{@link #minOffset()}, {@link #maxOffset()}).
 *
 * <p>After a crash, a queue may hold entries the commit log no longer has, or lack entries it has: recovery
 * {@link #truncateTo truncates} it and the dispatcher re-puts from the commit log; {@link #put} skips entries it already holds.
 *
 * <p>Thread rules: {@link #put}, {@link #truncateTo}, {@link #trimBefore} from the dispatcher (or recovery before it
 * starts); {@link #get}, {@link #minOffset()}, {@link #maxOffset()} from any thread. Written files are marked in
 * {@link DirtyFiles}, which the checkpoint agent forces.
 */
public final class ConsumeQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueue.class);

    private final QueueKey key;
    private final Path dir;
    private final int entriesPerFile;
    private final int fileSize;
    private final List<MappedFile> files = new CopyOnWriteArrayList<>();
    private volatile long minOffset;
    private volatile long maxOffset;
    private final DirtyFiles dirty;

    private ConsumeQueue(QueueKey key, Path dir, int entriesPerFile, DirtyFiles dirty) {
        this.key = key;
        this.dir = dir;
        this.entriesPerFile = entriesPerFile;
        this.fileSize = entriesPerFile * ENTRY_SIZE;
        this.dirty = dirty;
    }

    public static ConsumeQueue create(QueueKey key, Path root, int entriesPerFile, DirtyFiles dirty) throws IOException {
        Path dir = TopicDirName.create(root, key.topic()).resolve(Integer.toString(key.queueId()));
        Files.createDirectories(dir);
        return new ConsumeQueue(key, dir, entriesPerFile, dirty);
    }

    /**
     * Opens a queue's files. A file cut short (by a crash, or by hand) is extended with zeros, i.e. its missing entries
     * become unwritten ones that recovery notices; a gap between files drops everything after the gap.
     */
    public static ConsumeQueue load(QueueKey key, Path dir, int entriesPerFile, DirtyFiles dirty) throws IOException {
        ConsumeQueue cq = new ConsumeQueue(key, dir, entriesPerFile, dirty);
        List<Path> paths;
        try (Stream<Path> s = Files.list(dir)) {
            paths = s.sorted().toList();
        }
        long expectedBase = -1;
        for (Path p : paths) {
            long base = parseBase(p);
            if (base < 0 || base % entriesPerFile != 0 || (expectedBase >= 0 && base != expectedBase)) {
                LOG.warn("consume queue {}: dropping {} (not where the next file belongs, {})", key, p, expectedBase);
                Files.delete(p);
                continue;
            }
            long length = Files.size(p);
            if (length != cq.fileSize) {
                LOG.warn("consume queue {}: file {} is {} bytes, not {}; its missing entries will be rebuilt", key, p, length, cq.fileSize);
                fixLength(p, length, cq.fileSize);
            }
            cq.files.add(MappedFile.open(p, base, cq.fileSize, MappedFile.Mode.MAPPED_WRITES));
            expectedBase = base + entriesPerFile;
        }
        cq.findBounds();
        return cq;
    }

    private static void fixLength(Path p, long length, int size) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.WRITE)) {
            // cut to whole entries first: a torn entry is as good as missing
            ch.truncate(Math.min(length - length % ENTRY_SIZE, size));
            ch.write(ByteBuffer.allocate(1), size - 1);
        }
    }

    private static long parseBase(Path p) {
        String name = p.getFileName().toString();
        if (name.length() != 20 || !name.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(name);
    }

    /** minOffset = first written entry of the first file; maxOffset = one past the last contiguous written entry. */
    private void findBounds() {
        if (files.isEmpty()) {
            return;
        }
        MappedFile first = files.get(0);
        long q = first.baseOffset();
        long end = files.get(files.size() - 1).baseOffset() + entriesPerFile;
        while (q < end && sizeAt(q) == 0) {
            q++;
        }
        minOffset = q;
        while (q < end && sizeAt(q) != 0) {
            q++;
        }
        maxOffset = q;
    }

    public QueueKey key() { return key; }
    public long minOffset() { return minOffset; }
    /** One past the last entry: the queue offset the next record of this queue gets. */
    public long maxOffset() { return maxOffset; }

    /** The entry at {@code q}, or null if {@code q} is outside [minOffset, maxOffset). Any thread. */
    public ConsumeQueueEntry get(long q) {
        if (q < minOffset || q >= maxOffset) {
            return null;
        }
        MappedFile f = fileFor(q);
        if (f == null || !f.acquire()) {
            return null;
        }
        try {
            ByteBuffer b = f.buffer();
            int pos = (int) (q - f.baseOffset()) * ENTRY_SIZE;
            return new ConsumeQueueEntry(q, b.getLong(pos + COMMIT_LOG_OFFSET_OFFSET), b.getInt(pos + SIZE_OFFSET), b.getLong(pos + TAG_HASH_OFFSET));
        } finally {
            f.release();
        }
    }

    /** Entries from {@code from}, at most {@code max} of them; fewer at the end of the queue. Any thread. */
    public List<ConsumeQueueEntry> range(long from, int max) {
        List<ConsumeQueueEntry> out = new ArrayList<>(Math.min(max, 256));
        for (long q = Math.max(from, minOffset); q < maxOffset && out.size() < max; q++) {
            ConsumeQueueEntry e = get(q);
            if (e == null) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    private int sizeAt(long q) {
        MappedFile f = fileFor(q);
        return f == null ? 0 : f.buffer().getInt((int) (q - f.baseOffset()) * ENTRY_SIZE + SIZE_OFFSET);
    }

    private MappedFile fileFor(long q) {
        List<MappedFile> fs = files;
        if (fs.isEmpty()) {
            return null;
        }
        long first = fs.get(0).baseOffset();
        if (q < first) {
            return null;
        }
        long i = (q - first) / entriesPerFile;
        return i < fs.size() ? fs.get((int) i) : null;
    }

    /**
     * Records where the record with queue offset {@code h.queueOffset()} is. An offset already held is skipped
     * (recovery re-puts what may already be there). Dispatcher only.
     */
    public void put(RecordHeader h) throws IOException {
        long q = h.queueOffset();
        if (q < maxOffset && q >= minOffset) {
            return;
        }
        if (files.isEmpty() || q < minOffset) {
            if (!files.isEmpty()) {
                LOG.warn("consume queue {}: offset {} is below its first entry {}; resetting the queue", key, q, minOffset);
                deleteAll();
            }
            minOffset = q;
            maxOffset = q;
        } else if (q > maxOffset) {
            LOG.warn("consume queue {}: expected offset {} but the commit log has {}; entries between are missing", key, maxOffset, q);
        }
        MappedFile f = fileForWrite(q);
        ByteBuffer b = f.buffer();
        int pos = (int) (q - f.baseOffset()) * ENTRY_SIZE;
        b.putLong(pos + COMMIT_LOG_OFFSET_OFFSET, h.commitLogOffset());
        b.putLong(pos + TAG_HASH_OFFSET, TagHash.of(h.tag()));
        b.putInt(pos + SIZE_OFFSET, h.size()); // last: a non-zero size is what marks the entry written
        dirty.mark(f);
        maxOffset = q + 1;
    }

    private MappedFile fileForWrite(long q) throws IOException {
        MappedFile existing = fileFor(q);
        if (existing != null) {
            return existing;
        }
        return createThrough(q - q % entriesPerFile);
    }

    /** Creates files up to the one starting at {@code base}, so that files stay contiguous. */
    private MappedFile createThrough(long base) throws IOException {
        MappedFile f = null;
        long next = files.isEmpty() ? base : files.get(files.size() - 1).baseOffset() + entriesPerFile;
        while (next <= base) {
            f = MappedFile.create(dir.resolve(String.format("%020d", next)), next, fileSize, MappedFile.Mode.MAPPED_WRITES);
            files.add(f);
            next += entriesPerFile;
        }
        return f;
    }

    /** Forgets entries at and after {@code q}. Recovery only. */
    public void truncateTo(long q) throws IOException {
        if (q >= maxOffset) {
            return;
        }
        if (q <= minOffset) {
            deleteAll();
            minOffset = q;
            maxOffset = q;
            return;
        }
        for (int i = files.size() - 1; i >= 0; i--) {
            MappedFile f = files.get(i);
            if (f.baseOffset() >= q) {
                files.remove(i);
                f.destroy();
            } else {
                f.zeroFrom((int) (q - f.baseOffset()) * ENTRY_SIZE);
                f.force();
                break;
            }
        }
        maxOffset = q;
    }

    /** Drops entries that point below {@code logMinOffset}, deleting whole files of them. Dispatcher only. */
    public void trimBefore(long logMinOffset) {
        while (files.size() > 1) {
            MappedFile f = files.get(0);
            long lastInFile = f.baseOffset() + entriesPerFile - 1;
            ConsumeQueueEntry e = get(lastInFile);
            if (e == null || e.commitLogOffset() >= logMinOffset) {
                break;
            }
            files.remove(0);
            f.destroy();
            minOffset = Math.max(minOffset, lastInFile + 1);
        }
        long q = minOffset;
        while (q < maxOffset) {
            ConsumeQueueEntry e = get(q);
            if (e == null || e.commitLogOffset() >= logMinOffset) {
                break;
            }
            q++;
        }
        minOffset = q;
    }

    /** Deletes every entry; the next put may start at any offset. Recovery only. */
    public void reset() {
        deleteAll();
        minOffset = 0;
        maxOffset = 0;
    }

    private void deleteAll() {
        for (MappedFile f : files) {
            f.destroy();
        }
        files.clear();
    }

    @Override
    public void close() {
        for (MappedFile f : files) {
            f.close();
        }
    }
}
