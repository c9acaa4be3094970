package io.tern.protocol;

import io.tern.message.Message;
import io.tern.message.MessageId;
import io.tern.message.Properties;
import io.tern.message.ReceivedMessage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages in frame bodies.
 * <pre>
 *   message:   | id.hi (long) | id.lo (long) | topic (string) | queueId (int) | bornTimestamp (long) | flags (int) |
 *              | tag (string, null allowed) | keyCount (int) | keyCount x key (string) |
 *              | propertiesLength (int) | properties (see {@link Properties}) | bodyLength (int) | body |
 *   batch:     | count (int) | count x message |
 *   received:  | queueOffset (long) | storeTimestamp (long) | bornHost (string) | message |
 *   pulled:    | count (int) | count x received |
 * </pre>
 * Anything that does not decode is a {@link FrameCodecException}.
 */
public final class MessageCodec {
    private MessageCodec() {
    }

    public static byte[] encode(Message m) {
        Headers.Writer w = Headers.writer();
        write(m, w);
        return w.toBytes();
    }

    public static Message decode(byte[] bytes) {
        Headers.Reader r = Headers.reader(bytes);
        Message m = read(r);
        r.end();
        return m;
    }

    public static byte[] encodeBatch(List<Message> messages) {
        Headers.Writer w = Headers.writer().i32(messages.size());
        messages.forEach(m -> write(m, w));
        return w.toBytes();
    }

    public static List<Message> decodeBatch(byte[] bytes) {
        Headers.Reader r = Headers.reader(bytes);
        int n = TopicRoute.count(r, bytes);
        List<Message> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(read(r));
        }
        r.end();
        return out;
    }

    public static byte[] encodeReceived(List<ReceivedMessage> messages) {
        Headers.Writer w = Headers.writer().i32(messages.size());
        for (ReceivedMessage m : messages) {
            w.i64(m.queueOffset()).i64(m.storeTimestamp()).str(m.bornHost());
            write(m.message(), w);
        }
        return w.toBytes();
    }

    public static List<ReceivedMessage> decodeReceived(byte[] bytes, String brokerName) {
        Headers.Reader r = Headers.reader(bytes);
        int n = TopicRoute.count(r, bytes);
        List<ReceivedMessage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long queueOffset = r.i64();
            long storeTimestamp = r.i64();
            String bornHost = r.str();
            out.add(new ReceivedMessage(read(r), brokerName, queueOffset, storeTimestamp, bornHost));
        }
        r.end();
        return out;
    }

    /** The bytes {@link #encodeReceived} spends on {@code m} (without the list's count). */
    public static long encodedSize(ReceivedMessage m) {
        return 8 + 8 + stringSize(m.bornHost()) + encodedSize(m.message());
    }

    /** The bytes {@link #encode} spends on {@code m}. */
    public static long encodedSize(Message m) {
        long size = 8 + 8 + stringSize(m.topic()) + 4 + 8 + 4 + stringSize(m.tag()) + 4;
        for (String k : m.keys()) {
            size += stringSize(k);
        }
        return size + 4 + m.properties().encodedSize() + 4 + m.body().length;
    }

    private static int stringSize(String s) {
        return 2 + (s == null ? 0 : Headers.utf8Length(s));
    }

    static void write(Message m, Headers.Writer w) {
        w.i64(m.id().hi()).i64(m.id().lo()).str(m.topic()).i32(m.queueId()).i64(m.bornTimestamp()).i32(m.flags())
                .str(m.tag()).i32(m.keys().size());
        m.keys().forEach(w::str);
        ByteBuffer props = ByteBuffer.allocate(m.properties().encodedSize());
        m.properties().writeTo(props);
        w.bytes(props.array()).bytes(m.body());
    }

    static Message read(Headers.Reader r) {
        MessageId id = new MessageId(r.i64(), r.i64());
        String topic = r.str();
        int queueId = r.i32();
        long born = r.i64();
        int flags = r.i32();
        String tag = r.str();
        int keyCount = r.i32();
        if (keyCount < 0 || keyCount > 255) {
            throw new FrameCodecException("message " + id + " claims " + keyCount + " keys (0-255 allowed)");
        }
        List<String> keys = new ArrayList<>(keyCount);
        for (int i = 0; i < keyCount; i++) {
            keys.add(r.str());
        }
        byte[] props = r.bytes();
        Properties properties;
        try {
            ByteBuffer in = ByteBuffer.wrap(props);
            properties = Properties.readFrom(in);
            if (in.hasRemaining()) {
                throw new FrameCodecException("message " + id + " has " + in.remaining() + " bytes after its properties");
            }
        } catch (io.tern.message.MalformedMessageException e) {
            throw new FrameCodecException("message " + id + " properties: " + e.getMessage());
        }
        byte[] body = r.bytes();
        if (topic == null) {
            throw new FrameCodecException("message " + id + " has no topic");
        }
        return new Message(id, topic, queueId, born, flags, tag, keys, properties, body);
    }
}
