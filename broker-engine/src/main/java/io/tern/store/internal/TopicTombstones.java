package io.tern.store.internal;

import io.tern.protocol.FrameCodecException;
import io.tern.protocol.Headers;
import io.tern.store.StoreException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deleted topics, kept in {@code <dataDir>/deleted-topics}: for each, the commit-log position at which it was deleted.
 * Records of the topic below that position belong to the deleted topic: the dispatcher and recovery never file them
 * again (its consume queues are gone and must stay gone after a crash); records above it belong to a topic of that
 * name created later. A tombstone is dropped once retention has deleted every segment below its position.
 * <pre>
 *   a {@link CheckedFile}, magic "TTS1", body: | count (int) | count x (topic (string) | position (long)) |
 * </pre>
 *
 * <p>Thread rules: {@link #add} and {@link #dropBelow} from the dispatcher (or recovery); {@link #deletedAt} and
 * {@link #contains} from any thread.
 */
public final class TopicTombstones {
    static final int MAGIC = 0x54545331; // "TTS1"

    private final Path file;
    private final Map<String, Long> positions = new ConcurrentHashMap<>();

    private TopicTombstones(Path file) {
        this.file = file;
    }

    public static TopicTombstones load(Path file) throws IOException {
        TopicTombstones t = new TopicTombstones(file);
        Headers.Reader r = CheckedFile.read(file, MAGIC);
        if (r == null) {
            return t;
        }
        try {
            int n = r.i32();
            for (int i = 0; i < n; i++) {
                t.positions.put(r.str(), r.i64());
            }
            r.end();
        } catch (FrameCodecException e) {
            throw new StoreException("deleted-topics file " + file + " does not parse: " + e.getMessage()
                    + "; restore it or delete it (deleted topics' old messages would then be filed again)");
        }
        return t;
    }

    /** The position at which {@code topic} was deleted, or -1 if it was not (or its tombstone was dropped). */
    public long deletedAt(String topic) {
        return positions.getOrDefault(topic, -1L);
    }

    public boolean contains(String topic) {
        return positions.containsKey(topic);
    }

    /** Whether a record of {@code topic} at {@code commitLogOffset} belongs to a deleted incarnation of it. */
    public boolean buried(String topic, long commitLogOffset) {
        Long p = positions.get(topic);
        return p != null && commitLogOffset < p;
    }

    /** Records that {@code topic} was deleted at {@code position}; durable when it returns. */
    public void add(String topic, long position) throws IOException {
        positions.put(topic, position);
        write();
    }

    /** Drops the tombstones at or below {@code logMinOffset}: no record they hide is left. Returns how many. */
    public int dropBelow(long logMinOffset) throws IOException {
        Map<String, Long> before = new HashMap<>(positions);
        positions.values().removeIf(p -> p <= logMinOffset);
        int dropped = before.size() - positions.size();
        if (dropped > 0) {
            write();
        }
        return dropped;
    }

    public int size() {
        return positions.size();
    }

    private void write() throws IOException {
        Headers.Writer w = Headers.writer().i32(positions.size());
        positions.forEach((t, p) -> w.str(t).i64(p));
        CheckedFile.write(file, MAGIC, w);
    }
}
