package io.tern.protocol;

import io.tern.message.Message;
import io.tern.message.Properties;

/**
 * Names of a consumer group's retry and dead-letter topics, and the properties the broker adds to a message it
 * moves there. Both are ordinary one-queue topics: browse, consume or resend them like any other.
 * <pre>
 *   %RETRY%&lt;group&gt;  failed messages waiting for their back-off; the group's push consumers also consume it
 *   %DLQ%&lt;group&gt;    messages delivered maxDeliveries times; nobody consumes them unless told to
 * </pre>
 * The group appears percent-encoded ({@link Names#groupInTopic}): a group of any characters gives a valid topic, and
 * a group of topic characters other than {@code %} appears as it is.
 * The message keeps its id, tag, keys, body and properties; the broker adds {@link #ORIGIN_TOPIC},
 * {@link #DELIVERY_COUNT} and, in the retry topic, {@link #DUE_AT}.
 */
public final class RetryTopics {
    public static final String RETRY_PREFIX = "%RETRY%";
    public static final String DLQ_PREFIX = "%DLQ%";
    /** The topic the message was first sent to (string). */
    public static final String ORIGIN_TOPIC = "TERN_ORIGIN_TOPIC";
    /** How many times the message was delivered before it moved here (int). */
    public static final String DELIVERY_COUNT = io.tern.message.ReceivedMessage.DELIVERY_COUNT_PROPERTY;
    /** Retry topic only: the broker's clock (epoch millis) before which a pull does not hand the message out (long). */
    public static final String DUE_AT = "TERN_RETRY_DUE_AT";

    private RetryTopics() {
    }

    public static String retryTopic(String group) {
        return RETRY_PREFIX + Names.groupInTopic(group);
    }

    public static String deadLetterTopic(String group) {
        return DLQ_PREFIX + Names.groupInTopic(group);
    }

    /** The group whose retry or dead-letter topic {@code topic} is; null if it is neither. */
    public static String groupOf(String topic) {
        for (String prefix : new String[]{RETRY_PREFIX, DLQ_PREFIX}) {
            if (topic != null && topic.startsWith(prefix)) {
                return Names.groupFromTopic(topic.substring(prefix.length()));
            }
        }
        return null;
    }

    public static boolean isRetry(String topic) {
        return topic.startsWith(RETRY_PREFIX);
    }

    /** The topic the message was originally sent to: its own topic unless it was moved to a retry or dead-letter topic. */
    public static String originTopic(Message m) {
        return m.properties().get(ORIGIN_TOPIC) instanceof String s ? s : m.topic();
    }

    /** Deliveries before the message was moved to a retry or dead-letter topic: 0 for a message never failed. */
    public static int priorDeliveries(Message m) {
        return m.properties().get(DELIVERY_COUNT) instanceof Integer n ? n : 0;
    }

    /** Retry topic only: when a message with these properties is due, or 0. */
    public static long dueAt(Properties p) {
        return p.get(DUE_AT) instanceof Long t ? t : 0;
    }
}
