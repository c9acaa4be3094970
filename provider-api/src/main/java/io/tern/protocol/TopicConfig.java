package io.tern.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * A topic as one broker serves it.
 * <pre>
 *   | name (string) | readQueues (int) | writeQueues (int) | perm (int: bit 2 read, bit 1 write) | maxBacklogMessages (long) |
 * </pre>
 * Lists of them are encoded as {@code | count (int) | count x TopicConfig |}.
 *
 * @param maxBacklogMessages the most messages the topic may hold unconsumed by its slowest consumer group before sends are
 *                           refused with {@link ResponseCode#BACKLOG_FULL} (policy FAIL; see the broker's
 *                           {@code docs/backlog.md} for what counts); 0 = no limit
 */
public record TopicConfig(String name, int readQueues, int writeQueues, int perm, long maxBacklogMessages) {
    public static final int PERM_WRITE = 1 << 1;
    public static final int PERM_READ = 1 << 2;
    public static final int PERM_READ_WRITE = PERM_READ | PERM_WRITE;
    public static final int DEFAULT_QUEUES = 4;
    /**
     * The route of this reserved topic lists the brokers that create topics on first send (RocketMQ's TBW102): a
     * producer that finds no route for a new topic sends there, and that broker creates it.
     */
    public static final String AUTO_CREATE_TOPIC = "TERN_AUTO_CREATE";

    /** A topic without a backlog limit. */
    public TopicConfig(String name, int readQueues, int writeQueues, int perm) {
        this(name, readQueues, writeQueues, perm, 0);
    }

    public TopicConfig withMaxBacklogMessages(long max) {
        return new TopicConfig(name, readQueues, writeQueues, perm, max);
    }

    public boolean hasBacklogLimit() {
        return maxBacklogMessages > 0;
    }

    public static TopicConfig of(String name, int queues) {
        return new TopicConfig(name, queues, queues, PERM_READ_WRITE);
    }

    public boolean readable() {
        return (perm & PERM_READ) != 0;
    }

    public boolean writable() {
        return (perm & PERM_WRITE) != 0;
    }

    public void writeTo(Headers.Writer w) {
        w.str(name).i32(readQueues).i32(writeQueues).i32(perm).i64(maxBacklogMessages);
    }

    public static TopicConfig readFrom(Headers.Reader r) {
        return new TopicConfig(r.str(), r.i32(), r.i32(), r.i32(), r.i64());
    }

    public static byte[] encodeList(List<TopicConfig> topics) {
        Headers.Writer w = Headers.writer().i32(topics.size());
        topics.forEach(t -> t.writeTo(w));
        return w.toBytes();
    }

    public static List<TopicConfig> decodeList(byte[] bytes) {
        Headers.Reader r = Headers.reader(bytes);
        int n = r.i32();
        if (n < 0 || n > bytes.length) {
            throw new FrameCodecException("topic list claims " + n + " topics in " + bytes.length + " bytes");
        }
        List<TopicConfig> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(readFrom(r));
        }
        r.end();
        return out;
    }
}
