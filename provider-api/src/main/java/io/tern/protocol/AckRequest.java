package io.tern.protocol;

/**
 * {@link CommandCode#ACK}: acknowledge a leased message; the group never receives it again.
 * <pre>
 *   request header:  | group (string) | topic (string) | receiptHandle (string) |
 *   response header: empty
 * </pre>
 * Answered OK once the ack is on disk (the broker's ack journal is forced), or {@link ResponseCode#LEASE_EXPIRED}
 * when the handle no longer holds the lease: the ack then did nothing, and the message is (or will be) delivered again.
 */
public record AckRequest(String group, String topic, String receiptHandle) {
    public byte[] encode() {
        return Headers.writer().str(group).str(topic).str(receiptHandle).toBytes();
    }

    public static AckRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        AckRequest a = new AckRequest(r.str(), r.str(), r.str());
        r.end();
        LeaseHeaders.require(a.group(), a.topic(), a.receiptHandle(), "ack");
        return a;
    }
}
