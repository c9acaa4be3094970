package io.tern.store.internal;

import io.tern.store.DispatchListener;
import io.tern.store.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * Builds consume queues and indexes from the commit log, behind the writer, and makes them durable.
 * <ul>
 *   <li>Reads from {@link #dispatchedPosition()} up to the log's written position, filing each record in its
 *       consume queue and the index. A record is visible to consumers once dispatched.</li>
 *   <li>When retention has moved the log's start, drops queue entries and index files that point below it.</li>
 *   <li>Every {@code checkpointInterval}, snapshots what is dispatched (its position and each queue's length) for the
 *       {@link CheckpointAgent}, which forces and writes it: the next recovery's scan starts there.</li>
 * </ul>
 * Thread rules: owns the consume queues' and index's writes; runs on its agent thread (or a test's). Other threads
 * read {@link #dispatchedPosition()} and the queues.
 */
public final class Dispatcher implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** Records per doWork(): long enough to batch, short enough to checkpoint and trim on time under load. */
    private static final int MAX_RECORDS = 4096;

    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final MessageIndex index;
    private final CheckpointAgent checkpoints;
    private final DirtyFiles dirty;
    private final Path checkpointFile;
    private final InstantSource clock;
    private final long checkpointIntervalMillis;
    private volatile long dispatchedPosition;
    private volatile DispatchListener listener = (topic, queueId, maxOffset) -> { };
    private final TopicTombstones tombstones;
    /** Topic deletions asked for, by topic: each done once everything written before it is dispatched. */
    private final java.util.Map<String, Deletion> deletions = new java.util.concurrent.ConcurrentHashMap<>();

    private record Deletion(String topic, long position, java.util.concurrent.CompletableFuture<Void> done) {
    }
    /** Callers waiting for the dispatch to reach a log position ({@link #whenDispatched}), earliest first. */
    private final java.util.concurrent.PriorityBlockingQueue<Waiter> waiters =
            new java.util.concurrent.PriorityBlockingQueue<>(16, java.util.Comparator.comparingLong(Waiter::position));

    private record Waiter(long position, java.util.concurrent.CompletableFuture<Void> done) {
    }
    private long trimmedTo;
    private long lastCheckpoint;
    private long checkpointedTo;

    public Dispatcher(StoreConfig config, CommitLog log, ConsumeQueueTable queues, MessageIndex index, long recoveredEnd,
                      CheckpointAgent checkpoints, DirtyFiles dirty, TopicTombstones tombstones) {
        this.tombstones = tombstones;
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.checkpoints = checkpoints;
        this.dirty = dirty;
        this.checkpointFile = config.checkpointFile();
        this.clock = config.clock();
        this.checkpointIntervalMillis = config.checkpointInterval().toMillis();
        this.dispatchedPosition = recoveredEnd;
        this.checkpointedTo = recoveredEnd;
        this.trimmedTo = log.minOffset();
        this.lastCheckpoint = clock.millis();
    }

    /** Told of every dispatched record (long polling hooks in here). Set before records flow. */
    public void listener(DispatchListener listener) {
        this.listener = listener;
    }

    @Override
    public String roleName() {
        return "dispatcher";
    }

    /** Everything before this log offset is in the consume queues and the index. Any thread. */
    public long dispatchedPosition() {
        return dispatchedPosition;
    }

    /**
     * Completes once everything written before {@code position} is dispatched (at once if it is): what a caller reads
     * from the queues then includes every append answered before it asked. Any thread; completes on the dispatcher's
     * thread, or the caller's when already there.
     */
    public java.util.concurrent.CompletableFuture<Void> whenDispatched(long position) {
        if (dispatchedPosition >= position) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        Waiter w = new Waiter(position, new java.util.concurrent.CompletableFuture<>());
        waiters.add(w);
        if (dispatchedPosition >= position) {
            releaseWaiters(); // the dispatcher moved past it between the check and the add
        }
        return w.done();
    }

    private int releaseWaiters() {
        int n = 0;
        for (Waiter w = waiters.peek(); w != null && w.position() <= dispatchedPosition; w = waiters.peek()) {
            if (waiters.remove(w)) {
                w.done().complete(null);
                n++;
            }
        }
        return n;
    }

    @Override
    public int doWork() throws IOException {
        int work = dispatch();
        work += releaseWaiters();
        work += deleteTopics();
        work += trim();
        if (clock.millis() - lastCheckpoint >= checkpointIntervalMillis) {
            work += checkpoint(false) ? 1 : 0;
        }
        return work;
    }

    private int dispatch() throws IOException {
        long from = Math.max(dispatchedPosition, log.minOffset());
        long to = log.writtenPosition();
        if (from >= to) {
            return 0;
        }
        int[] count = {0};
        long end = LogScanner.scan(log, from, to, MAX_RECORDS, false, h -> {
            if (tombstones.buried(h.topic(), h.commitLogOffset())) {
                return; // a deleted topic's record
            }
            Deletion pending = deletions.get(h.topic());
            if (pending != null) {
                finish(pending); // a record of the topic created again: the old queues go before it is filed
            }
            ConsumeQueue cq = queues.getOrCreate(new QueueKey(h.topic(), h.queueId()));
            cq.put(h);
            index.index(h);
            count[0]++;
            notify(h, cq.maxOffset());
        });
        index.markIndexedUpTo(end);
        dispatchedPosition = end;
        return Math.max(count[0], end > from ? 1 : 0);
    }

    /**
     * Deletes {@code topic}: its records written so far are buried at once ({@link TopicTombstones}: durable when this
     * returns, so a crash from here on cannot bring them back), its consume queues are removed once everything written
     * before this call is dispatched. Any thread; the future completes on the dispatcher's thread.
     */
    public java.util.concurrent.CompletableFuture<Void> deleteTopic(String topic) {
        long position = log.writtenPosition();
        try {
            tombstones.add(topic, position);
        } catch (IOException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        Deletion d = deletions.merge(topic, new Deletion(topic, position, new java.util.concurrent.CompletableFuture<>()),
                (old, mine) -> new Deletion(topic, Math.max(old.position(), mine.position()), old.done()));
        return d.done();
    }

    private int deleteTopics() throws IOException {
        int n = 0;
        for (Deletion d : java.util.List.copyOf(deletions.values())) {
            if (dispatchedPosition >= d.position()) {
                finish(d);
                n++;
            }
        }
        return n;
    }

    private void finish(Deletion d) throws IOException {
        if (!deletions.remove(d.topic(), d)) {
            return;
        }
        try {
            int removed = queues.removeTopic(d.topic());
            LOG.info("topic {} deleted: {} consume queues removed; its records below log offset {} are never filed again",
                    d.topic(), removed, d.position());
            d.done().complete(null);
        } catch (IOException | RuntimeException e) {
            LOG.error("deleting the consume queues of topic {} failed; the next start removes them", d.topic(), e);
            d.done().completeExceptionally(e);
            throw e;
        }
    }

    private void notify(RecordHeader h, long maxOffset) {
        try {
            listener.dispatched(h.topic(), h.queueId(), maxOffset);
        } catch (RuntimeException e) {
            LOG.error("dispatch listener failed for {}/{} at {}", h.topic(), h.queueId(), maxOffset, e);
        }
    }

    private int trim() {
        long min = log.minOffset();
        if (min <= trimmedTo) {
            return 0;
        }
        for (ConsumeQueue cq : queues.all()) {
            cq.trimBefore(min);
        }
        index.trimBefore(min);
        trimmedTo = min;
        try {
            tombstones.dropBelow(min);
        } catch (IOException e) {
            LOG.warn("dropping deleted-topic tombstones below {} failed; kept until the next trim", min, e);
        }
        return 1;
    }

    /**
     * Snapshots what is dispatched: handed to the checkpoint agent, or (with {@code clean}, the writer stopped) made
     * durable here and marked clean. Returns whether there was anything new to checkpoint.
     */
    public boolean checkpoint(boolean clean) throws IOException {
        long end = dispatchedPosition;
        lastCheckpoint = clock.millis();
        if (!clean && end == checkpointedTo) {
            return false;
        }
        Checkpoint snapshot = new Checkpoint(clean, end, queues.maxOffsets());
        if (clean) {
            CheckpointAgent.write(snapshot, log, dirty, checkpointFile);
        } else {
            checkpoints.offer(snapshot);
        }
        checkpointedTo = end;
        return true;
    }

    /** Dispatches everything written, then writes a clean checkpoint. The writer and flusher have stopped. */
    @Override
    public void onClose() {
        try {
            while (dispatch() > 0) {
                // drain
            }
            releaseWaiters();
            deleteTopics();
            checkpoint(true);
        } catch (IOException | RuntimeException e) {
            LOG.error("closing the dispatcher failed; the next start recovers from the last checkpoint", e);
        }
    }
}
