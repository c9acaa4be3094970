package io.tern.protocol;

/**
 * {@link CommandCode#CHANGE_INVISIBILITY}: the lease now ends {@code invisibilityMillis} from when the broker handles
 * this (longer to keep working on a message, shorter to have it redelivered sooner). The receipt handle stays valid.
 * <pre>
 *   request header:  | group (string) | topic (string) | receiptHandle (string) | invisibilityMillis (long) |
 *   response header: empty
 * </pre>
 * {@link ResponseCode#LEASE_EXPIRED} when the handle no longer holds the lease.
 */
public record ChangeInvisibilityRequest(String group, String topic, String receiptHandle, long invisibilityMillis) {
    public byte[] encode() {
        return Headers.writer().str(group).str(topic).str(receiptHandle).i64(invisibilityMillis).toBytes();
    }

    public static ChangeInvisibilityRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        ChangeInvisibilityRequest c = new ChangeInvisibilityRequest(r.str(), r.str(), r.str(), r.i64());
        r.end();
        LeaseHeaders.require(c.group(), c.topic(), c.receiptHandle(), "change-invisibility");
        return c;
    }
}
