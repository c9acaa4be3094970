package io.tern.protocol;

/**
 * {@link CommandCode#NACK}: give a leased message back; the group receives it again (delivery count + 1) after
 * {@code redeliverDelayMillis}.
 * <pre>
 *   request header:  | group (string) | topic (string) | receiptHandle (string) | redeliverDelayMillis (long) |
 *   response header: empty
 * </pre>
 * {@code redeliverDelayMillis}: 0 = at once, more = that long, {@link #BROKER_BACKOFF} = the broker's retry back-off
 * series for the message's delivery count. {@link ResponseCode#LEASE_EXPIRED} when the handle no longer holds the lease;
 * {@link ResponseCode#INVALID_REQUEST} for any other negative delay or one beyond the broker's longest lease.
 */
public record NackRequest(String group, String topic, String receiptHandle, long redeliverDelayMillis) {
    /** Redeliver after the broker's back-off for this delivery (the same series a push consumer's failures get). */
    public static final long BROKER_BACKOFF = -1;

    public byte[] encode() {
        return Headers.writer().str(group).str(topic).str(receiptHandle).i64(redeliverDelayMillis).toBytes();
    }

    public static NackRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        NackRequest n = new NackRequest(r.str(), r.str(), r.str(), r.i64());
        r.end();
        LeaseHeaders.require(n.group(), n.topic(), n.receiptHandle(), "nack");
        return n;
    }
}
