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

    /** The STRING property the JMS provider stores JMSDeliveryMode in: "PERSISTENT" or "NON_PERSISTENT". */
    String DELIVERY_MODE_PROPERTY = "JMSDeliveryMode";
    /** The LONG property the JMS provider stores JMSTimestamp in, as the producer set it (0 when disabled). */
    String TIMESTAMP_PROPERTY = "JMS_TERN_Timestamp";
    /** The STRING property (base64) the JMS provider stores a JMSCorrelationID set as bytes in. */
    String CORRELATION_ID_BYTES_PROPERTY = "JMS_TERN_CorrelationIDBytes";

    /**
     * A context over a message's parts. Header fields map onto Tern's message as the JMS provider writes it
     * ({@code io.tern.jms.internal.message.MessageMapping}), with defaults for messages of native producers:
     * <pre>
     *   JMSType          the tag
     *   JMSMessageID     "ID:" + the message id
     *   JMSTimestamp     the LONG property "JMS_TERN_Timestamp" if present, else the born timestamp (Long)
     *   JMSPriority      the JMS priority: the INT property "JMSPriority" if 0-9, else 4 (the JMS default)
     *   JMSDeliveryMode  the property "JMSDeliveryMode" if it is "PERSISTENT" or "NON_PERSISTENT", else "PERSISTENT"
     *   JMSCorrelationID the property "JMSCorrelationID", else the UTF-8 text of the base64 bytes in
     *                    "JMS_TERN_CorrelationIDBytes" (a correlation id set as bytes), else null
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
                    case "JMSTimestamp" -> properties.get(TIMESTAMP_PROPERTY) instanceof Long t ? t : bornTimestamp;
                    case "JMSPriority" -> Message.priority(properties);
                    case "JMSDeliveryMode" -> "NON_PERSISTENT".equals(properties.get(DELIVERY_MODE_PROPERTY))
                            ? "NON_PERSISTENT" : "PERSISTENT";
                    case "JMSCorrelationID" -> correlationId(properties);
                    default -> null;
                };
            }
        };
    }

    private static Object correlationId(Properties properties) {
        Object text = properties.get("JMSCorrelationID");
        if (text != null) {
            return text;
        }
        if (properties.get(CORRELATION_ID_BYTES_PROPERTY) instanceof String b64) {
            try {
                return new String(java.util.Base64.getDecoder().decode(b64), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
        return null;
    }
}
