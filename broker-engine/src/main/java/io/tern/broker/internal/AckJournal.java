package io.tern.broker.internal;

import io.tern.store.StoreException;
import io.tern.store.internal.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The ack journal: lease-mode acks, nacks and cursor openings, appended to {@code <dir>/journal-<seq>} and forced
 * before they are answered.
 * <pre>
 *   <dataDir>/lease/checkpoint               cursors' watermarks, acked sets, delivery counts ({@link LeaseCheckpoint}),
 *                                            naming the first journal file not folded into it
 *   <dataDir>/lease/journal-00000000000000000007   records ({@link JournalRecord}) appended since that checkpoint
 * </pre>
 * Group commit: {@link #append} queues a record; the journal agent takes every queued record, writes them, forces
 * once and completes them all. While it forces, new appends queue up for the next force, so with N concurrent
 * ackers one fsync answers up to N acks.
 *
 * <p>Checkpoint every {@code checkpointInterval} (and on close) when something was appended: the agent rolls to a
 * new journal file, then snapshots the cursors, writes the checkpoint (tmp, fsync, rename, fsync dir) naming the new
 * file, and deletes the older files. The cursors apply an ack in memory before it is queued here, so everything in
 * the old files is in the snapshot; an ack that lands in the new file as well is replayed harmlessly (acks are
 * idempotent). After a crash, a record that does not check out (a torn write) ends its file.
 *
 * <p>Thread rules: {@link #append} from any thread; {@link #doWork} and {@link #onClose} on the journal agent's thread.
 */
public final class AckJournal implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(AckJournal.class);
    static final String PREFIX = "journal-";

    private record Pending(byte[] bytes, CompletableFuture<Void> done) {
    }

    private final Path dir;
    private final InstantSource clock;
    private final long checkpointMillis;
    private final Supplier<Map<LeaseTable.Key, LeaseCursor.Snapshot>> snapshot;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final List<Pending> taken = new ArrayList<>();
    private final AtomicLong forces = new AtomicLong();
    private volatile Runnable wake = () -> { };
    private Thread owner;
    private FileChannel channel;
    private long seq;
    private long lastCheckpoint;
    private boolean dirty;

    /** Starts a new journal file after {@code lastSeq} and checkpoints at once, so older files can go. */
    AckJournal(Path dir, long lastSeq, InstantSource clock, Duration checkpointInterval,
               Supplier<Map<LeaseTable.Key, LeaseCursor.Snapshot>> snapshot) throws IOException {
        this.dir = dir;
        this.clock = clock;
        this.checkpointMillis = checkpointInterval.toMillis();
        this.snapshot = snapshot;
        this.seq = lastSeq;
        checkpoint();
    }

    public void wiring(Runnable wakeAgent) {
        this.wake = wakeAgent;
    }

    @Override
    public String roleName() {
        return "ack-journal";
    }

    /** How many times the journal was forced: appends divided by this is the group-commit batch size. */
    public long forces() {
        return forces.get();
    }

    /** Queues a record; the future completes once it is on disk, or fails with a {@link StoreException}. Any thread. */
    CompletableFuture<Void> append(JournalRecord record) {
        Pending p = new Pending(record.encode(), new CompletableFuture<>());
        queue.add(p);
        wake.run();
        return p.done();
    }

    @Override
    public int doWork() {
        assertOwner();
        int n = writeQueued();
        if (dirty && clock.millis() - lastCheckpoint >= checkpointMillis) {
            try {
                checkpoint();
                n++;
            } catch (IOException | RuntimeException e) {
                LOG.error("lease checkpoint in {} failed (journal {} kept); will retry", dir, seq, e);
                lastCheckpoint = clock.millis();
            }
        }
        return n;
    }

    private int writeQueued() {
        Pending p;
        while ((p = queue.poll()) != null) {
            taken.add(p);
        }
        if (taken.isEmpty()) {
            return 0;
        }
        int n = taken.size();
        try {
            ByteBuffer[] buffers = taken.stream().map(x -> ByteBuffer.wrap(x.bytes())).toArray(ByteBuffer[]::new);
            while (buffers[buffers.length - 1].hasRemaining()) {
                channel.write(buffers);
            }
            channel.force(false);
            forces.incrementAndGet();
            dirty = true;
            taken.forEach(x -> x.done().complete(null));
        } catch (IOException e) {
            LOG.error("writing {} records to ack journal {} failed", n, file(seq), e);
            StoreException failure = new StoreException("ack journal " + file(seq) + " write or fsync failed: " + e.getMessage(), e);
            taken.forEach(x -> x.done().completeExceptionally(failure));
        } finally {
            taken.clear();
        }
        return n;
    }

    /** The journal's file and batch are the agent's alone: the first thread to do its work is the only one allowed to. */
    private void assertOwner() {
        Thread me = Thread.currentThread();
        if (owner == null) {
            owner = me;
        } else if (owner != me) {
            throw new IllegalStateException("ack journal " + dir + " is driven by " + owner.getName() + ", not " + me.getName());
        }
    }

    /** Roll, snapshot, write the checkpoint, delete folded files. Agent thread (or the constructor). */
    private void checkpoint() throws IOException {
        if (channel != null) {
            channel.close();
        }
        seq++;
        channel = FileChannel.open(file(seq), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        LeaseCheckpoint.write(dir, seq, snapshot.get());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> journalSeq(f) >= 0 && journalSeq(f) < seq).toList()) {
                Files.deleteIfExists(f);
            }
        }
        lastCheckpoint = clock.millis();
        dirty = false;
    }

    Path file(long s) {
        return dir.resolve(String.format("%s%020d", PREFIX, s));
    }

    /** The sequence number in a journal file's name, or -1 for any other file. */
    static long journalSeq(Path f) {
        String name = f.getFileName().toString();
        if (!name.startsWith(PREFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Writes what is queued and checkpoints, so the next start replays nothing. */
    @Override
    public void onClose() {
        assertOwner();
        writeQueued();
        try {
            checkpoint();
            channel.close();
        } catch (IOException e) {
            LOG.error("final lease checkpoint in {} failed; the next start replays the journal", dir, e);
        }
    }
}
