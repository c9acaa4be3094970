package io.tern.selector;

import io.tern.message.Message;
import io.tern.message.MessageId;
import io.tern.message.Properties;

/**
 * What a selector reads from a message: property values and the header fields a selector may name.
 * Values are Boolean, Byte, Short, Integer, Long, Float, Double or String; null means the message has no such value
 * (the selector's NULL).
 */
public interface SelectorContext {
    /** The value of the property {@code name} (JMSX* and JMS_* names are properties too), or null. */
    Object property(String name);

    /**
     * The value of the header field {@code name}, one of {@link Selector#HEADER_FIELDS}, or null.
     */
    Object header(String name);

    /** A context over a message; see {@link #of(MessageId, long, String, Properties)} for the header mapping. */
    static SelectorContext of(Message m) {
        return of(m.id(), m.bornTimestamp(), m.tag(), m.properties());
    }

    /**
     * A context over a message's parts. Header fields map onto Tern's message as follows:
     * <pre>
     *   JMSType          the tag
     *   JMSMessageID     "ID:" + the message id
     *   JMSTimestamp     the born timestamp (Long)
     *   JMSPriority      the property "JMSPriority" if present, else 4 (the JMS default)
     *   JMSDeliveryMode  "PERSISTENT" (the store keeps every message)
     *   JMSCorrelationID the property "JMSCorrelationID"
     * </pre>
     */
    static SelectorContext of(MessageId id, long bornTimestamp, String tag, Properties properties) {
        return new SelectorContext() {
            @Override
            public Object property(String name) {
                return properties.get(name);
            }

            @Override
            public Object header(String name) {
                return switch (name) {
                    case "JMSType" -> tag;
                    case "JMSMessageID" -> "ID:" + id;
                    case "JMSTimestamp" -> bornTimestamp;
                    case "JMSPriority" -> {
                        Object p = properties.get("JMSPriority");
                        yield p == null ? 4 : p;
                    }
                    case "JMSDeliveryMode" -> "PERSISTENT";
                    case "JMSCorrelationID" -> properties.get("JMSCorrelationID");
                    default -> null;
                };
            }
        };
    }
}
