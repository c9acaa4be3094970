package io.tern.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * A topic as one broker serves it.
 * <pre>
 *   | name (string) | readQueues (int) | writeQueues (int) | perm (int: bit 2 read, bit 1 write) |
 * </pre>
 * Lists of them are encoded as {@code | count (int) | count x TopicConfig |}.
 */
public record TopicConfig(String name, int readQueues, int writeQueues, int perm) {
    public static final int PERM_WRITE = 1 << 1;
    public static final int PERM_READ = 1 << 2;
    public static final int PERM_READ_WRITE = PERM_READ | PERM_WRITE;
    public static final int DEFAULT_QUEUES = 4;
    /**
     * The route of this reserved topic lists the brokers that create topics on first send (RocketMQ's TBW102): a
     * producer that finds no route for a new topic sends there, and that broker creates it.
     */
    public static final String AUTO_CREATE_TOPIC = "TERN_AUTO_CREATE";

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
        w.str(name).i32(readQueues).i32(writeQueues).i32(perm);
    }

    public static TopicConfig readFrom(Headers.Reader r) {
        return new TopicConfig(r.str(), r.i32(), r.i32(), r.i32());
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
