package io.tern.broker.internal.offset;


import io.tern.broker.internal.journal.LineFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Consumer groups' committed offsets, kept in {@code <dataDir>/offsets}, one per line: {@code group topic queueId offset}
 * (a {@link LineFile}: a group of any characters round-trips).
 * Commits update memory; {@link #persist()} (every few seconds and on close) rewrites the file atomically. A crash
 * loses at most the commits since the last persist, which consumers then see again: at-least-once, never lost.
 * Offsets committed by a transaction ({@link #advance}) must not be lost that way (the transaction's output is
 * already visible), so the transaction journal keeps them until {@link #persisted()} says the file holds them.
 *
 * <p>Thread rules: any thread; {@link #persist()} from one thread at a time (the broker's scheduler).
 */
public final class OffsetTable {
    private record Key(String group, String topic, int queueId) {
    }

    private final LineFile file;
    private final Map<Key, Long> offsets = new ConcurrentHashMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final Queue<CompletableFuture<Void>> awaitingPersist = new ConcurrentLinkedQueue<>();

    public OffsetTable(Path file) {
        this.file = new LineFile(file, "group topic queueId offset");
    }

    public void load() throws IOException {
        file.read(f -> offsets.put(new Key(f[0], f[1], Integer.parseInt(f[2])), Long.parseLong(f[3])));
    }

    /**
     * After recovery: a committed offset beyond its queue's recovered end (the machine crashed before the log was
     * flushed, the offsets file had been written) moves back to that end, so messages stored there now are consumed,
     * not skipped. Returns how many offsets moved.
     */
    public int clampTo(java.util.function.ToLongBiFunction<String, Integer> queueEnd) {
        int moved = 0;
        for (Map.Entry<Key, Long> e : offsets.entrySet()) {
            long end = queueEnd.applyAsLong(e.getKey().topic(), e.getKey().queueId());
            if (e.getValue() > end) {
                e.setValue(end);
                moved++;
            }
        }
        if (moved > 0) {
            dirty.set(true);
        }
        return moved;
    }

    /** The committed offset, or -1 if the group has none for this queue. */
    public long get(String group, String topic, int queueId) {
        return offsets.getOrDefault(new Key(group, topic, queueId), -1L);
    }

    /** Every group with a committed offset. */
    public java.util.Set<String> groups() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        offsets.keySet().forEach(k -> out.add(k.group()));
        return out;
    }

    /** Every group with a committed offset of a queue of {@code topic}, sorted. */
    public java.util.SortedSet<String> groupsOn(String topic) {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        offsets.keySet().forEach(k -> {
            if (k.topic().equals(topic)) {
                out.add(k.group());
            }
        });
        return out;
    }

    /** Forgets the group's committed offsets of {@code topic}'s queues (DELETE_GROUP); returns whether it had any. */
    public boolean remove(String group, String topic) {
        boolean had = offsets.keySet().removeIf(k -> k.group().equals(group) && k.topic().equals(topic));
        if (had) {
            dirty.set(true);
        }
        return had;
    }

    public void commit(String group, String topic, int queueId, long offset) {
        offsets.put(new Key(group, topic, queueId), offset);
        dirty.set(true);
    }

    /**
     * A transactional commit: the offset moves only up. A lower one means the group was committed past it meanwhile
     * (a later transaction, a plain commit, a new owner of the queue); moving it back would replay what is done.
     */
    public void advance(String group, String topic, int queueId, long offset) {
        offsets.merge(new Key(group, topic, queueId), offset, Math::max);
        dirty.set(true);
    }

    /** Completes once the file holds every commit made before this call: at the next {@link #persist()} that succeeds. */
    public CompletableFuture<Void> persisted() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        awaitingPersist.add(f);
        return f;
    }

    /**
     * Rewrites the file if anything changed. Waiters taken before the dirty flag is read are covered: their commits
     * set the flag before they waited, so this write (or an earlier one, which finished) holds them.
     */
    public void persist() throws IOException {
        List<CompletableFuture<Void>> covered = new ArrayList<>();
        for (CompletableFuture<Void> f; (f = awaitingPersist.poll()) != null; ) {
            covered.add(f);
        }
        if (dirty.getAndSet(false)) {
            try {
                write();
            } catch (IOException | RuntimeException e) {
                dirty.set(true);
                awaitingPersist.addAll(covered); // the next persist covers them
                throw e;
            }
        }
        covered.forEach(f -> f.complete(null));
    }

    private void write() throws IOException {
        List<String[]> lines = new ArrayList<>();
        offsets.forEach((k, v) -> lines.add(new String[]{k.group(), k.topic(), Integer.toString(k.queueId()), Long.toString(v)}));
        file.write(lines);
    }
}
