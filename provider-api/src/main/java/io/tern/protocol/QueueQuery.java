package io.tern.protocol;

/**
 * {@link CommandCode#QUERY_QUEUE}: a queue's bounds, and the first offset stored at or after a time.
 * <pre>
 *   request header:  | topic (string) | queueId (int) | timestamp (long: epoch millis, or -1 for no time search) |
 *   response header: | minOffset (long) | maxOffset (long) | offsetAtTime (long: -1 if no time was asked) |
 * </pre>
 */
public record QueueQuery(String topic, int queueId, long timestamp) {
    public byte[] encode() {
        return Headers.writer().str(topic).i32(queueId).i64(timestamp).toBytes();
    }

    public static QueueQuery decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        QueueQuery q = new QueueQuery(r.str(), r.i32(), r.i64());
        r.end();
        if (q.topic() == null) {
            throw new FrameCodecException("queue query names no topic");
        }
        return q;
    }

    public record Result(long minOffset, long maxOffset, long offsetAtTime) {
        public byte[] encode() {
            return Headers.writer().i64(minOffset).i64(maxOffset).i64(offsetAtTime).toBytes();
        }

        public static Result decode(byte[] header) {
            Headers.Reader r = Headers.reader(header);
            Result res = new Result(r.i64(), r.i64(), r.i64());
            r.end();
            return res;
        }
    }
}
