package io.tern.broker.internal.journal;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A group-committed journal of records, appended to {@code <dir>/journal-<seq>} and answered once forced or written (see below),
 * with a periodic checkpoint that folds the older files away. Two journals use it: the ack journal (lease-mode acks,
 * nacks and cursor openings, {@link io.tern.broker.internal.lease.JournalRecord}) and the transaction journal ({@link io.tern.broker.internal.transaction.TxRecord}).
 * <pre>
 *   <dataDir>/lease/checkpoint               cursors' watermarks, acked sets, delivery counts ({@code LeaseCheckpoint}),
 *                                            naming the first journal file not folded into it
 *   <dataDir>/lease/journal-00000000000000000007   records ({@link JournalRecord}) appended since that checkpoint
 * </pre>
 * Group commit: {@link #append} queues a record; the journal agent takes every queued record, writes them, forces
 * once and completes them all. While it forces, new appends queue up for the next force, so with N concurrent
 * ackers one fsync answers up to N acks.
 *
 * <p>Durability follows the store's flush mode, like a send's answer: with {@code forceWork} (SYNC) every record is
 * answered after the force; without it (ASYNC) the journal's ordinary records ({@link #append}: acks, nacks, a
 * transaction's half messages and held acks and offsets) are answered once written (the page cache survives a killed
 * broker process, not a machine crash), and a batch holding none of {@link #appendForced}'s records is not forced at
 * all. {@link #appendForced} is for what must be on disk whatever the mode (a transaction's decision, whose force
 * also covers the records written before it in the file; a cursor's opening). Checkpoints are always forced.
 *
 * <p>Checkpoint every {@code checkpointInterval} (and on close) when something was appended: the agent rolls to a
 * new journal file, then snapshots the cursors, writes the checkpoint (tmp, fsync, rename, fsync dir) naming the new
 * file, and deletes the older files. The cursors apply an ack in memory before it is queued here, so everything in
 * the old files is in the snapshot; an ack that lands in the new file as well is replayed harmlessly (acks are
 * idempotent; a reset absorbs what came before it, see {@link JournalRecord}). After a crash, a record that does not check out (a torn write) ends its file.
 *
 * <p>A write or force that fails leaves the file's tail unknown (part of a batch written; after a failed fsync the
 * kernel may have dropped pages it still reports as written). The batch fails, and the journal rolls to a new file
 * at once, so the records appended after the failure are replayed: a torn record ends only the file it is in, and
 * recovery reads every file from the checkpoint's on, in order. Nothing is ever again forced into the failed file.
 *
 * <p>Thread rules: {@link #append} from any thread; {@link #doWork} and {@link #onClose} on the journal agent's thread.
 */
public final class GroupCommitJournal implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitJournal.class);

    /** Writes a checkpoint naming journal file {@code seq} as the first not folded into it. Journal agent's thread. */
    @FunctionalInterface
    public interface CheckpointWriter {
        void write(Path dir, long seq) throws IOException;
    }
    static final String PREFIX = "journal-";

    /** Opens a journal file for appending; tests substitute channels that fail. */
    @FunctionalInterface
    interface ChannelOpener {
        FileChannel open(Path file) throws IOException;

        ChannelOpener FILES = f -> FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private record Pending(byte[] bytes, boolean forced, CompletableFuture<Void> done) {
    }

    private final Path dir;
    private final InstantSource clock;
    private final long checkpointMillis;
    private final String role;
    private final CheckpointWriter checkpointWriter;
    private final boolean forceWork;
    private final ChannelOpener opener;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final List<Pending> taken = new ArrayList<>();
    private final AtomicLong forces = new AtomicLong();
    private volatile Runnable wake = () -> { };
    /** Runs before each force, on the agent's thread: tests slow a force down with it. */
    private volatile Runnable beforeForce = () -> { };
    private Thread owner;
    private FileChannel channel;
    private long seq;
    private long lastCheckpoint;
    private boolean dirty;

    /** Starts a new journal file after {@code lastSeq} and checkpoints at once, so older files can go. */
    public GroupCommitJournal(String role, Path dir, long lastSeq, InstantSource clock, Duration checkpointInterval,
                       CheckpointWriter checkpointWriter, boolean forceWork) throws IOException {
        this(role, dir, lastSeq, clock, checkpointInterval, checkpointWriter, forceWork, ChannelOpener.FILES);
    }

    GroupCommitJournal(String role, Path dir, long lastSeq, InstantSource clock, Duration checkpointInterval,
                       CheckpointWriter checkpointWriter, boolean forceWork, ChannelOpener opener) throws IOException {
        this.role = role;
        this.opener = opener;
        this.forceWork = forceWork;
        this.dir = dir;
        this.clock = clock;
        this.checkpointMillis = checkpointInterval.toMillis();
        this.checkpointWriter = checkpointWriter;
        this.seq = lastSeq;
        checkpoint();
    }

    public void wiring(Runnable wakeAgent) {
        this.wake = wakeAgent;
    }

    @Override
    public String roleName() {
        return role;
    }

    /** For tests: runs before each force, on the agent's thread (e.g. to hold a force while others append). */
    public void beforeForce(Runnable hook) {
        this.beforeForce = hook;
    }

    /** Records queued and not yet taken by the agent. */
    public int queued() {
        return queue.size();
    }

    /** How many times the journal was forced: appends divided by this is the group-commit batch size. */
    public long forces() {
        return forces.get();
    }

    /**
     * Queues a record; the future completes once it is on disk (SYNC) or written to the file (ASYNC), or fails with
     * a {@link StoreException}. Any thread.
     */
    public CompletableFuture<Void> append(byte[] record) {
        return queue(new Pending(record, forceWork, new CompletableFuture<>()));
    }

    /** Queues a record that is answered only once it is on disk, in either mode. Any thread. */
    public CompletableFuture<Void> appendForced(byte[] record) {
        return queue(new Pending(record, true, new CompletableFuture<>()));
    }

    private CompletableFuture<Void> queue(Pending p) {
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
                LOG.error("{} checkpoint in {} failed (journal {} kept); will retry", role, dir, seq, e);
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
            dirty = true;
            if (taken.stream().anyMatch(Pending::forced)) {
                beforeForce.run();
                channel.force(false);
                forces.incrementAndGet();
            }
            taken.forEach(x -> x.done().complete(null));
        } catch (IOException e) {
            LOG.error("writing {} records to {} {} failed", n, role, file(seq), e);
            StoreException failure = new StoreException(role + " " + file(seq) + " write or fsync failed: " + e.getMessage(), e);
            taken.forEach(x -> x.done().completeExceptionally(failure));
            rollAfterFailure();
        } finally {
            taken.clear();
        }
        return n;
    }

    /**
     * Continues in a new file after a failed write or force: whatever the failure left at the old file's tail ends
     * only that file at replay. If even the new file cannot be opened, the next batch tries again (and fails meanwhile).
     */
    private void rollAfterFailure() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the channel is being given up because it failed
        }
        try {
            channel = opener.open(file(seq + 1));
            seq++;
            dirty = true; // the next checkpoint folds both files away
            LOG.warn("{} continues in {} after the failure", role, file(seq));
        } catch (IOException e) {
            LOG.error("{}: cannot open {} after a failed write; the next records fail until it can", role, file(seq + 1), e);
        }
    }

    /** The journal's file and batch are the agent's alone: the first thread to do its work is the only one allowed to. */
    private void assertOwner() {
        Thread me = Thread.currentThread();
        if (owner == null) {
            owner = me;
        } else if (owner != me) {
            throw new IllegalStateException(role + " " + dir + " is driven by " + owner.getName() + ", not " + me.getName());
        }
    }

    /** Roll, snapshot, write the checkpoint, delete folded files. Agent thread (or the constructor). */
    private void checkpoint() throws IOException {
        if (channel != null) {
            channel.close();
        }
        seq++;
        channel = opener.open(file(seq));
        checkpointWriter.write(dir, seq);
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
    public static long journalSeq(Path f) {
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
            LOG.error("final {} checkpoint in {} failed; the next start replays the journal", role, dir, e);
        }
    }
}
