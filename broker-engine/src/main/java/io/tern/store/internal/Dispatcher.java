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
    /** Topic deletions asked for, each done once everything written before it is dispatched. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Deletion> deletions = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private record Deletion(String topic, long writtenAt, java.util.concurrent.CompletableFuture<Void> done) {
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

    @Override
    public int doWork() throws IOException {
        int work = dispatch();
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
     * Deletes {@code topic}'s consume queues once everything written before this call is dispatched, and buries its
     * records below the dispatched position ({@link TopicTombstones}) first, so a crash in between cannot bring them
     * back. Any thread; completes on the dispatcher's.
     */
    public java.util.concurrent.CompletableFuture<Void> deleteTopic(String topic) {
        Deletion d = new Deletion(topic, log.writtenPosition(), new java.util.concurrent.CompletableFuture<>());
        deletions.add(d);
        return d.done();
    }

    private int deleteTopics() {
        int n = 0;
        for (Deletion d; (d = deletions.peek()) != null && dispatchedPosition >= d.writtenAt(); ) {
            deletions.poll();
            try {
                tombstones.add(d.topic(), dispatchedPosition);
                int removed = queues.removeTopic(d.topic());
                LOG.info("topic {} deleted: {} consume queues removed; its records below log offset {} are never filed again",
                        d.topic(), removed, dispatchedPosition);
                d.done().complete(null);
            } catch (IOException | RuntimeException e) {
                LOG.error("deleting the consume queues of topic {} failed", d.topic(), e);
                d.done().completeExceptionally(e);
            }
            n++;
        }
        return n;
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
            checkpoint(true);
        } catch (IOException | RuntimeException e) {
            LOG.error("closing the dispatcher failed; the next start recovers from the last checkpoint", e);
        }
    }
}
