package io.tern.protocol;

/**
 * {@link CommandCode#RELEASE_LEASE}: give a leased message back unprocessed: it is ready for the group's next receive
 * at once, and this delivery is not counted (its next delivery has the count this one had).
 * <pre>
 *   request header:  | group (string) | topic (string) | receiptHandle (string) |
 *   response header: empty
 * </pre>
 * For messages a consumer received but never handed to the application (a JMS consumer's prefetch when it closes).
 * Answered at once (nothing is journaled: delivery counts above the persisted ones are not kept across a restart
 * anyway), or {@link ResponseCode#LEASE_EXPIRED} when the handle no longer holds the lease.
 */
public record ReleaseLeaseRequest(String group, String topic, String receiptHandle) {
    public byte[] encode() {
        return Headers.writer().str(group).str(topic).str(receiptHandle).toBytes();
    }

    public static ReleaseLeaseRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        ReleaseLeaseRequest a = new ReleaseLeaseRequest(r.str(), r.str(), r.str());
        r.end();
        LeaseHeaders.require(a.group(), a.topic(), a.receiptHandle(), "release lease");
        return a;
    }
}
