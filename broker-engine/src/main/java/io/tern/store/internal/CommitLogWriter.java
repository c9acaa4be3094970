package io.tern.store.internal;

import io.tern.store.AppendResult;
import io.tern.store.AppendStatus;
import io.tern.store.DiskSpace;
import io.tern.store.FlushMode;
import io.tern.store.MessageRecord;
import io.tern.store.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The commit log's single writer. Any thread {@link #submit}s; the writer agent drains what waits, assigns queue
 * offsets, encodes records into one buffer and writes it with as few {@code write()} calls as segment ends allow.
 * ASYNC appends complete right after the write; SYNC appends go to the {@link FlushAgent}, which completes them
 * after its next {@code force()} — every append written meanwhile shares that force (group commit).
 *
 * <p>Backpressure: the queue holds at most {@code writeQueueCapacity} appends and {@code writeQueueMaxBytes} bytes;
 * beyond that {@link #submit} answers BUSY at once rather than queueing without bound.
 *
 * <p>Thread rules: {@link #submit} from any thread; everything else only on the writer agent's thread.
 * The queue-offset table is the writer's alone.
 */
public final class CommitLogWriter implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(CommitLogWriter.class);
    /** Appends taken per doWork(): bounds the batch held before the first of them completes. */
    private static final int MAX_BATCH = 1024;
    /** The disk-usage reading is refreshed at most this often: a statfs per append would cost more than the append. */
    private static final long DISK_CHECK_INTERVAL_MILLIS = 100;

    private final CommitLog log;
    private final FlushAgent flusher;
    private final FlushMode flushMode;
    private final InstantSource clock;
    private final DiskSpace diskSpace;
    private final double diskCeiling;
    private final int maxMessageSize;
    private final long maxQueuedBytes;
    private final int queueCapacity;
    private final ArrayBlockingQueue<Request> queue;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Map<QueueKey, long[]> nextQueueOffsets = new HashMap<>();
    private final ByteBuffer buffer;
    private final List<Request> batch = new ArrayList<>(MAX_BATCH);
    /** Encoded into the buffer, not yet written. */
    private final List<Pending> buffered = new ArrayList<>(MAX_BATCH);
    /** Written to the log, not yet completed. */
    private final List<Pending> written = new ArrayList<>(MAX_BATCH);
    private volatile Runnable wakeWriter = () -> { };
    private volatile Runnable afterWrite = () -> { };
    private volatile boolean closed;
    private long lastDiskCheck = Long.MIN_VALUE;
    private double lastDiskUsage;
    private long lastStoreTimestamp;

    record Request(MessageRecord message, int size, CompletableFuture<AppendResult> future) {
    }

    /** An encoded append and the result it gets once written (and, for SYNC, flushed). */
    record Pending(Request request, AppendResult result) {
    }

    public CommitLogWriter(StoreConfig config, CommitLog log, FlushAgent flusher, Map<QueueKey, Long> recoveredOffsets) {
        this.log = log;
        this.flusher = flusher;
        this.flushMode = config.flushMode();
        this.clock = config.clock();
        this.diskSpace = config.diskSpace();
        this.diskCeiling = config.diskUsageCeiling();
        this.maxMessageSize = config.maxMessageSize();
        this.maxQueuedBytes = config.writeQueueMaxBytes();
        this.queueCapacity = config.writeQueueCapacity();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        // the largest record, the end marker before it, and room to batch small ones behind it
        this.buffer = ByteBuffer.allocateDirect(Math.max(1 << 20, maxMessageSize + RecordDescriptor.END_MARKER_SIZE));
        recoveredOffsets.forEach((k, v) -> nextQueueOffsets.put(k, new long[]{v}));
    }

    /** Who to wake when work is queued, and who to tell when bytes were written (the dispatcher). Set before start. */
    public void wiring(Runnable wakeWriter, Runnable afterWrite) {
        this.wakeWriter = wakeWriter;
        this.afterWrite = afterWrite;
    }

    @Override
    public String roleName() {
        return "writer";
    }

    /** Queues an append; answers INVALID_MESSAGE, BUSY or CLOSED at once instead of queueing. Any thread. */
    public CompletableFuture<AppendResult> submit(MessageRecord m) {
        if (closed) {
            return CompletableFuture.completedFuture(AppendResult.failed(AppendStatus.CLOSED, "the store is closed"));
        }
        String invalid = RecordCodec.validate(m, maxMessageSize);
        if (invalid != null) {
            return CompletableFuture.completedFuture(AppendResult.failed(AppendStatus.INVALID_MESSAGE, invalid));
        }
        int size = (int) RecordCodec.encodedSize(m);
        if (queuedBytes.addAndGet(size) > maxQueuedBytes) {
            queuedBytes.addAndGet(-size);
            return busy("writer queue holds more than writeQueueMaxBytes = " + maxQueuedBytes + " bytes");
        }
        Request r = new Request(m, size, new CompletableFuture<>());
        if (!queue.offer(r)) {
            queuedBytes.addAndGet(-size);
            return busy("writer queue holds writeQueueCapacity = " + queueCapacity + " appends");
        }
        wakeWriter.run();
        return r.future();
    }

    private static CompletableFuture<AppendResult> busy(String why) {
        return CompletableFuture.completedFuture(AppendResult.failed(AppendStatus.BUSY,
                "store busy: " + why + "; the disk is slower than the appends, retry later"));
    }

    @Override
    public int doWork() {
        queue.drainTo(batch, MAX_BATCH);
        if (batch.isEmpty()) {
            return 0;
        }
        int n = batch.size();
        try {
            long bytes = 0;
            for (Request r : batch) {
                bytes += r.size();
            }
            queuedBytes.addAndGet(-bytes);
            String full = diskFull();
            if (full != null) {
                failAll(batch, AppendStatus.DISK_FULL, full);
            } else {
                writeBatch();
            }
        } finally {
            batch.clear();
        }
        return n;
    }

    private void writeBatch() {
        long storeTimestamp = Math.max(clock.millis(), lastStoreTimestamp); // never backwards: time search relies on it
        lastStoreTimestamp = storeTimestamp;
        buffer.clear();
        for (int i = 0; i < batch.size(); i++) {
            Request r = batch.get(i);
            try {
                makeRoom(r.size());
                long[] next = nextQueueOffsets.computeIfAbsent(new QueueKey(r.message().topic(), r.message().queueId()), k -> new long[1]);
                long position = log.writtenPosition() + buffer.position();
                RecordCodec.encode(r.message(), r.size(), position, next[0], storeTimestamp, buffer);
                buffered.add(new Pending(r, new AppendResult(AppendStatus.OK, flushMode, position, r.size(), next[0], storeTimestamp, null)));
                next[0]++;
            } catch (IOException | RuntimeException e) { // a RuntimeException here is a bug; still, every caller gets an answer
                failWrite(e, batch.subList(i, batch.size()));
                break;
            }
        }
        try {
            writeBuffered();
        } catch (IOException | RuntimeException e) {
            failWrite(e, List.of());
        }
        complete();
    }

    /** Writes the buffer out if {@code size} more bytes would not fit it, and ends the segment if they would not fit it. */
    private void makeRoom(int size) throws IOException {
        int remainingInSegment = log.remainingInSegment() - buffer.position();
        if (size + RecordDescriptor.END_MARKER_SIZE > remainingInSegment) {
            writeBuffered();
            log.endSegment();
        } else if (size > buffer.remaining()) {
            writeBuffered();
        }
    }

    private void writeBuffered() throws IOException {
        if (buffer.position() == 0) {
            return;
        }
        buffer.flip();
        try {
            log.append(buffer);
        } finally {
            buffer.clear();
        }
        written.addAll(buffered);
        buffered.clear();
        afterWrite.run();
    }

    private void complete() {
        if (written.isEmpty()) {
            return;
        }
        if (flushMode == FlushMode.SYNC) {
            flusher.enqueue(new FlushWaiter(log.writtenPosition(), new ArrayList<>(written)));
        } else {
            for (Pending p : written) {
                p.request().future().complete(p.result());
            }
        }
        written.clear();
    }

    /**
     * A write failed: the records still in the buffer and the ones not yet encoded were not stored. Their queue offsets
     * are handed out again (in reverse, so each queue ends at its smallest unused offset) and their futures fail.
     */
    private void failWrite(Exception e, List<Request> notEncoded) {
        String why = "writing the commit log at offset " + log.writtenPosition() + " failed: " + e.getMessage()
                + "; nothing of this append was stored";
        LOG.error("commit log write failed at offset {}; failing {} appends", log.writtenPosition(), buffered.size() + notEncoded.size(), e);
        for (int i = buffered.size() - 1; i >= 0; i--) {
            MessageRecord m = buffered.get(i).request().message();
            nextQueueOffsets.get(new QueueKey(m.topic(), m.queueId()))[0] = buffered.get(i).result().queueOffset();
            buffered.get(i).request().future().complete(AppendResult.failed(AppendStatus.IO_ERROR, why));
        }
        failAll(notEncoded, AppendStatus.IO_ERROR, why);
        buffered.clear();
        buffer.clear();
    }

    private static void failAll(List<Request> requests, AppendStatus status, String why) {
        for (Request r : requests) {
            r.future().complete(AppendResult.failed(status, why));
        }
    }

    private String diskFull() {
        long now = clock.millis();
        if (now - lastDiskCheck >= DISK_CHECK_INTERVAL_MILLIS || lastDiskCheck == Long.MIN_VALUE) {
            lastDiskCheck = now;
            try {
                lastDiskUsage = diskSpace.usedFraction();
            } catch (IOException e) {
                LOG.warn("cannot read disk usage; keeping the last reading {}", lastDiskUsage, e);
            }
        }
        if (lastDiskUsage > diskCeiling) {
            return String.format("disk is %.1f%% full, above diskUsageCeiling %.1f%%: free space or raise the ceiling; nothing was stored",
                    lastDiskUsage * 100, diskCeiling * 100);
        }
        return null;
    }

    /** Refuses new appends and fails the queued ones. Any thread; the writer thread must have stopped. */
    public void close() {
        closed = true;
        List<Request> left = new ArrayList<>();
        queue.drainTo(left);
        failAll(left, AppendStatus.CLOSED, "the store closed before this append was written");
    }
}
