package io.tern.protocol;

import io.tern.message.MessageId;

/**
 * {@link CommandCode#QUERY_MESSAGE}: find stored messages through the broker's index.
 * <pre>
 *   request header: | byKey (bool) | id.hi (long) | id.lo (long) | topic (string) | key (string) | max (int) |
 *                   by id: byKey = false, topic and key null; by key: byKey = true, id 0
 *   response body:  received messages ({@link MessageCodec#encodeReceived}), newest first; empty if none
 * </pre>
 */
public record MessageQuery(boolean byKey, MessageId id, String topic, String key, int max) {
    public static final int MAX_RESULTS = 64;

    public static MessageQuery byId(MessageId id) {
        return new MessageQuery(false, id, null, null, 1);
    }

    public static MessageQuery byKey(String topic, String key, int max) {
        return new MessageQuery(true, new MessageId(0, 0), topic, key, max);
    }

    public byte[] encode() {
        return Headers.writer().bool(byKey).i64(id.hi()).i64(id.lo()).str(topic).str(key).i32(max).toBytes();
    }

    public static MessageQuery decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        MessageQuery q = new MessageQuery(r.bool(), new MessageId(r.i64(), r.i64()), r.str(), r.str(), r.i32());
        r.end();
        return q;
    }
}
