package io.tern.broker.internal;

import io.tern.store.FlushMode;
import io.tern.store.MessageStore;
import io.tern.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Every lease-mode cursor of the broker, by (group, topic, queue), and their recovery: the checkpoint, then each
 * journal file named at or after it, in order. After recovery every un-acked offset below the queue's end counts as
 * delivered once ({@link LeaseCursor#restored}): leases are not persisted, so any of them may have been leased
 * when the broker stopped.
 *
 * <p>A cursor is made on a group's first receive from a queue, starting at the queue's first offset (so messages
 * sent before the group's first receiver are delivered, as a JMS queue must), and its opening is journaled and
 * forced before it leases anything: after a crash the broker knows every cursor that may have had leases.
 *
 * <p>Thread rules: any thread; cursor creation is serialized by the table's monitor (it is rare and waits for one
 * fsync). Every other path holds one cursor's monitor at a time; only {@link #reset} holds several, always in queue
 * order, so it cannot deadlock with another reset or with anything else.
 */
public final class LeaseTable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseTable.class);

    /** A cursor's name. */
    public record Key(String group, String topic, int queueId) {
    }

    private final Map<Key, LeaseCursor> cursors = new ConcurrentHashMap<>();
    private final MessageStore store;
    private final AtomicLong receiptIds;
    private final GroupCommitJournal journal;

    private LeaseTable(Path dir, MessageStore store, InstantSource clock, Duration checkpointInterval) throws IOException {
        this.store = store;
        long seed = new SecureRandom().nextLong();
        this.receiptIds = new AtomicLong(seed == 0 ? 1 : seed);
        Files.createDirectories(dir);
        long lastSeq = recover(dir);
        this.journal = new GroupCommitJournal("ack-journal", dir, lastSeq, clock, checkpointInterval, (d, seq) -> LeaseCheckpoint.write(d, seq, snapshot()),
                store.config().flushMode() == FlushMode.SYNC);
    }

    /** Recovers the cursors in {@code dir} and opens the journal (checkpointing at once, so replay happens once). */
    public static LeaseTable open(Path dir, MessageStore store, InstantSource clock, Duration checkpointInterval) throws IOException {
        return new LeaseTable(dir, store, clock, checkpointInterval);
    }

    public GroupCommitJournal journal() {
        return journal;
    }

    private long recover(Path dir) throws IOException {
        LeaseCheckpoint.Contents cp = LeaseCheckpoint.read(dir);
        Map<Key, LeaseCursor.Snapshot> restored = new HashMap<>(cp.cursors());
        restored.forEach((k, s) -> cursors.put(k, LeaseCursor.restored(s, store.maxOffset(k.topic(), k.queueId()), this::nextReceiptId)));
        long last = cp.journalSeq();
        int records = 0;
        for (Path f : journalFiles(dir)) {
            long seq = GroupCommitJournal.journalSeq(f);
            if (seq >= cp.journalSeq()) {
                records += replay(f);
            }
            last = Math.max(last, seq);
        }
        if (!cursors.isEmpty()) {
            LOG.info("lease cursors recovered from {}: {} cursors, {} journal records replayed", dir, cursors.size(), records);
        }
        return last;
    }

    private static List<Path> journalFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> GroupCommitJournal.journalSeq(f) >= 0).sorted(Comparator.comparingLong(GroupCommitJournal::journalSeq)).toList();
        }
    }

    private int replay(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        int n = 0;
        JournalRecord r;
        while ((r = JournalRecord.read(in)) != null) {
            apply(r);
            n++;
        }
        if (in.hasRemaining()) {
            LOG.warn("ack journal {} ends in {} bytes that are not a whole record (a write torn by a crash); ignoring them",
                    file, in.remaining());
        }
        return n;
    }

    private void apply(JournalRecord r) {
        Key key = new Key(r.group(), r.topic(), r.queueId());
        LeaseCursor c = cursors.computeIfAbsent(key, k -> LeaseCursor.restored(
                new LeaseCursor.Snapshot(r.type() == JournalRecord.OPEN ? r.offset() : 0, new long[0], Map.of()),
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
    LeaseCursor existing(String group, String topic, int queueId) {
        return cursors.get(new Key(group, topic, queueId));
    }

    /** The cursor, made (and its opening forced to the journal) if the group never received from this queue. */
    LeaseCursor cursor(String group, String topic, int queueId) {
        Key key = new Key(group, topic, queueId);
        LeaseCursor c = cursors.get(key);
        return c != null ? c : create(key);
    }

    private synchronized LeaseCursor create(Key key) {
        LeaseCursor c = cursors.get(key);
        if (c != null) {
            return c;
        }
        long start = store.minOffset(key.topic(), key.queueId());
        try {
            journal.appendForced(new JournalRecord(JournalRecord.OPEN, key.group(), key.topic(), key.queueId(), start, 0).encode()).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof StoreException se ? se : new StoreException("cannot journal cursor " + key + ": " + e.getCause(), e.getCause());
        }
        c = new LeaseCursor(start, this::nextReceiptId);
        cursors.put(key, c);
        return c;
    }

    /** A reset refused because prepared transactions pin offsets of the group's cursors: queue id to pinned offsets. */
    static final class Pinned extends RuntimeException {
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
    CompletableFuture<Void> reset(String group, String topic, long[] targets, long now) {
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
        cursors.forEach((k, c) -> out.put(k, c.snapshot()));
        return out;
    }

    /** The groups with a cursor on {@code topic}, sorted. */
    java.util.SortedSet<String> groupsOn(String topic) {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        cursors.keySet().forEach(k -> {
            if (k.topic().equals(topic)) {
                out.add(k.group());
            }
        });
        return out;
    }

    /** The group's cursors of a topic that exist now. */
    List<LeaseCursor> cursorsOf(String group, String topic) {
        return cursors.entrySet().stream().filter(e -> e.getKey().group().equals(group) && e.getKey().topic().equals(topic))
                .map(Map.Entry::getValue).toList();
    }
}
