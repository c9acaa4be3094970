package io.tern.protocol;

/**
 * {@link CommandCode#PULL}: read a queue from an offset (offset mode).
 * <pre>
 *   request header:  | group (string) | topic (string) | queueId (int) | offset (long) | maxMessages (int) |
 *                    | maxWaitMillis (long: 0 = answer at once) | tags (string: "a || b", "*" or null = all) |
 *                    | selector (string: a JMS message selector, null or empty = none) |
 *   response header: | nextOffset (long) | minOffset (long) | maxOffset (long) |
 *   response body:   received messages ({@link MessageCodec#encodeReceived})
 * </pre>
 * With nothing to return the broker holds the request until a matching message arrives or {@code maxWaitMillis}
 * passes (long polling), then answers with an empty body. Messages whose tag does not match, or for which the
 * selector is not TRUE, are skipped on the broker and {@code nextOffset} moves past them. A selector that does not
 * compile is answered with {@link ResponseCode#INVALID_REQUEST} and a message "invalid selector ...: at position N: reason". An offset outside [minOffset, maxOffset] is answered at once with
 * no messages and {@code nextOffset} set to the nearest valid offset.
 */
public record PullRequest(String group, String topic, int queueId, long offset, int maxMessages, long maxWaitMillis, String tags,
                          String selector) {
    public static final int MAX_MESSAGES = 1024;

    public byte[] encode() {
        return Headers.writer().str(group).str(topic).i32(queueId).i64(offset).i32(maxMessages).i64(maxWaitMillis).str(tags).str(selector).toBytes();
    }

    public static PullRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        PullRequest p = new PullRequest(r.str(), r.str(), r.i32(), r.i64(), r.i32(), r.i64(), r.str(), r.str());
        r.end();
        if (p.group() == null || p.topic() == null) {
            throw new FrameCodecException("pull request lacks group or topic");
        }
        return p;
    }

    /** The response header. */
    public record Result(long nextOffset, long minOffset, long maxOffset) {
        public byte[] encode() {
            return Headers.writer().i64(nextOffset).i64(minOffset).i64(maxOffset).toBytes();
        }

        public static Result decode(byte[] header) {
            Headers.Reader r = Headers.reader(header);
            Result res = new Result(r.i64(), r.i64(), r.i64());
            r.end();
            return res;
        }
    }
}
