package io.tern.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link CommandCode#QUERY_DELIVERY_STATE}: where the message stored at ({@code topic}, {@code queueId},
 * {@code queueOffset}) stands for one consumer group, or for every group the broker knows on the topic.
 * <pre>
 *   request header:  | topic (string) | queueId (int) | queueOffset (long) | group (string: null = every group) |
 *   response header: empty
 *   response body:   | count (int) | count x group state |
 *   group state:     | group (string) | mode (byte) | state (byte) | deliveries (int) | deadline (long) |
 *                    | committedOffset (long) | txId (string: null = none) |
 *
 *   mode   0 NONE    the broker knows nothing of the group on this topic (only for a group named in the request)
 *          1 OFFSET  the group commits offsets (pull and push consumers)
 *          2 LEASE   the group leases messages one by one (JMS queues, shared subscriptions)
 *   state  0 UNKNOWN_GROUP  (mode NONE)
 *          1 CONSUMED       committed offset past the message          2 NOT_CONSUMED    (mode OFFSET)
 *          3 ACKED          4 LEASED: deliveries counts this one, deadline = lease end (-1: held by a prepared
 *                             transaction until it is resolved)
 *          5 READY: waits for redelivery, deliveries so far      6 PARKED: nacked with a delay, deadline = ready then
 *          7 UNCLAIMED: passed over by the filters of the receives that saw it
 *          8 NOT_DELIVERED: the group's cursor has not reached it                           (mode LEASE)
 *   deadline        broker epoch millis, -1 where the state has none
 *   committedOffset the group's committed offset of the queue (mode OFFSET; -1 if none, and in the other modes)
 *   txId            an open or prepared transaction that holds the group's ack of the message (mode LEASE), else null
 * </pre>
 * A group that both commits offsets and leases on the topic has one state per mode. Groups are listed by name.
 * {@link ResponseCode#INVALID_REQUEST} names the topic, queue or offset range when nothing is stored there.
 */
public record DeliveryStateQuery(String topic, int queueId, long queueOffset, String group) {
    public byte[] encode() {
        return Headers.writer().str(topic).i32(queueId).i64(queueOffset).str(group).toBytes();
    }

    public static DeliveryStateQuery decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        DeliveryStateQuery q = new DeliveryStateQuery(r.str(), r.i32(), r.i64(), r.str());
        r.end();
        if (q.topic() == null) {
            throw new FrameCodecException("delivery state query names no topic");
        }
        return q;
    }

    /** How a group consumes. The codes are the wire's and never change. */
    public enum Mode {
        NONE, OFFSET, LEASE;

        static Mode of(int code) {
            if (code < 0 || code >= values().length) {
                throw new FrameCodecException("delivery mode " + code + " is not one of 0-" + (values().length - 1));
            }
            return values()[code];
        }
    }

    /** Where a message stands for a group. The codes (ordinals) are the wire's and never change. */
    public enum State {
        UNKNOWN_GROUP, CONSUMED, NOT_CONSUMED, ACKED, LEASED, READY, PARKED, UNCLAIMED, NOT_DELIVERED;

        static State of(int code) {
            if (code < 0 || code >= values().length) {
                throw new FrameCodecException("delivery state " + code + " is not one of 0-" + (values().length - 1));
            }
            return values()[code];
        }
    }

    /** One group's answer; see the class comment for what each field means in each state. */
    public record GroupState(String group, Mode mode, State state, int deliveries, long deadline, long committedOffset, String txId) {
        /** A group the broker knows nothing of on the topic. */
        public static GroupState unknown(String group) {
            return new GroupState(group, Mode.NONE, State.UNKNOWN_GROUP, 0, -1, -1, null);
        }

        /** An offset-mode group: consumed once its committed offset of the queue is past the message. */
        public static GroupState offset(String group, long committedOffset, long queueOffset) {
            State s = committedOffset > queueOffset ? State.CONSUMED : State.NOT_CONSUMED;
            return new GroupState(group, Mode.OFFSET, s, 0, -1, committedOffset, null);
        }
    }

    public static byte[] encodeStates(List<GroupState> states) {
        Headers.Writer w = Headers.writer().i32(states.size());
        for (GroupState s : states) {
            w.str(s.group()).i8(s.mode().ordinal()).i8(s.state().ordinal()).i32(s.deliveries()).i64(s.deadline())
                    .i64(s.committedOffset()).str(s.txId());
        }
        return w.toBytes();
    }

    public static List<GroupState> decodeStates(byte[] body) {
        Headers.Reader r = Headers.reader(body);
        int n = TopicRoute.count(r, body);
        List<GroupState> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String group = r.str();
            if (group == null) {
                throw new FrameCodecException("delivery state " + i + " names no group");
            }
            out.add(new GroupState(group, Mode.of(r.i8()), State.of(r.i8()), r.i32(), r.i64(), r.i64(), r.str()));
        }
        r.end();
        return out;
    }
}
