package io.tern.protocol;

/**
 * {@link CommandCode#QUERY_OFFSET} and {@link CommandCode#COMMIT_OFFSET}: a consumer group's position in a queue.
 * <pre>
 *   request header:  | group (string) | topic (string) | queueId (int) | offset (long: the offset to commit; -1 in a query) |
 *   response header: | offset (long: the committed offset, -1 if the group has none) |     (QUERY_OFFSET)
 * </pre>
 */
public record OffsetRequest(String group, String topic, int queueId, long offset) {
    public byte[] encode() {
        return Headers.writer().str(group).str(topic).i32(queueId).i64(offset).toBytes();
    }

    public static OffsetRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        OffsetRequest o = new OffsetRequest(r.str(), r.str(), r.i32(), r.i64());
        r.end();
        if (o.group() == null || o.topic() == null) {
            throw new FrameCodecException("offset request lacks group or topic");
        }
        return o;
    }

    public static byte[] encodeOffset(long offset) {
        return Headers.writer().i64(offset).toBytes();
    }

    public static long decodeOffset(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        long o = r.i64();
        r.end();
        return o;
    }
}
