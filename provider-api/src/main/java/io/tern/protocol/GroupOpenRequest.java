package io.tern.protocol;

/**
 * {@link CommandCode#OPEN_GROUP}: make a lease group's cursors on every read queue of a topic of one broker, at the
 * queues' first offsets or at their ends, if the group has none there yet.
 * <pre>
 *   request header:  | group (string) | topic (string) | start (byte: 0 FIRST, 1 END) | ephemeral (bool) |
 *   response header: | created (bool: false if the group had cursors on the topic already) |
 *
 *   e.g. group "g", topic "t", END, ephemeral:   00 01 67 | 00 01 74 | 01 | 01
 * </pre>
 * Idempotent: a group that has cursors on the topic is left where it is (its start is not changed), answered with
 * created false. Atomic: the cursors of every read queue are made together, before any receive of the group leases
 * from them, and their opening is on disk before the answer. Ephemeral: the group belongs to the connections that
 * opened it ephemeral; when the last of them closes (or dies) the group is deleted as by {@link CommandCode#DELETE_GROUP},
 * and a broker restart deletes it too (its connections are gone). A group opened both ways stays ephemeral only
 * while no connection opened it durable; opening a durable group ephemeral changes nothing.
 * Refusals: a topic the broker does not serve is {@link ResponseCode#TOPIC_NOT_FOUND}.
 */
public record GroupOpenRequest(String group, String topic, Start start, boolean ephemeral) {
    /** Where a new group starts on each queue: its first stored offset, or its end (only what is sent after every send answered before the open). */
    public enum Start { FIRST, END }

    public byte[] encode() {
        return Headers.writer().str(group).str(topic).i8(start.ordinal()).bool(ephemeral).toBytes();
    }

    public static GroupOpenRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        String group = r.str();
        String topic = r.str();
        int start = r.i8();
        boolean ephemeral = r.bool();
        r.end();
        if (group == null || topic == null) {
            throw new FrameCodecException("open group lacks group or topic");
        }
        if (start < 0 || start >= Start.values().length) {
            throw new FrameCodecException("open group start " + start + " is not one of 0-" + (Start.values().length - 1));
        }
        return new GroupOpenRequest(group, topic, Start.values()[start], ephemeral);
    }

    /** The response header. */
    public static byte[] encodeCreated(boolean created) {
        return Headers.writer().bool(created).toBytes();
    }

    public static boolean decodeCreated(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        boolean created = r.bool();
        r.end();
        return created;
    }
}
