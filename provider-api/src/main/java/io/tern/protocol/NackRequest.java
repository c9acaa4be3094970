package io.tern.protocol;

/**
 * {@link CommandCode#NACK}: give a leased message back; the group receives it again (delivery count + 1) after
 * {@code redeliverDelayMillis}.
 * <pre>
 *   request header:  | group (string) | topic (string) | receiptHandle (string) | redeliverDelayMillis (long: 0 = now) |
 *   response header: empty
 * </pre>
 * {@link ResponseCode#LEASE_EXPIRED} when the handle no longer holds the lease.
 */
public record NackRequest(String group, String topic, String receiptHandle, long redeliverDelayMillis) {
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
