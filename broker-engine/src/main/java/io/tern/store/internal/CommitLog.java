package io.tern.store.internal;

import io.tern.store.ForceHook;
import io.tern.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The append-only log of every topic's records, in segment files of {@code segmentSize} bytes named by the
 * 20-digit log offset of their first byte ({@code 00000000001073741824} is the second 1 GiB segment).
 * Offsets are global: record at offset {@code o} lives in segment {@code o / segmentSize}.
 *
 * <pre>
 *   segment 0                        segment 1                        segment 2 (active)
 *   [rec][rec][rec]...[rec][END   ]  [rec][rec]...[rec][END        ]  [rec][rec][rec]....00000000
 *   ^minOffset                                                                 flushed^   ^written
 * </pre>
 *
 * Thread rules: {@link #append} and {@link #endSegment} only from the writer agent; {@link #flush} from any agent
 * (it is serialized); {@link #deleteSegmentsBefore} from the retention agent; readers
 * from any thread, below {@link #writtenPosition()}. {@link #recoverTo} runs before any agent starts.
 */
public final class CommitLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommitLog.class);
    private final Path dir;
    private final int segmentSize;
    /** Ordered and contiguous; copy-on-write because readers far outnumber rolls and deletions. */
    private final List<MappedFile> segments = new CopyOnWriteArrayList<>();
    private volatile long writtenPosition;
    private volatile long flushedPosition;
    private final ForceHook forceHook;
    /** Why a force failed, once one has (then no later force is trusted: see {@link #flush}); null while none has. */
    private volatile String fsyncFailure;
    private volatile long fsyncFailedAt;

    public CommitLog(Path dir, int segmentSize, ForceHook forceHook) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.forceHook = forceHook;
    }

    /** When a force of the log first failed (epoch millis), or 0 if none has since this broker started. */
    public long fsyncFailedAt() {
        return fsyncFailedAt;
    }

    /** Opens the segments on disk, checking their names and sizes. */
    public void load() throws IOException {
        Files.createDirectories(dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> !p.getFileName().toString().endsWith(".tmp")).sorted().toList();
        }
        long expected = -1;
        for (Path p : files) {
            long base = parseBase(p);
            if (base % segmentSize != 0) {
                throw new StoreException("commit log segment " + p + " starts at " + base + ", not a multiple of segmentSize "
                        + segmentSize + "; was the store created with another segmentSize?");
            }
            if (expected >= 0 && base != expected) {
                throw new StoreException("commit log has a gap: expected a segment at " + expected + ", found " + p);
            }
            extendIfCut(p);
            segments.add(MappedFile.open(p, base, segmentSize, MappedFile.Mode.CHANNEL_WRITES));
            expected = base + segmentSize;
        }
        // until recoverTo() finds the real end, everything on disk is readable for verification
        writtenPosition = segments.isEmpty() ? 0 : expected;
        flushedPosition = writtenPosition;
    }

    /**
     * A segment shorter than segmentSize was cut (by a crash of the file system, a copy, a tool): extend it with
     * zeros, so that the verification scan ends the log inside it. A longer one was made with other settings.
     */
    private void extendIfCut(Path p) throws IOException {
        long length = Files.size(p);
        if (length > segmentSize) {
            throw new StoreException("commit log segment " + p + " is " + length + " bytes, more than segmentSize "
                    + segmentSize + "; was the store created with another segmentSize?");
        }
        if (length < segmentSize) {
            LOG.warn("commit log segment {} is cut to {} of {} bytes; recovery keeps what is valid in it", p, length, segmentSize);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.allocate(1), segmentSize - 1);
            }
        }
    }

    private static long parseBase(Path p) {
        String name = p.getFileName().toString();
        try {
            if (name.length() != 20) {
                throw new NumberFormatException();
            }
            return Long.parseLong(name);
        } catch (NumberFormatException e) {
            throw new StoreException("unexpected file in the commit log directory: " + p + " (segments are named by 20 digits)");
        }
    }

    public int segmentSize() { return segmentSize; }
    public long writtenPosition() { return writtenPosition; }
    public long flushedPosition() { return flushedPosition; }

    /** The first offset that is still stored: the first segment's base, or the written position if there is none. */
    public long minOffset() {
        List<MappedFile> s = segments;
        return s.isEmpty() ? writtenPosition : s.get(0).baseOffset();
    }

    public List<MappedFile> segments() {
        return segments;
    }

    /** Bytes left in the segment holding the write position. */
    public int remainingInSegment() {
        return (int) (segmentSize - writtenPosition % segmentSize);
    }

    /** Writes {@code bytes} at the write position; the caller has checked they fit in the current segment. Writer only. */
    public void append(ByteBuffer bytes) throws IOException {
        int length = bytes.remaining();
        if (length > remainingInSegment()) {
            throw new IllegalStateException(length + " bytes do not fit the " + remainingInSegment() + " left in the segment");
        }
        MappedFile seg = segmentForWrite();
        seg.write(bytes, (int) (writtenPosition - seg.baseOffset()));
        writtenPosition += length;
    }

    private void forceDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Fills the rest of the current segment with an end marker, so the next append starts a new segment. Writer only. */
    public void endSegment() throws IOException {
        int remaining = remainingInSegment();
        ByteBuffer marker = ByteBuffer.allocate(RecordDescriptor.END_MARKER_SIZE);
        RecordCodec.encodeEndMarker(remaining, marker);
        MappedFile seg = segmentForWrite();
        seg.write(marker.flip(), (int) (writtenPosition - seg.baseOffset()));
        writtenPosition += remaining;
    }

    private MappedFile segmentForWrite() throws IOException {
        long base = writtenPosition - writtenPosition % segmentSize;
        List<MappedFile> s = segments;
        if (!s.isEmpty() && s.get(s.size() - 1).baseOffset() == base) {
            return s.get(s.size() - 1);
        }
        MappedFile seg = MappedFile.create(dir.resolve(String.format("%020d", base)), base, segmentSize, MappedFile.Mode.CHANNEL_WRITES);
        forceDirectory(); // the new file's name must survive a power loss as surely as the records written into it
        segments.add(seg);
        return seg;
    }

    /**
     * Forces every segment with bytes written since the last flush; returns the new flushed position. Serialized:
     * the flusher calls it for appends, the dispatcher before a checkpoint, and the flushed position only grows.
     */
    public synchronized long flush() throws IOException {
        if (fsyncFailure != null) {
            throw new IOException(fsyncFailure);
        }
        long target = writtenPosition;
        long from = flushedPosition;
        if (target <= from) {
            return from;
        }
        for (MappedFile seg : segments) {
            if (seg.endOffset() > from && seg.baseOffset() < target) {
                try {
                    forceHook.beforeForce(seg.path());
                    seg.force();
                } catch (IOException e) {
                    failed(e);
                    throw e;
                }
            }
        }
        flushedPosition = target;
        return target;
    }

    /**
     * After a failed fsync the kernel may have dropped the dirty pages it could not write and report the next fsync
     * as a success (PostgreSQL's "fsyncgate"), so the flushed position never moves again: every later flush fails,
     * which fails SYNC appends and checkpoints with the reason instead of claiming what the disk may not hold.
     * Recovery at the next start verifies the log's records against their checksums.
     */
    private void failed(IOException e) {
        fsyncFailedAt = System.currentTimeMillis();
        fsyncFailure = "an fsync of the commit log failed (" + e.getMessage() + ") at flushed offset " + flushedPosition
                + "; what it covered may not be on disk, so this broker claims no durable write any more:"
                + " check the disk, then restart the broker (recovery verifies the log)";
        LOG.error("{}", fsyncFailure, e);
    }

    /**
     * Gives {@code reader} the bytes from {@code offset} to the end of its segment's written part, holding the
     * segment so that it cannot be unmapped meanwhile. Returns null if {@code offset} is not stored (deleted or unwritten).
     */
    public <T> T read(long offset, SegmentReader<T> reader) {
        long written = writtenPosition;
        if (offset >= written) {
            return null;
        }
        MappedFile seg = segmentFor(offset);
        if (seg == null || !seg.acquire()) {
            return null;
        }
        try {
            int pos = (int) (offset - seg.baseOffset());
            int available = (int) (Math.min(written, seg.endOffset()) - offset);
            return reader.read(seg.buffer(), pos, available);
        } finally {
            seg.release();
        }
    }

    /** Reads a record's bytes as seen through a segment mapping. */
    @FunctionalInterface
    public interface SegmentReader<T> {
        T read(ByteBuffer segment, int pos, int available);
    }

    public MappedFile segmentFor(long offset) {
        List<MappedFile> s = segments;
        if (s.isEmpty()) {
            return null;
        }
        long first = s.get(0).baseOffset();
        if (offset < first) {
            return null;
        }
        int i = (int) ((offset - first) / segmentSize);
        return i < s.size() ? s.get(i) : null;
    }

    /**
     * Sets the end of the log after recovery: drops segments past {@code end}, zeroes the rest of the segment holding it,
     * and makes {@code end} both the written and the flushed position. Before agents start.
     */
    public void recoverTo(long end) throws IOException {
        List<MappedFile> dropped = new ArrayList<>();
        for (MappedFile seg : segments) {
            if (seg.baseOffset() >= end) {
                dropped.add(seg);
            }
        }
        for (MappedFile seg : dropped) {
            segments.remove(seg);
            seg.destroy();
        }
        MappedFile last = segmentFor(end);
        if (last != null) {
            last.zeroFrom((int) (end - last.baseOffset()));
            last.force();
        }
        writtenPosition = end;
        flushedPosition = end;
    }

    /** Deletes whole segments that end at or before {@code offset}, keeping the active one. Retention only. */
    public int deleteSegmentsBefore(long offset) {
        int deleted = 0;
        while (segments.size() > 1 && segments.get(0).endOffset() <= offset) {
            MappedFile seg = segments.remove(0);
            seg.destroy();
            deleted++;
        }
        return deleted;
    }

    @Override
    public void close() {
        for (MappedFile seg : segments) {
            seg.close();
        }
    }
}
