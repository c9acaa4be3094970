package io.tern.protocol;

import io.tern.message.ReceivedMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link CommandCode#RECEIVE}: lease messages of a topic for a group (lease mode).
 * <pre>
 *   request header:  | group (string) | topic (string) | maxMessages (int) | invisibilityMillis (long) |
 *                    | maxWaitMillis (long: 0 = answer at once) | tags (string: "a || b", "*" or null = all) |
 *                    | selector (string: a JMS message selector, null or empty = none) |
 *   response header: empty
 *   response body:   | count (int) | count x leased |
 *   leased:          | receiptHandle (string) | deliveryCount (int) | queueOffset (long) | storeTimestamp (long) |
 *                    | bornHost (string) | message ({@link MessageCodec}) |
 * </pre>
 * Each returned message is invisible to the group's other receivers for {@code invisibilityMillis}: acknowledge it
 * ({@link AckRequest}) within that time, or it is delivered again with {@code deliveryCount} one higher. A
 * {@code deliveryCount} of 2 or more means the message may have been delivered before (JMSRedelivered). The
 * receipt handle is opaque to clients. With nothing to lease the broker holds the request until a matching message
 * arrives on any queue of the topic, or one of the group's leases expires, or {@code maxWaitMillis} passes.
 * Messages whose tag does not match, or for which the selector is not TRUE, are acked for the group without being
 * sent (as a JMS queue receiver with a selector never sees them). A selector that does not compile is answered with
 * {@link ResponseCode#INVALID_REQUEST} and a message "invalid selector ...: at position N: reason".
 */
public record ReceiveRequest(String group, String topic, int maxMessages, long invisibilityMillis, long maxWaitMillis, String tags,
                             String selector) {
    public static final int MAX_MESSAGES = 1024;

    public byte[] encode() {
        return Headers.writer().str(group).str(topic).i32(maxMessages).i64(invisibilityMillis).i64(maxWaitMillis).str(tags).str(selector).toBytes();
    }

    public static ReceiveRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        ReceiveRequest req = new ReceiveRequest(r.str(), r.str(), r.i32(), r.i64(), r.i64(), r.str(), r.str());
        r.end();
        if (req.group() == null || req.topic() == null) {
            throw new FrameCodecException("receive request lacks group or topic");
        }
        return req;
    }

    /** One leased message of a response: the handle that acks it, how often it was delivered, and the message. */
    public record Leased(String receiptHandle, int deliveryCount, ReceivedMessage received) {
    }

    /**
     * The most bytes {@link #encodeBody} spends on a leased message besides {@link MessageCodec#encodedSize} of the
     * message: its handle ({@code queue:offset:receiptId}, at most 5 + 1 + 19 + 1 + 16 characters, and its length)
     * and its delivery count.
     */
    public static final int LEASE_OVERHEAD = 2 + 42 + 4;

    public static byte[] encodeBody(List<Leased> leased) {
        Headers.Writer w = Headers.writer().i32(leased.size());
        for (Leased l : leased) {
            ReceivedMessage m = l.received();
            w.str(l.receiptHandle()).i32(l.deliveryCount()).i64(m.queueOffset()).i64(m.storeTimestamp()).str(m.bornHost());
            MessageCodec.write(m.message(), w);
        }
        return w.toBytes();
    }

    /** @param brokerName the broker that answered, recorded in each {@link ReceivedMessage} */
    public static List<Leased> decodeBody(byte[] body, String brokerName) {
        Headers.Reader r = Headers.reader(body);
        int n = TopicRoute.count(r, body);
        List<Leased> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String handle = r.str();
            int deliveryCount = r.i32();
            if (handle == null || deliveryCount < 1) {
                throw new FrameCodecException("leased message " + i + " has receipt handle " + handle + " and delivery count " + deliveryCount);
            }
            long queueOffset = r.i64();
            long storeTimestamp = r.i64();
            String bornHost = r.str();
            out.add(new Leased(handle, deliveryCount, new ReceivedMessage(MessageCodec.read(r), brokerName, queueOffset, storeTimestamp, bornHost)));
        }
        r.end();
        return out;
    }
}
