package io.tern.store.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Every consume queue of the store, found under {@code consumequeue/<topic>/<queueId>/}, the topic's directory
 * named by {@link TopicDirName}.
 * Thread rules: {@link #getOrCreate} and the mutating calls on queues from the dispatcher (or recovery);
 * {@link #get} from any thread.
 */
public final class ConsumeQueueTable implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueueTable.class);

    private final Path root;
    private final int entriesPerFile;
    private final DirtyFiles dirty;
    private final Map<QueueKey, ConsumeQueue> queues = new ConcurrentHashMap<>();

    public ConsumeQueueTable(Path root, int entriesPerFile, DirtyFiles dirty) {
        this.root = root;
        this.entriesPerFile = entriesPerFile;
        this.dirty = dirty;
    }

    /** Opens every queue on disk. A directory that does not name a queue is skipped with a warning. */
    public void load() throws IOException {
        Files.createDirectories(root);
        for (Path topicDir : list(root)) {
            String topic = TopicDirName.topicOf(topicDir);
            if (topic == null) {
                LOG.warn("skipping {}: not a topic's directory (see TopicDirName)", topicDir);
                continue;
            }
            for (Path queueDir : list(topicDir)) {
                int queueId;
                try {
                    queueId = Integer.parseInt(queueDir.getFileName().toString());
                } catch (NumberFormatException e) {
                    LOG.warn("skipping {}: not a queue directory", queueDir);
                    continue;
                }
                QueueKey key = new QueueKey(topic, queueId);
                queues.put(key, ConsumeQueue.load(key, queueDir, entriesPerFile, dirty));
            }
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    public ConsumeQueue get(String topic, int queueId) {
        return queues.get(new QueueKey(topic, queueId));
    }

    public ConsumeQueue get(QueueKey key) {
        return queues.get(key);
    }

    public ConsumeQueue getOrCreate(QueueKey key) throws IOException {
        ConsumeQueue cq = queues.get(key);
        if (cq == null) {
            cq = ConsumeQueue.create(key, root, entriesPerFile, dirty);
            queues.put(key, cq);
        }
        return cq;
    }

    /**
     * Deletes every queue of {@code topic}: out of the table, files destroyed (unmapped once the last reader lets go),
     * directories removed. Dispatcher (or recovery) only. Returns how many queues it deleted.
     */
    public int removeTopic(String topic) throws IOException {
        int n = 0;
        for (ConsumeQueue cq : List.copyOf(queues.values())) {
            if (cq.key().topic().equals(topic) && queues.remove(cq.key(), cq)) {
                cq.reset();
                n++;
            }
        }
        Path dir = root.resolve(topic);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return n;
    }

    public Collection<ConsumeQueue> all() {
        return queues.values();
    }

    /** Each queue's next offset: what the writer continues from. */
    public Map<QueueKey, Long> maxOffsets() {
        Map<QueueKey, Long> out = new HashMap<>();
        for (ConsumeQueue cq : queues.values()) {
            out.put(cq.key(), cq.maxOffset());
        }
        return out;
    }

    @Override
    public void close() {
        for (ConsumeQueue cq : queues.values()) {
            cq.close();
        }
    }
}
