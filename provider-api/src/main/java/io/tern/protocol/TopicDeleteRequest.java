package io.tern.protocol;

/**
 * {@link CommandCode#DELETE_TOPIC}: delete a topic of one broker.
 * <pre>
 *   request header:  | topic (string) |
 *   response header: empty
 *
 *   e.g. topic "t":   00 01 74
 * </pre>
 * Deletes the topic's line in the broker's topic table, its consume queues (their files), every consumer group's
 * state on it (lease cursors, committed offsets) and tells the NameServers at once, so routes stop naming it. Its
 * records stay in the commit log (and its index entries) until retention deletes their segments; nobody can read them.
 * A later send to it is {@link ResponseCode#TOPIC_DELETED} (never auto-created) until it is created again
 * ({@link CommandCode#CREATE_TOPIC}); a send to an unknown temporary name ({@code TMPQ.}, {@code TMPT.}) is
 * {@link ResponseCode#TOPIC_NOT_FOUND}: temporary topics are never auto-created.
 * Refusals: a topic the broker does not serve is {@link ResponseCode#TOPIC_NOT_FOUND}.
 */
public record TopicDeleteRequest(String topic) {
    /** Name prefixes of temporary topics (JMS temporary queues and topics): never auto-created. */
    public static final String TEMPORARY_QUEUE_PREFIX = "TMPQ.";
    public static final String TEMPORARY_TOPIC_PREFIX = "TMPT.";

    public static boolean isTemporary(String topic) {
        return topic != null && (topic.startsWith(TEMPORARY_QUEUE_PREFIX) || topic.startsWith(TEMPORARY_TOPIC_PREFIX));
    }

    public byte[] encode() {
        return Headers.writer().str(topic).toBytes();
    }

    public static TopicDeleteRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        TopicDeleteRequest d = new TopicDeleteRequest(r.str());
        r.end();
        if (d.topic() == null) {
            throw new FrameCodecException("delete topic lacks the topic");
        }
        return d;
    }
}
