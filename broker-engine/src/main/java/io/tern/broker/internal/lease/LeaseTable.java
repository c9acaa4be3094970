package io.tern.broker.internal.lease;

import io.tern.broker.internal.journal.GroupCommitJournal;
import io.tern.broker.internal.journal.JournalReplay;
import io.tern.store.FlushMode;
import io.tern.store.MessageStore;
import io.tern.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every lease-mode cursor of the broker, by (group, topic, queue), and their recovery: the checkpoint, then each
 * journal file named at or after it, in order. After recovery every un-acked offset below the queue's end counts as
 * delivered once ({@link LeaseCursor#restored}): leases are not persisted, so any of them may have been leased
 * when the broker stopped.
 *
 * <p>A cursor is made on a group's first receive from a queue, starting at the queue's first offset (so messages
 * sent before the group's first receiver are delivered, as a JMS queue must), or for every read queue of a topic at
 * once by {@link #openGroup} (OPEN_GROUP: at the first offsets or the ends). Its opening is journaled and forced
 * before it leases anything: after a crash the broker knows every cursor that may have had leases. A group opened
 * ephemeral is remembered as such (journal and checkpoint) so that a restart deletes it ({@link #recoveredEphemeral});
 * {@link #delete} removes a group's cursors of a topic (DELETE_GROUP), journaled too.
 *
 * <p>Thread rules: any thread. Opening a cursor holds no table-wide lock while its record is forced: the first
 * thread to need a key registers a future for it in {@code opening} (a concurrent map's per-key atomic step, under
 * the read side of {@code lifecycle}, which only a group's deletion takes exclusively and never across I/O) and
 * queues the opening's record; other threads needing that key wait on the same future, threads needing other keys go on
 * (their openings share the journal's next group commit). The cursor joins {@code cursors} on the journal agent's
 * thread once its record is on disk, before the future completes. Every other path holds one cursor's monitor at
 * a time; only {@link #reset} holds several, always in queue order, so it cannot deadlock with another reset or
 * with anything else.
 */
public final class LeaseTable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseTable.class);

    /** A cursor's name. */
    public record Key(String group, String topic, int queueId) {
    }

    /** A group on a topic: what OPEN_GROUP and DELETE_GROUP name. */
    public record GroupKey(String group, String topic) {
    }

    /**
     * A cursor whose opening is being journaled: where it starts, and the cursor once the record is on disk; cancelled
     * by a {@link #delete} of its group meanwhile (the cursor is then not added: the journal has the open, then the delete).
     */
    private record Opening(long start, CompletableFuture<LeaseCursor> done, java.util.concurrent.atomic.AtomicBoolean cancelled) {
    }

    private final Map<Key, LeaseCursor> cursors = new ConcurrentHashMap<>();
    private final Map<Key, Opening> opening = new ConcurrentHashMap<>();
    /**
     * Orders openings against deletions: an opening holds the read side while it registers and queues its record
     * (no I/O: the force comes later, with no lock held), a deletion the write side while it cancels the group's
     * openings, drops its cursors and queues its record. So every opening's record lands in the journal either before
     * the deletion's (and it is cancelled) or after it (and the group lives again), the same order memory has.
     */
    private final java.util.concurrent.locks.ReadWriteLock lifecycle = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final Set<GroupKey> ephemeral = ConcurrentHashMap.newKeySet();
    private final Set<GroupKey> recoveredEphemeral = new HashSet<>();
    private final MessageStore store;
    private final AtomicLong receiptIds;
    private final GroupCommitJournal journal;

    private LeaseTable(Path dir, MessageStore store, InstantSource clock, Duration checkpointInterval) throws IOException {
        this.store = store;
        long seed = new SecureRandom().nextLong();
        this.receiptIds = new AtomicLong(seed == 0 ? 1 : seed);
        Files.createDirectories(dir);
        long lastSeq = recover(dir);
        this.journal = new GroupCommitJournal("ack-journal", dir, lastSeq, clock, checkpointInterval,
                (d, seq) -> LeaseCheckpoint.write(d, seq, snapshot(), Set.copyOf(ephemeral)), store.config().flushMode() == FlushMode.SYNC);
    }

    /**
     * Recovers the cursors in {@code dir} and opens the journal (checkpointing at once, so replay happens once). Groups
     * that were ephemeral are dropped from memory before that checkpoint: their connections are gone. The caller
     * deletes the rest of their state ({@link #recoveredEphemeral}).
     */
    public static LeaseTable open(Path dir, MessageStore store, InstantSource clock, Duration checkpointInterval) throws IOException {
        return new LeaseTable(dir, store, clock, checkpointInterval);
    }

    public GroupCommitJournal journal() {
        return journal;
    }

    /** The ephemeral groups the last run left (deleted from this table at recovery); the broker deletes their other state. */
    public Set<GroupKey> recoveredEphemeral() {
        return Set.copyOf(recoveredEphemeral);
    }

    private long recover(Path dir) throws IOException {
        LeaseCheckpoint.Contents cp = LeaseCheckpoint.read(dir);
        Map<Key, LeaseCursor.Snapshot> restored = new HashMap<>(cp.cursors());
        restored.forEach((k, s) -> cursors.put(k, LeaseCursor.restored(s, store.maxOffset(k.topic(), k.queueId()), this::nextReceiptId)));
        ephemeral.addAll(cp.ephemeral());
        Set<GroupKey> deleted = new HashSet<>();
        JournalReplay.Replayed replayed = JournalReplay.replay(dir, cp.journalSeq(), JournalRecord::read, r -> apply(r, deleted), "ack journal");
        int records = replayed.records();
        int forgotten = 0;
        for (Map.Entry<Key, LeaseCursor> e : cursors.entrySet()) {
            forgotten += e.getValue().clampTo(store.maxOffset(e.getKey().topic(), e.getKey().queueId()));
        }
        if (forgotten > 0) {
            LOG.warn("lease cursors in {} acknowledged {} offsets beyond their queues' recovered ends (the machine crashed before"
                    + " the log was flushed); those acks are forgotten, so messages stored there now are delivered", dir, forgotten);
        }
        for (GroupKey g : ephemeral) {
            recoveredEphemeral.add(g);
            cursors.keySet().removeIf(k -> k.group().equals(g.group()) && k.topic().equals(g.topic()));
        }
        ephemeral.clear();
        if (!cursors.isEmpty() || !recoveredEphemeral.isEmpty()) {
            LOG.info("lease cursors recovered from {}: {} cursors, {} journal records replayed, {} ephemeral groups deleted", dir,
                    cursors.size(), records, recoveredEphemeral.size());
        }
        return replayed.lastSeq();
    }

    private void apply(JournalRecord r, Set<GroupKey> deleted) {
        GroupKey g = new GroupKey(r.group(), r.topic());
        switch (r.type()) {
            case JournalRecord.DELETE -> {
                cursors.keySet().removeIf(k -> k.group().equals(r.group()) && k.topic().equals(r.topic()));
                ephemeral.remove(g);
                deleted.add(g);
                return;
            }
            case JournalRecord.DURABLE -> {
                ephemeral.remove(g);
                return;
            }
            case JournalRecord.OPEN, JournalRecord.OPEN_EPHEMERAL -> {
                deleted.remove(g);
                if (r.type() == JournalRecord.OPEN_EPHEMERAL) {
                    ephemeral.add(g);
                }
            }
            default -> {
                if (deleted.contains(g)) {
                    return; // an ack or nack that raced the group's deletion: its cursor is gone
                }
            }
        }
        Key key = new Key(r.group(), r.topic(), r.queueId());
        boolean opens = r.type() == JournalRecord.OPEN || r.type() == JournalRecord.OPEN_EPHEMERAL;
        LeaseCursor c = cursors.computeIfAbsent(key, k -> LeaseCursor.restored(
                new LeaseCursor.Snapshot(opens ? r.offset() : 0, new long[0], Map.of()),
                store.maxOffset(k.topic(), k.queueId()), this::nextReceiptId));
        switch (r.type()) {
            case JournalRecord.ACK -> c.applyAck(r.offset());
            case JournalRecord.NACK -> c.applyDeliveries(r.offset(), r.deliveries());
            case JournalRecord.RESET -> c.applyReset(r.offset());
            default -> { } // OPEN: made above if it was new
        }
    }

    private long nextReceiptId() {
        long id;
        do {
            id = receiptIds.getAndIncrement();
        } while (id == 0);
        return id;
    }

    /** The cursor, or null if the group never received from this queue. */
    public LeaseCursor existing(String group, String topic, int queueId) {
        return cursors.get(new Key(group, topic, queueId));
    }

    /** The cursor, made (and its opening forced to the journal) if the group never received from this queue. */
    public LeaseCursor cursor(String group, String topic, int queueId) {
        Key key = new Key(group, topic, queueId);
        LeaseCursor c = cursors.get(key);
        return c != null ? c : join(open(key, store.minOffset(topic, queueId), JournalRecord.OPEN), key);
    }

    private static LeaseCursor join(CompletableFuture<LeaseCursor> f, Key key) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof StoreException se ? se : new StoreException("cannot journal cursor " + key + ": " + e.getCause(), e.getCause());
        }
    }

    /**
     * The cursor of {@code key}: at once if it exists, else once its opening at {@code start} is on disk. Only the
     * thread that registers the opening journals it; nothing is locked while the journal forces.
     */
    private CompletableFuture<LeaseCursor> open(Key key, long start, byte type) {
        Opening[] mine = {null};
        CompletableFuture<Void>[] written = new CompletableFuture[1];
        Opening o;
        lifecycle.readLock().lock();
        try {
            o = opening.computeIfAbsent(key, k -> {
                if (cursors.containsKey(k)) {
                    return null; // made while we looked: the put comes before the opening's removal
                }
                mine[0] = new Opening(start, new CompletableFuture<>(), new java.util.concurrent.atomic.AtomicBoolean());
                written[0] = journal.appendForced(new JournalRecord(type, key.group(), key.topic(), key.queueId(), start, 0).encode());
                return mine[0];
            });
        } finally {
            lifecycle.readLock().unlock();
        }
        if (o == null) {
            return CompletableFuture.completedFuture(cursors.get(key));
        }
        if (mine[0] != null) {
            written[0].whenComplete((v, e) -> opened(key, o, e));
        }
        return o.done();
    }

    /** The opening's record is on disk (or failed): the cursor joins the table unless its group was deleted meanwhile. */
    private void opened(Key key, Opening o, Throwable e) {
        if (e != null) {
            opening.remove(key, o);
            o.done().completeExceptionally(e instanceof CompletionException ce ? ce.getCause() : e);
            return;
        }
        LeaseCursor c = new LeaseCursor(o.start(), this::nextReceiptId);
        opening.computeIfPresent(key, (k, current) -> { // one step with delete's cancel, which uses the same key's compute
            if (current == o && !o.cancelled().get()) {
                cursors.put(k, c);
            }
            return current == o ? null : current;
        });
        o.done().complete(c); // a cancelled one's receiver leases from a cursor no handle can reach again: redelivered later
    }

    /**
     * OPEN_GROUP: makes the group's cursor of every queue {@code 0..starts.length-1} of {@code topic} at {@code starts[q]},
     * unless the group has a cursor on the topic already (then nothing changes, except that a durable open of an
     * ephemeral group makes it durable). Completes with whether it made the cursors, once their openings are on disk.
     */
    public CompletableFuture<Boolean> openGroup(String group, String topic, long[] starts, boolean asEphemeral) {
        GroupKey g = new GroupKey(group, topic);
        if (hasCursors(group, topic)) {
            if (!asEphemeral && ephemeral.remove(g)) {
                return journal.appendForced(new JournalRecord(JournalRecord.DURABLE, group, topic, -1, 0, 0).encode()).thenApply(v -> false);
            }
            return CompletableFuture.completedFuture(false);
        }
        if (asEphemeral) {
            ephemeral.add(g); // before the records: a checkpoint taken meanwhile must list it
        }
        byte type = asEphemeral ? JournalRecord.OPEN_EPHEMERAL : JournalRecord.OPEN;
        List<CompletableFuture<LeaseCursor>> all = new ArrayList<>();
        for (int q = 0; q < starts.length; q++) {
            all.add(open(new Key(group, topic, q), starts[q], type));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> true);
    }

    /** Whether the group has (or is opening) a cursor of a queue of the topic. */
    boolean hasCursors(String group, String topic) {
        return cursors.keySet().stream().anyMatch(k -> k.group().equals(group) && k.topic().equals(topic))
                || opening.entrySet().stream().anyMatch(e -> e.getKey().group().equals(group) && e.getKey().topic().equals(topic)
                        && !e.getValue().cancelled().get());
    }

    /** Cursors now (broker stats: a deleted group's go back to zero). */
    public int size() {
        return cursors.size();
    }

    /** Whether the group has a cursor on any topic. */
    public boolean hasAnyCursor(String group) {
        return cursors.keySet().stream().anyMatch(k -> k.group().equals(group));
    }

    public boolean isEphemeral(String group, String topic) {
        return ephemeral.contains(new GroupKey(group, topic));
    }

    /**
     * DELETE_GROUP's lease part: forgets the group's cursors of the topic (a receipt handle of them is refused from now
     * on) and journals the deletion. Completes with whether there was anything to delete, once the record is on disk.
     */
    public CompletableFuture<Boolean> delete(String group, String topic) {
        lifecycle.writeLock().lock();
        try {
            boolean[] had = {false};
            for (Key k : List.copyOf(opening.keySet())) {
                if (k.group().equals(group) && k.topic().equals(topic)) {
                    opening.computeIfPresent(k, (kk, o) -> {
                        o.cancelled().set(true);
                        had[0] = true;
                        return o;
                    });
                }
            }
            had[0] |= cursors.keySet().removeIf(k -> k.group().equals(group) && k.topic().equals(topic));
            had[0] |= ephemeral.remove(new GroupKey(group, topic));
            if (!had[0]) {
                return CompletableFuture.completedFuture(false);
            }
            return journal.appendForced(new JournalRecord(JournalRecord.DELETE, group, topic, -1, 0, 0).encode()).thenApply(v -> true);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** A reset refused because prepared transactions pin offsets of the group's cursors: queue id to pinned offsets. */
    public static final class Pinned extends RuntimeException {
        final Map<Integer, List<Long>> offsets;

        Pinned(Map<Integer, List<Long>> offsets) {
            super("offsets pinned by prepared transactions (queue=offsets): " + offsets);
            this.offsets = offsets;
        }
    }

    /**
     * Resets the group's cursor of every queue {@code 0..targets.length-1} of {@code topic} to {@code targets[queue]}
     * ({@link LeaseCursor#reset}), making the missing ones first (a queue the group never received from would
     * otherwise start at its first offset, undoing a reset to the end). Atomic across the queues: every cursor's
     * monitor is held while the pins are checked, the cursors reset and their RESET records queued, so no receive,
     * ack or other reset sees a half-reset group and the journal has the records in the order memory had them.
     *
     * @return completes once the journal has every RESET record on disk
     * @throws Pinned changing nothing, if a prepared transaction pins an offset of one of the cursors
     */
    public CompletableFuture<Void> reset(String group, String topic, long[] targets, long now) {
        List<LeaseCursor> all = new ArrayList<>();
        for (int q = 0; q < targets.length; q++) {
            all.add(cursor(group, topic, q));
        }
        return underMonitors(all, 0, () -> {
            Map<Integer, List<Long>> pinned = new TreeMap<>();
            for (int q = 0; q < all.size(); q++) {
                List<Long> p = all.get(q).pinnedOffsets();
                if (!p.isEmpty()) {
                    pinned.put(q, p);
                }
            }
            if (!pinned.isEmpty()) {
                throw new Pinned(pinned);
            }
            List<CompletableFuture<Void>> written = new ArrayList<>();
            for (int q = 0; q < all.size(); q++) {
                all.get(q).reset(targets[q], now);
                written.add(journal.append(new JournalRecord(JournalRecord.RESET, group, topic, q, targets[q], 0).encode()));
            }
            return CompletableFuture.allOf(written.toArray(CompletableFuture[]::new));
        });
    }

    private static <T> T underMonitors(List<LeaseCursor> cursors, int from, Supplier<T> body) {
        if (from == cursors.size()) {
            return body.get();
        }
        synchronized (cursors.get(from)) {
            return underMonitors(cursors, from + 1, body);
        }
    }

    /** The durable state of every cursor now (each cursor is consistent in itself). */
    Map<Key, LeaseCursor.Snapshot> snapshot() {
        Map<Key, LeaseCursor.Snapshot> out = new HashMap<>();
        opening.forEach((k, o) -> { // see open: its record may be in a folded file
            if (!o.cancelled().get()) {
                out.put(k, new LeaseCursor.Snapshot(o.start(), new long[0], Map.of()));
            }
        });
        cursors.forEach((k, c) -> out.put(k, c.snapshot()));
        return out;
    }

    /** The groups with a cursor on {@code topic}, sorted. */
    /** Every group with a cursor on some topic (LIST_GROUPS shows them beside the offset-mode ones). */
    public java.util.SortedSet<String> groups() {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        cursors.keySet().forEach(k -> out.add(k.group()));
        return out;
    }

    public java.util.SortedSet<String> groupsOn(String topic) {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        cursors.keySet().forEach(k -> {
            if (k.topic().equals(topic)) {
                out.add(k.group());
            }
        });
        return out;
    }

    /** The group's cursors of a topic that exist now. */
    public List<LeaseCursor> cursorsOf(String group, String topic) {
        return cursors.entrySet().stream().filter(e -> e.getKey().group().equals(group) && e.getKey().topic().equals(topic))
                .map(Map.Entry::getValue).toList();
    }
}
