package io.tern.store.internal;

import io.tern.message.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Finds records by message id and by (topic, key), through a chain of {@link IndexFile}s that together cover the
 * commit log from its start up to {@link #indexedUpTo()}. Each record files one entry for its id and one per key.
 * Lookups return candidate offsets only: hashes collide and entries may outlive their records, so the store reads
 * each candidate and keeps those that really match.
 *
 * <p>Thread rules: {@link #index}, {@link #markIndexedUpTo}, {@link #trimBefore} from the dispatcher (or recovery
 * before it starts); lookups from any thread. Written files are marked in {@link DirtyFiles} for the checkpoint agent.
 */
public final class MessageIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MessageIndex.class);

    private final Path dir;
    private final int slots;
    private final int entries;
    private final List<IndexFile> files = new CopyOnWriteArrayList<>();
    private final DirtyFiles dirty;

    public MessageIndex(Path dir, int slots, int entries, DirtyFiles dirty) {
        this.dir = dir;
        this.slots = slots;
        this.entries = entries;
        this.dirty = dirty;
    }

    /**
     * Opens the index files and keeps the longest valid chain that starts at or before {@code logMinOffset}: a file
     * that is cut, damaged, or does not start where the previous one stopped is deleted with everything after it.
     */
    public void load(long logMinOffset) throws IOException {
        Files.createDirectories(dir);
        List<Path> paths;
        try (Stream<Path> s = Files.list(dir)) {
            paths = s.sorted().toList();
        }
        boolean broken = false;
        for (Path p : paths) {
            long first = parse(p);
            IndexFile f = broken || first < 0 ? null : IndexFile.open(p, first, slots, entries);
            boolean chained = f != null && (files.isEmpty() ? first <= logMinOffset : first == last().indexedUpTo());
            if (!chained) {
                if (f != null) {
                    f.close();
                }
                if (!broken) {
                    LOG.warn("index file {} is damaged or out of chain; it and later index files will be rebuilt", p);
                }
                broken = true;
                Files.deleteIfExists(p);
                continue;
            }
            files.add(f);
        }
        // files wholly before the log's start point only at deleted records
        trimBefore(logMinOffset);
    }

    private static long parse(Path p) {
        String name = p.getFileName().toString();
        return name.length() == 20 && name.chars().allMatch(Character::isDigit) ? Long.parseLong(name) : -1;
    }

    private IndexFile last() {
        return files.get(files.size() - 1);
    }

    /** Where indexing must resume: the end of the chain's coverage, or -1 if there is no index at all. */
    public long indexedUpTo() {
        return files.isEmpty() ? -1 : last().indexedUpTo();
    }

    /** Lowers the coverage mark to {@code logOffset} so the records from there are indexed again (duplicates are harmless). */
    public void rewindTo(long logOffset) {
        while (!files.isEmpty() && last().firstLogOffset() >= logOffset) { // nothing before the mark to keep
            files.remove(files.size() - 1).destroy();
        }
        if (!files.isEmpty() && last().indexedUpTo() > logOffset) {
            last().setIndexedUpTo(logOffset);
            dirty.mark(last().file());
        }
    }

    public void index(RecordHeader h) throws IOException {
        int needed = 1 + h.keys().size();
        if (files.isEmpty() || !last().hasRoomFor(needed)) {
            // records are indexed in log order, so the full file covers all before this one; without saying so it keeps
            // the coverage of the last markIndexedUpTo, and load() finds the new file out of chain and rebuilds from there
            markIndexedUpTo(h.commitLogOffset());
            files.add(IndexFile.create(dir, h.commitLogOffset(), slots, entries));
        }
        IndexFile f = last();
        f.put(idHash(h.id()), h.commitLogOffset());
        for (String key : h.keys()) {
            f.put(keyHash(h.topic(), key), h.commitLogOffset());
        }
        dirty.mark(f.file());
    }

    /** Every record before {@code logOffset} is indexed. */
    public void markIndexedUpTo(long logOffset) {
        if (!files.isEmpty() && last().indexedUpTo() < logOffset) {
            last().setIndexedUpTo(logOffset);
            dirty.mark(last().file());
        }
    }

    public List<Long> candidatesForId(MessageId id, int max) {
        return lookup(idHash(id), max);
    }

    public List<Long> candidatesForKey(String topic, String key, int max) {
        return lookup(keyHash(topic, key), max);
    }

    private List<Long> lookup(int hash, int max) {
        List<Long> out = new ArrayList<>();
        List<IndexFile> fs = files;
        for (int i = fs.size() - 1; i >= 0 && out.size() < max; i--) {
            fs.get(i).lookup(hash, max, out);
        }
        return new ArrayList<>(new LinkedHashSet<>(out)); // a record indexed twice around a crash appears once
    }

    static int idHash(MessageId id) {
        return Long.hashCode(id.hi() * 0x9E3779B97F4A7C15L ^ id.lo());
    }

    static int keyHash(String topic, String key) {
        return 31 * (topic.hashCode() * 0x01000193 ^ 0x7F) + key.hashCode();
    }

    /** Deletes index files whose every entry points below {@code logMinOffset}; keeps the newest. */
    public void trimBefore(long logMinOffset) {
        while (files.size() > 1 && files.get(0).indexedUpTo() <= logMinOffset) {
            files.remove(0).destroy();
        }
    }

    @Override
    public void close() {
        for (IndexFile f : files) {
            f.close();
        }
    }
}
