package io.tern.protocol;

/**
 * {@link CommandCode#DELETE_GROUP}: delete a consumer group's state on a topic of one broker, in both modes.
 * <pre>
 *   request header:  | group (string) | topic (string) |
 *   response header: | deleted (bool: false if the broker knew no state of the group on the topic) |
 *
 *   e.g. group "g", topic "t":   00 01 67 | 00 01 74
 * </pre>
 * Deletes the group's lease cursors of the topic (and their journal and checkpoint entries), its committed offsets of
 * the topic's queues, and, once the group has no state on any other topic of the broker, its {@code %RETRY%G} and
 * {@code %DLQ%G} topics. Receipt handles of the group are refused afterwards. A later receive of the group starts a
 * new group at the queues' first offsets (or {@link CommandCode#OPEN_GROUP} opens it elsewhere).
 * Refusals: {@link ResponseCode#GROUP_IN_USE} while another connection holds receives or leases of the group on the
 * topic, or a prepared transaction pins one of its messages; nothing is deleted then.
 */
public record GroupDeleteRequest(String group, String topic) {
    public byte[] encode() {
        return Headers.writer().str(group).str(topic).toBytes();
    }

    public static GroupDeleteRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        GroupDeleteRequest d = new GroupDeleteRequest(r.str(), r.str());
        r.end();
        if (d.group() == null || d.topic() == null) {
            throw new FrameCodecException("delete group lacks group or topic");
        }
        return d;
    }

    /** The response header. */
    public static byte[] encodeDeleted(boolean deleted) {
        return Headers.writer().bool(deleted).toBytes();
    }

    public static boolean decodeDeleted(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        boolean deleted = r.bool();
        r.end();
        return deleted;
    }
}
