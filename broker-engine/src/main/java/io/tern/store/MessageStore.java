package io.tern.store;

import io.tern.message.MessageId;
import io.tern.store.internal.Agent;
import io.tern.store.internal.AgentRunner;
import io.tern.store.internal.CheckpointAgent;
import io.tern.store.internal.CommitLog;
import io.tern.store.internal.CommitLogWriter;
import io.tern.store.internal.ConsumeQueue;
import io.tern.store.internal.ConsumeQueueEntry;
import io.tern.store.internal.ConsumeQueueTable;
import io.tern.store.internal.DirtyFiles;
import io.tern.store.internal.Dispatcher;
import io.tern.store.internal.FlushAgent;
import io.tern.store.internal.MessageIndex;
import io.tern.store.internal.RecordCodec;
import io.tern.store.internal.RecordDescriptor;
import io.tern.store.internal.Recovery;
import io.tern.store.internal.RetentionAgent;
import io.tern.store.internal.TopicTombstones;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The broker's storage engine: one append-only commit log for every topic, a consume queue per (topic, queue),
 * an index by message id and key, and crash recovery. See {@code docs/store.md} for the on-disk layout.
 *
 * <pre>
 *   append() --queue--> [writer] --write()--> commit log --force()--> [flusher]   (SYNC: completes appends)
 *                                                 |
 *                                        [dispatcher] reads behind the writer --> consume queues, index
 *                                        [checkpoint] forces them and writes the checkpoint the dispatcher snapshots
 *                                        [retention]  deletes old segments
 * </pre>
 *
 * Thread rules: every public method is safe from any thread. A message becomes readable through
 * {@link #read} once dispatched (shortly after its append completes); {@link #readAt} sees it once written.
 * One process holds a store directory at a time (a file lock says so).
 */
public final class MessageStore implements AutoCloseable {
    /*
     * Each agent's longest idle park. Work handed over wakes an agent at once (appends wake the writer, writes wake
     * the dispatcher, SYNC waiters wake the flusher), so these bound only periodic work: the 500 ms ASYNC flush and
     * the 1 s checkpoint come at most 10 ms late, and an idle store wakes ~200 times a second, not thousands.
     */
    private static final long WOKEN_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long PERIODIC_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final StoreConfig config;
    private final FileChannel lockChannel;
    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final MessageIndex index;
    private final RecoveryReport recovery;
    private final TopicTombstones tombstones;
    private final CommitLogWriter writer;
    private final FlushAgent flusher;
    private final Dispatcher dispatcher;
    private final CheckpointAgent checkpointer;
    private final RetentionAgent retention;
    private final List<Agent> agents;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** A LongAdder: readers on many handler threads bump it, diagnostics and tests read it. */
    private final LongAdder recordsRead = new LongAdder();

    private MessageStore(StoreConfig config, FileChannel lockChannel) throws IOException {
        this.config = config;
        this.lockChannel = lockChannel;
        DirtyFiles dirty = new DirtyFiles();
        this.log = new CommitLog(config.commitLogDir(), (int) config.segmentSize(), config.forceHook());
        this.queues = new ConsumeQueueTable(config.consumeQueueDir(), config.consumeQueueFileEntries(), dirty);
        this.index = new MessageIndex(config.indexDir(), config.indexSlots(), config.indexEntries(), dirty);
        this.tombstones = TopicTombstones.load(config.dataDir().resolve("deleted-topics"));
        this.recovery = new Recovery(config, log, queues, index, dirty, tombstones).run();
        this.flusher = new FlushAgent(config, log);
        this.writer = new CommitLogWriter(config, log, flusher, queues.maxOffsets());
        this.checkpointer = new CheckpointAgent(config, log, dirty);
        this.dispatcher = new Dispatcher(config, log, queues, index, recovery.logEnd(), checkpointer, dirty, tombstones);
        this.retention = new RetentionAgent(config, log, dispatcher::dispatchedPosition);
        // close order: the writer stops first, the checkpoint agent before the dispatcher writes the clean checkpoint
        this.agents = List.of(writer, flusher, checkpointer, dispatcher, retention);
    }

    /** Opens (creating if needed) and recovers the store in {@code config.dataDir()}, then starts its agents. */
    public static MessageStore open(StoreConfig config) {
        FileChannel lock = lockDirectory(config);
        try {
            MessageStore store = new MessageStore(config, lock);
            store.start();
            return store;
        } catch (IOException | RuntimeException e) {
            closeQuietly(lock);
            throw e instanceof StoreException se ? se
                    : new StoreException("cannot open the store in " + config.dataDir() + ": " + e.getMessage(), e);
        }
    }

    private static FileChannel lockDirectory(StoreConfig config) {
        FileChannel ch = null;
        try {
            Files.createDirectories(config.dataDir());
            ch = FileChannel.open(config.dataDir().resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw new StoreException("store directory " + config.dataDir() + " is in use by another process");
            }
            return ch;
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw new StoreException("store directory " + config.dataDir() + " is already open in this process");
        } catch (IOException e) {
            closeQuietly(ch);
            throw new StoreException("cannot lock store directory " + config.dataDir() + ": " + e.getMessage(), e);
        } catch (StoreException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // releasing the lock file on a failed open: nothing was written through it
            }
        }
    }

    private void start() {
        if (config.manualAgents()) {
            return;
        }
        String name = config.dataDir().getFileName() == null ? "store" : config.dataDir().getFileName().toString();
        AgentRunner writerRunner = new AgentRunner(writer, WOKEN_IDLE_NANOS, name);
        AgentRunner flusherRunner = new AgentRunner(flusher, PERIODIC_IDLE_NANOS, name);
        AgentRunner checkpointRunner = new AgentRunner(checkpointer, WOKEN_IDLE_NANOS, name);
        AgentRunner dispatcherRunner = new AgentRunner(dispatcher, PERIODIC_IDLE_NANOS, name);
        AgentRunner retentionRunner = new AgentRunner(retention, WOKEN_IDLE_NANOS, name);
        writer.wiring(writerRunner::wake, dispatcherRunner::wake);
        flusher.wiring(flusherRunner::wake);
        checkpointer.wiring(checkpointRunner::wake);
        runners.addAll(List.of(writerRunner, flusherRunner, checkpointRunner, dispatcherRunner, retentionRunner));
        runners.forEach(AgentRunner::start);
    }

    public StoreConfig config() {
        return config;
    }

    /** Tells {@code listener} of every message as it becomes readable. Set once, before appends flow. */
    public void setDispatchListener(DispatchListener listener) {
        dispatcher.listener(listener);
    }

    /** What recovery found when this store opened. */
    public RecoveryReport recoveryReport() {
        return recovery;
    }

    /**
     * Appends a message. The future completes with OK once the record is written (ASYNC) or on disk (SYNC), or with
     * the reason it was not stored; it never completes exceptionally. BUSY and INVALID_MESSAGE answer at once.
     */
    public CompletableFuture<AppendResult> append(MessageRecord message) {
        return writer.submit(message);
    }

    /** The message at {@code queueOffset} of a queue, if dispatched and still retained. */
    public Optional<StoredMessage> read(String topic, int queueId, long queueOffset) {
        ConsumeQueue cq = queues.get(topic, queueId);
        ConsumeQueueEntry e = cq == null ? null : cq.get(queueOffset);
        return e == null ? Optional.empty() : readAt(e.commitLogOffset());
    }

    /** Up to {@code max} messages of a queue from {@code fromOffset}, in queue order; stops early at a gap. */
    public List<StoredMessage> readRange(String topic, int queueId, long fromOffset, int max) {
        ConsumeQueue cq = queues.get(topic, queueId);
        if (cq == null) {
            return List.of();
        }
        List<StoredMessage> out = new ArrayList<>();
        for (ConsumeQueueEntry e : cq.range(fromOffset, max)) {
            Optional<StoredMessage> m = readAt(e.commitLogOffset());
            if (m.isEmpty()) {
                break;
            }
            out.add(m.get());
        }
        return out;
    }

    /** What {@link #scan} found: the records it read, and the offset after the last entry it looked at. */
    public record Scan(List<StoredMessage> messages, long nextOffset) {
    }

    /**
     * Looks at up to {@code maxEntries} consume-queue entries from {@code fromOffset} and reads the records only of
     * those whose tag hash {@code tagHashAccepts}: the tag fast path, where a non-matching message costs a 20-byte
     * entry, not a record read. Hashes collide, so callers still compare the exact tag of what is returned.
     * Stops early at a gap (an entry whose record retention deleted).
     */
    public Scan scan(String topic, int queueId, long fromOffset, int maxEntries, java.util.function.LongPredicate tagHashAccepts) {
        return scan(topic, queueId, fromOffset, maxEntries, Long.MAX_VALUE, tagHashAccepts);
    }

    /**
     * {@link #scan} reading records of at most {@code maxBytes} together (always at least one): a batch of large
     * messages is read a frame's worth at a time, not 256 x 4 MB at once.
     */
    public Scan scan(String topic, int queueId, long fromOffset, int maxEntries, long maxBytes, java.util.function.LongPredicate tagHashAccepts) {
        ConsumeQueue cq = queues.get(topic, queueId);
        if (cq == null) {
            return new Scan(List.of(), fromOffset);
        }
        List<StoredMessage> out = new ArrayList<>();
        long next = Math.max(fromOffset, cq.minOffset());
        long bytes = 0;
        for (ConsumeQueueEntry e : cq.range(next, maxEntries)) {
            if (tagHashAccepts.test(e.tagHash())) {
                if (!out.isEmpty() && bytes + e.size() > maxBytes) {
                    break;
                }
                bytes += e.size();
                Optional<StoredMessage> m = readAt(e.commitLogOffset());
                if (m.isEmpty()) {
                    break;
                }
                out.add(m.get());
            }
            next = e.queueOffset() + 1;
        }
        return new Scan(out, next);
    }

    /** The bytes {@code m} takes in the commit log: what {@link StoreConfig#maxMessageSize()} limits. */
    public static long recordSize(MessageRecord m) {
        return io.tern.store.internal.RecordCodec.encodedSize(m);
    }

    /** The tag code consume-queue entries carry for {@code tag} (0 for none), for {@link #scan}'s predicate. */
    public static long tagHash(String tag) {
        return io.tern.store.internal.TagHash.of(tag);
    }

    /**
     * The tag code of the entry at {@code queueOffset}, read from the consume queue alone (20 bytes, no record), or
     * empty if the queue has no entry there: what a caller checks before deciding to {@link #read} the record.
     */
    public OptionalLong tagHashAt(String topic, int queueId, long queueOffset) {
        ConsumeQueue cq = queues.get(topic, queueId);
        ConsumeQueueEntry e = cq == null ? null : cq.get(queueOffset);
        return e == null ? OptionalLong.empty() : OptionalLong.of(e.tagHash());
    }

    /** Records read from the commit log (every read method ends in {@link #readAt}) since the store opened. */
    public long recordsRead() {
        return recordsRead.sum();
    }

    /** The record starting at a commit-log offset, verified by its CRC; empty if none starts there. */
    public Optional<StoredMessage> readAt(long commitLogOffset) {
        recordsRead.increment();
        return Optional.ofNullable(log.read(commitLogOffset, (buf, p, available) ->
                RecordCodec.check(buf, p, available, commitLogOffset) > 0 ? RecordCodec.decode(buf, p) : null));
    }

    /** The message with this id, if stored and indexed. */
    public Optional<StoredMessage> lookupById(MessageId id) {
        for (long offset : index.candidatesForId(id, 16)) {
            Optional<StoredMessage> m = readAt(offset);
            if (m.isPresent() && m.get().message().id().equals(id)) {
                return m;
            }
        }
        return Optional.empty();
    }

    /**
     * Every stored copy of the message with this id, newest first: a delayed message has its schedule copy and,
     * once due, its delivered copy; the timer checks this after a crash so that it does not deliver twice.
     */
    public List<StoredMessage> lookupAllById(MessageId id) {
        List<StoredMessage> out = new ArrayList<>();
        for (long offset : index.candidatesForId(id, 64)) {
            Optional<StoredMessage> m = readAt(offset);
            if (m.isPresent() && m.get().message().id().equals(id)) {
                out.add(m.get());
            }
        }
        return out;
    }

    /** The message with this id in {@code topic} (one id may be stored in several topics: a half message and its commit). */
    public Optional<StoredMessage> lookupById(MessageId id, String topic) {
        for (long offset : index.candidatesForId(id, 16)) {
            Optional<StoredMessage> m = readAt(offset);
            if (m.isPresent() && m.get().message().id().equals(id) && m.get().message().topic().equals(topic)) {
                return m;
            }
        }
        return Optional.empty();
    }

    /** Forces the commit log past everything written so far, whatever the flush mode; completes with the flushed offset. */
    public CompletableFuture<Long> flush() {
        return flusher.requestFlush();
    }

    /** Up to {@code max} messages of {@code topic} carrying {@code key}, newest first. */
    public List<StoredMessage> lookupByKey(String topic, String key, int max) {
        List<StoredMessage> out = new ArrayList<>();
        // candidates include hash collisions; ask for more than max so that a few of them do not starve the answer
        for (long offset : index.candidatesForKey(topic, key, Math.max(max * 4, 64))) {
            Optional<StoredMessage> m = readAt(offset);
            if (m.isPresent() && m.get().message().topic().equals(topic) && m.get().message().keys().contains(key)) {
                out.add(m.get());
                if (out.size() == max) {
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The first queue offset whose message was stored at or after {@code timestamp} (epoch millis); the queue's
     * max offset if none was. Binary search over the queue, reading each probe's store time from its record: store
     * times never go backwards within the log, so they are sorted within a queue too.
     */
    public long offsetForTime(String topic, int queueId, long timestamp) {
        ConsumeQueue cq = queues.get(topic, queueId);
        if (cq == null) {
            return 0;
        }
        long lo = cq.minOffset();
        long hi = cq.maxOffset();
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (storeTimestamp(cq, mid) < timestamp) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private long storeTimestamp(ConsumeQueue cq, long q) {
        ConsumeQueueEntry e = cq.get(q);
        Long ts = e == null ? null : log.read(e.commitLogOffset(),
                (buf, p, available) -> buf.getLong(p + RecordDescriptor.STORE_TIMESTAMP_OFFSET));
        return ts == null ? Long.MIN_VALUE : ts; // an entry retention just deleted sorts first
    }

    /** The first retained offset of a queue. */
    /**
     * Deletes a topic's consume queues (their files), once everything written before this call is dispatched. Its
     * records stay in the commit log (and the index) until retention deletes their segments, but are never filed
     * again, also after a crash; a topic of that name created later starts with new queues. Completes on the
     * dispatcher's thread. The caller stops new sends to the topic first.
     */
    public CompletableFuture<Void> deleteTopic(String topic) {
        return dispatcher.deleteTopic(topic);
    }

    /** Deleted topics whose old records retention has not deleted yet (their tombstones). */
    public int deletedTopicCount() {
        return tombstones.size();
    }

    /** Whether {@code topic} was deleted and retention has not yet deleted all its old records. */
    public boolean topicDeleted(String topic) {
        return tombstones.contains(topic);
    }

    public long minOffset(String topic, int queueId) {
        ConsumeQueue cq = queues.get(topic, queueId);
        return cq == null ? 0 : cq.minOffset();
    }

    /** One past the last dispatched offset of a queue: the offset the next dispatched message gets. */
    public long maxOffset(String topic, int queueId) {
        ConsumeQueue cq = queues.get(topic, queueId);
        return cq == null ? 0 : cq.maxOffset();
    }

    public long minCommitLogOffset() {
        return log.minOffset();
    }

    public long writtenPosition() {
        return log.writtenPosition();
    }

    public long flushedPosition() {
        return log.flushedPosition();
    }

    public long dispatchedPosition() {
        return dispatcher.dispatchedPosition();
    }

    /**
     * Completes once everything written before log offset {@code position} is dispatched. With
     * {@code whenDispatched(writtenPosition())}, {@link #maxOffset} then counts every message whose append was answered
     * before the call: the "only what is sent later" start of a new subscription. Completes on the dispatcher's thread.
     */
    public CompletableFuture<Void> whenDispatched(long position) {
        return dispatcher.whenDispatched(position);
    }

    /** When a force of the commit log first failed (epoch millis; from then on nothing is claimed durable), or 0. */
    public long fsyncFailedAt() {
        return log.fsyncFailedAt();
    }

    /** How many times the commit log was forced; with the number of SYNC appends, the group-commit batch size. */
    public long flushCount() {
        return flusher.forces();
    }

    /**
     * With {@link StoreConfig#manualAgents()}: runs each agent's {@code doWork()} once (writer, flusher, checkpoint,
     * dispatcher, retention) and returns the work done, so tests move the store step by step. Not for use with running agents.
     */
    public int runAgentsOnce() throws Exception {
        if (!config.manualAgents()) {
            throw new IllegalStateException("runAgentsOnce() drives agents only in manualAgents mode; these run on their own threads");
        }
        int work = 0;
        for (Agent a : agents) {
            work += a.doWork();
        }
        return work;
    }

    /**
     * Stops accepting appends, fails those still queued, flushes what was written, dispatches it and writes a clean
     * checkpoint, so that the next open scans nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (config.manualAgents()) {
                writer.close();
                agents.forEach(Agent::onClose);
            } else {
                runners.get(0).close(); // writer: its thread stops first, then the queue is failed
                writer.close();
                for (int i = 1; i < runners.size(); i++) {
                    runners.get(i).close(); // flusher flushes, dispatcher drains and checkpoints
                }
            }
        } finally {
            queues.close();
            index.close();
            log.close();
            closeQuietly(lockChannel);
        }
    }
}
