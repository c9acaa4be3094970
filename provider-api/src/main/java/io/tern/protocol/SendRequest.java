package io.tern.protocol;

/**
 * {@link CommandCode#SEND} and {@link CommandCode#SEND_BATCH}.
 * <pre>
 *   request header:  | producerGroup (string) | topic (string) | queueId (int) |
 *   request body:    a message, or a batch of messages all of that topic and queue ({@link MessageCodec})
 *   response header: | durable (bool: true = on disk, false = in the page cache) | queueId (int) | count (int) |
 *                    | count x queueOffset (long) |
 * </pre>
 * The topic and queue are in the header as well as in the body so that the broker can route and check permissions
 * before decoding the messages.
 */
public record SendRequest(String producerGroup, String topic, int queueId) {
    public byte[] encode() {
        return Headers.writer().str(producerGroup).str(topic).i32(queueId).toBytes();
    }

    public static SendRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        SendRequest s = new SendRequest(r.str(), r.str(), r.i32());
        r.end();
        if (s.topic() == null) {
            throw new FrameCodecException("send request names no topic");
        }
        return s;
    }

    /** What a SEND or SEND_BATCH stored. */
    public record Result(boolean durable, int queueId, long[] queueOffsets) {
        public byte[] encode() {
            Headers.Writer w = Headers.writer().bool(durable).i32(queueId).i32(queueOffsets.length);
            for (long o : queueOffsets) {
                w.i64(o);
            }
            return w.toBytes();
        }

        public static Result decode(byte[] header) {
            Headers.Reader r = Headers.reader(header);
            boolean durable = r.bool();
            int queueId = r.i32();
            int n = TopicRoute.count(r, header);
            long[] offsets = new long[n];
            for (int i = 0; i < n; i++) {
                offsets[i] = r.i64();
            }
            r.end();
            return new Result(durable, queueId, offsets);
        }
    }
}
