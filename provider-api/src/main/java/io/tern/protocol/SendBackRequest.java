package io.tern.protocol;

/**
 * {@link CommandCode#CONSUMER_SEND_BACK}: a consumer of {@code group} failed the message stored at
 * ({@code topic}, {@code queueId}, {@code queueOffset}); it was delivered {@code deliveryCount} times, this one included.
 * <pre>
 *   request header:  | group (string) | topic (string) | queueId (int) | queueOffset (long) | deliveryCount (int) |
 *                    | backoffMillis (long: -1 = the broker's series for this delivery count) |
 *   response header: | deadLettered (bool) | destination (string: the retry or dead-letter topic) | queueOffset (long) |
 * </pre>
 * {@code topic} may be the group's retry topic itself (a retried message failed again): the broker keeps the
 * original topic recorded in the message. {@link ResponseCode#INVALID_REQUEST} when nothing is stored there.
 */
public record SendBackRequest(String group, String topic, int queueId, long queueOffset, int deliveryCount, long backoffMillis) {
    /** Let the broker pick the back-off from its configured series. */
    public static final long BROKER_BACKOFF = -1;

    public byte[] encode() {
        return Headers.writer().str(group).str(topic).i32(queueId).i64(queueOffset).i32(deliveryCount).i64(backoffMillis).toBytes();
    }

    public static SendBackRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        SendBackRequest s = new SendBackRequest(r.str(), r.str(), r.i32(), r.i64(), r.i32(), r.i64());
        r.end();
        if (s.group() == null || s.topic() == null) {
            throw new FrameCodecException("send-back request needs a group and a topic");
        }
        return s;
    }

    /** Where the broker put the message. */
    public record Result(boolean deadLettered, String destination, long queueOffset) {
        public byte[] encode() {
            return Headers.writer().bool(deadLettered).str(destination).i64(queueOffset).toBytes();
        }

        public static Result decode(byte[] header) {
            Headers.Reader r = Headers.reader(header);
            Result res = new Result(r.bool(), r.str(), r.i64());
            r.end();
            return res;
        }
    }
}
