package io.tern.broker.internal;


import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Consumer groups' committed offsets, kept in {@code <dataDir>/offsets}, one per line: {@code group topic queueId offset}.
 * Commits update memory; {@link #persist()} (every few seconds and on close) rewrites the file atomically. A crash
 * loses at most the commits since the last persist, which consumers then see again: at-least-once, never lost.
 *
 * <p>Thread rules: any thread; {@link #persist()} from one thread at a time (the broker's scheduler).
 */
public final class OffsetTable {
    private record Key(String group, String topic, int queueId) {
    }

    private final LineFile file;
    private final Map<Key, Long> offsets = new ConcurrentHashMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean();

    public OffsetTable(Path file) {
        this.file = new LineFile(file, "group topic queueId offset");
    }

    public void load() throws IOException {
        file.read(f -> offsets.put(new Key(f[0], f[1], Integer.parseInt(f[2])), Long.parseLong(f[3])));
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

    public void commit(String group, String topic, int queueId, long offset) {
        offsets.put(new Key(group, topic, queueId), offset);
        dirty.set(true);
    }

    public void persist() throws IOException {
        if (!dirty.getAndSet(false)) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        offsets.forEach((k, v) -> sb.append(k.group()).append(' ').append(k.topic()).append(' ')
                .append(k.queueId()).append(' ').append(v).append('\n'));
        file.write(sb);
    }
}
