package io.tern.broker.internal.topic;

import io.tern.broker.internal.journal.LineFile;
import io.tern.protocol.Names;
import io.tern.protocol.TopicConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topics this broker serves, kept in {@code <dataDir>/topics}, one per line:
 * {@code name readQueues writeQueues perm [maxBacklogMessages]} (a file written before the backlog limit existed has
 * four fields: no limit). Rewritten whole (to a temporary file, then renamed) on every change:
 * topics change rarely and a torn file must never lose them all.
 *
 * <p>Thread rules: reads from any thread; changes are serialized by the table's monitor.
 */
public final class TopicTable {
    public static final int MAX_QUEUES = 1024;

    private final LineFile file;
    private final Map<String, TopicConfig> topics = new ConcurrentHashMap<>();
    private final java.util.List<java.util.function.Consumer<String>> removed = new java.util.concurrent.CopyOnWriteArrayList<>();

    public TopicTable(Path file) {
        this.file = new LineFile(file, "name readQueues writeQueues perm [maxBacklogMessages]");
    }

    public void load() throws IOException {
        file.read(f -> {
            TopicConfig t = new TopicConfig(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    f.length > 4 ? Long.parseLong(f[4]) : 0);
            topics.put(t.name(), t);
        });
    }

    public TopicConfig get(String name) {
        return topics.get(name);
    }

    public List<TopicConfig> all() {
        return new ArrayList<>(topics.values());
    }

    /** Why this topic config is not acceptable, or null. */
    public static String invalid(TopicConfig t) {
        String badName = Names.invalidTopic(t.name());
        if (badName != null) {
            return badName;
        }
        if (t.readQueues() < 1 || t.readQueues() > MAX_QUEUES || t.writeQueues() < 1 || t.writeQueues() > MAX_QUEUES) {
            return "topic " + t.name() + " queue counts " + t.readQueues() + "/" + t.writeQueues() + " must be 1-" + MAX_QUEUES;
        }
        if ((t.perm() & ~TopicConfig.PERM_READ_WRITE) != 0) {
            return "topic " + t.name() + " perm " + t.perm() + " has unknown bits (read = 4, write = 2)";
        }
        if (t.maxBacklogMessages() < 0) {
            return "topic " + t.name() + " maxBacklogMessages " + t.maxBacklogMessages() + " must be 0 (no limit) or more";
        }
        return null;
    }

    /** Creates or replaces a topic and saves the table. */
    public synchronized TopicConfig put(TopicConfig t) throws IOException {
        String why = invalid(t);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        topics.put(t.name(), t);
        save();
        return t;
    }

    /** Removes a topic and saves the table (DELETE_TOPIC); returns it, or null if there was none. */
    public synchronized TopicConfig remove(String name) throws IOException {
        TopicConfig t = topics.remove(name);
        if (t != null) {
            save();
            removed.forEach(l -> l.accept(name));
        }
        return t;
    }

    /** Called (under the table's monitor: keep it short) with the name of each removed topic. */
    public void onRemove(java.util.function.Consumer<String> listener) {
        removed.add(listener);
    }

    /** The topic, created with {@code queues} queues if it does not exist. */
    public synchronized TopicConfig getOrCreate(String name, int queues) throws IOException {
        TopicConfig t = topics.get(name);
        return t != null ? t : put(TopicConfig.of(name, queues));
    }

    private void save() throws IOException {
        List<String[]> lines = new ArrayList<>();
        for (TopicConfig t : topics.values()) {
            lines.add(new String[]{t.name(), Integer.toString(t.readQueues()), Integer.toString(t.writeQueues()), Integer.toString(t.perm()),
                    Long.toString(t.maxBacklogMessages())});
        }
        file.write(lines);
    }
}
