package io.tern.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link CommandCode#RESET_GROUP}: move a consumer group's position on every read queue of a topic on one broker, in
 * whichever modes the group uses there: offset mode (its committed offsets) and lease mode (its cursors).
 * <pre>
 *   request header:  | group (string) | topic (string) | target (byte: 0 start, 1 end, 2 time) |
 *                    | timestamp (long: epoch millis for a time target, else -1) | flags (byte: bit 0 OFFSETS_IF_UNKNOWN) |
 *   response header: | modes (byte: bit 0 offset mode reset, bit 1 lease mode reset; 0 = the group is unknown here) |
 *   response body:   | queueCount (int) | queueCount x (queueId (int) | offset (long: where the group now starts)) |
 *
 *   e.g. group "g", topic "t", time 1000, offsets if unknown:
 *   00 01 67 | 00 01 74 | 02 | 00 00 00 00 00 00 03 e8 | 01
 *   answered for both modes, queue 0 set to 5:
 *   header 03; body 00 00 00 01 | 00 00 00 00 | 00 00 00 00 00 00 00 05
 * </pre>
 * The broker computes each queue's offset: start = the queue's first offset, end = its next offset, time = the first
 * offset stored at or after the timestamp (the next offset if none). A group is known on the topic in offset mode when
 * it has a committed offset of one of the topic's queues or live offset-mode members, in lease mode when it has a
 * cursor there. An unknown group is answered with modes 0 and nothing is changed, unless {@link #OFFSETS_IF_UNKNOWN}
 * asks to commit offsets for it (positioning a group before its first consumer, as a plain offset commit would).
 * Refusals: a topic the broker does not serve is {@link ResponseCode#TOPIC_NOT_FOUND}; live offset-mode members
 * (they keep their positions in memory and would overwrite the reset) are {@link ResponseCode#INVALID_REQUEST}; a
 * prepared XA branch holding an ack of the group on the topic is {@link ResponseCode#TX_CONFLICT} naming its Xid.
 */
public record GroupReset(String group, String topic, Target target, long timestamp, int flags) {
    /** Where to move the group. */
    public enum Target { START, END, TIME }

    /** Flag: an unknown group gets committed offsets (offset mode) instead of an answer with modes 0. */
    public static final int OFFSETS_IF_UNKNOWN = 1;
    /** Response modes bit: the group's committed offsets were set. */
    public static final int MODE_OFFSET = 1;
    /** Response modes bit: the group's lease cursors were reset. */
    public static final int MODE_LEASE = 2;

    public byte[] encode() {
        return Headers.writer().str(group).str(topic).i8(target.ordinal()).i64(timestamp).i8(flags).toBytes();
    }

    public static GroupReset decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        String group = r.str();
        String topic = r.str();
        int target = r.i8();
        long timestamp = r.i64();
        int flags = r.i8();
        r.end();
        if (group == null || topic == null) {
            throw new FrameCodecException("group reset lacks group or topic");
        }
        if (target < 0 || target >= Target.values().length) {
            throw new FrameCodecException("reset target " + target + " is not one of 0-" + (Target.values().length - 1));
        }
        if ((flags & ~OFFSETS_IF_UNKNOWN) != 0) {
            throw new FrameCodecException("reset flags " + flags + " has bits other than " + OFFSETS_IF_UNKNOWN);
        }
        return new GroupReset(group, topic, Target.values()[target], timestamp, flags);
    }

    /** A response header of one modes byte ({@link #MODE_OFFSET}, {@link #MODE_LEASE}), shared with {@link GroupDescription}. */
    static int decodeModes(byte[] header) {
        Headers.Reader h = Headers.reader(header);
        int modes = h.i8();
        h.end();
        if ((modes & ~(MODE_OFFSET | MODE_LEASE)) != 0) {
            throw new FrameCodecException("group modes " + modes + " has bits other than " + (MODE_OFFSET | MODE_LEASE));
        }
        return modes;
    }

    /** One queue the reset moved: the group starts at {@code offset} there. */
    public record QueueOffset(int queueId, long offset) {
    }

    /** What the broker reset: which modes ({@link #MODE_OFFSET}, {@link #MODE_LEASE}) and each queue's offset. */
    public record Result(int modes, List<QueueOffset> queues) {
        public byte[] encodeHeader() {
            return Headers.writer().i8(modes).toBytes();
        }

        public byte[] encodeBody() {
            Headers.Writer w = Headers.writer().i32(queues.size());
            queues.forEach(q -> w.i32(q.queueId()).i64(q.offset()));
            return w.toBytes();
        }

        public static Result decode(byte[] header, byte[] body) {
            int modes = decodeModes(header);
            Headers.Reader b = Headers.reader(body);
            int n = b.i32();
            if (n < 0) {
                throw new FrameCodecException("reset answer counts " + n + " queues");
            }
            List<QueueOffset> queues = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                queues.add(new QueueOffset(b.i32(), b.i64()));
            }
            b.end();
            return new Result(modes, queues);
        }
    }
}
