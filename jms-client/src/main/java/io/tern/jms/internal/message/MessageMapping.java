package io.tern.jms.internal.message;

import io.tern.client.OutgoingMessage;
import io.tern.jms.TernDestination;
import io.tern.jms.TernQueue;
import io.tern.message.Properties;
import io.tern.message.ReceivedMessage;
import io.tern.message.SystemProperties;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Converts between JMS messages and the engine's messages. The wire form of a JMS message (an engine message):
 * <pre>
 *  engine field        JMS meaning
 *  ------------------  --------------------------------------------------------------------------------
 *  tag                 JMSType
 *  keys                (none)
 *  id                  JMSMessageID = "ID:" + id (the core sets it on the sent message from the send result)
 *  bornTimestamp       JMSTimestamp, when JMS_TERN_Timestamp is absent (a native message)
 *  body                the body, laid out per JMS_TERN_BodyType (below)
 *  properties          the application's and JMSX properties under their own names (null values are not sent,
 *                      JMSXDeliveryCount is not sent: the receiver derives it), plus:
 *    JMSPriority                  INT 0-9            JMSPriority (the engine orders by it); absent = 4, not
 *                                                    written for 4
 *    JMSDeliveryMode              STRING             "NON_PERSISTENT" (or "PERSISTENT"); absent = PERSISTENT, not
 *                                                    written for PERSISTENT; the broker's selectors read it
 *    JMSCorrelationID             STRING             JMSCorrelationID set as text
 *    JMS_TERN_CorrelationIDBytes  STRING (base64)    JMSCorrelationID set as bytes
 *    JMSReplyTo                   STRING             JMSReplyTo as queue://X, topic://X, temp-queue://X, temp-topic://X
 *    JMS_TERN_Destination         STRING             JMSDestination, same form; absent = queue://engine topic,
 *                                                    not written for that destination
 *    JMS_TERN_Timestamp           LONG               JMSTimestamp as the producer set it (0: disabled)
 *    JMS_TERN_Expiration          LONG               JMSExpiration (absent = 0, never)
 *    JMS_TERN_DeliveryTime        LONG               JMSDeliveryTime, when it differs from JMSTimestamp
 *    JMS_TERN_BodyType            BYTE               0 Message, 1 Text, 2 Bytes, 3 Map, 4 Stream, 5 Object;
 *                                                    absent (a native message) = Bytes
 *    JMS_TERN_NullBody            BOOLEAN            true: a TextMessage whose text is null
 *    __TERN_TTL_MS / __TERN_EXPIRES_AT   the engine's expiry: JMSExpiration - JMSTimestamp as a time-to-live the
 *                                        broker counts from its own clock, or the absolute time if no timestamp
 *    __TERN_DELAY_MS / __TERN_DELIVER_AT the engine's timer: JMSDeliveryTime - JMSTimestamp as a delay, or the
 *                                        absolute time if no timestamp
 *
 *  body layouts:
 *    Message   empty
 *    Text      UTF-8 of the text (empty and JMS_TERN_NullBody=true for a null text)
 *    Bytes     the bytes as written (DataOutput encoding)
 *    Map       +-----------+------------------------------------------+
 *              | int count | count x (int nameLen | name UTF-8 | value) |     value = byte type | payload,
 *              +-----------+------------------------------------------+     see TypedValueCodec
 *    Stream    +-----------+---------------+
 *              | int count | count x value |
 *              +-----------+---------------+
 *    Object    Java serialization of the object (empty: a null object)
 * </pre>
 * On receipt, JMSRedelivered and JMSXDeliveryCount come from the lease's delivery count; the names above are hidden
 * from the application's properties, and so is every {@code JMS_TERN_} name (reserved for the provider: the core
 * adds {@code JMS_TERN_ConnectionID} for noLocal) and the engine's reserved {@code __TERN_} ones. A native message's header
 * property that does not parse (a JMSReplyTo that is not a destination text, say) is left as a plain property and the
 * header keeps its default. Stateless and thread-safe.
 */
public final class MessageMapping {
    public static final String BODY_TYPE = "JMS_TERN_BodyType";
    public static final String NULL_BODY = "JMS_TERN_NullBody";
    public static final String PRIORITY = io.tern.message.Message.PRIORITY_PROPERTY;
    public static final String DELIVERY_MODE = "JMSDeliveryMode";
    public static final String CORRELATION_ID = "JMSCorrelationID";
    public static final String CORRELATION_ID_BYTES = "JMS_TERN_CorrelationIDBytes";
    public static final String REPLY_TO = "JMSReplyTo";
    public static final String DESTINATION = "JMS_TERN_Destination";
    public static final String TIMESTAMP = "JMS_TERN_Timestamp";
    public static final String EXPIRATION = "JMS_TERN_Expiration";
    public static final String DELIVERY_TIME = "JMS_TERN_DeliveryTime";
    /** The text of JMSDeliveryMode PERSISTENT / NON_PERSISTENT in {@link #DELIVERY_MODE}. */
    public static final String PERSISTENT = "PERSISTENT", NON_PERSISTENT = "NON_PERSISTENT";
    /** The JMSX properties the provider sets or honours. */
    public static final String DELIVERY_COUNT = "JMSXDeliveryCount", GROUP_ID = "JMSXGroupID", GROUP_SEQ = "JMSXGroupSeq";
    /** What {@code ConnectionMetaData.getJMSXPropertyNames()} truthfully lists: the JMSX properties this mapping carries. */
    public static final java.util.List<String> SUPPORTED_JMSX = java.util.List.of(DELIVERY_COUNT, GROUP_ID, GROUP_SEQ);

    private MessageMapping() {
    }

    /**
     * A deep copy of any jakarta.jms.Message (Tern's or a foreign provider's), taken at send; its JMSDestination and
     * JMSReplyTo are Tern destinations (a foreign one converted by kind and name, see {@link TernDestination#of}).
     */
    public static TernMessage snapshot(Message m) throws JMSException {
        if (m instanceof TernMessage t) {
            TernMessage c = t.copy();
            c.setJMSDestination(TernDestination.of(c.getJMSDestination()));
            c.setJMSReplyTo(TernDestination.of(c.getJMSReplyTo()));
            return c;
        }
        return ForeignMessages.copy(m);
    }

    /** The engine form of a snapshot: tag, properties (headers included), body with its type marker, expiry, delay. */
    public static OutgoingMessage toOutgoing(TernMessage m, String engineTopic) throws JMSException {
        OutgoingMessage.Builder b = OutgoingMessage.to(engineTopic);
        if (m.getJMSType() != null) {
            b.tag(m.getJMSType());
        }
        try {
            putApplicationProperties(m, b);
            putHeaders(m, engineTopic, b);
            putTimes(m, b);
        } catch (IllegalArgumentException e) {
            JMSException je = new JMSException("cannot send the message to " + engineTopic + ": " + e.getMessage());
            je.initCause(e);
            throw je;
        }
        BodyType type = m.bodyType();
        b.property(BODY_TYPE, type.code());
        b.body(BodyCodec.encode(m, b));
        return b.build();
    }

    private static void putApplicationProperties(TernMessage m, OutgoingMessage.Builder b) {
        for (Map.Entry<String, Object> e : m.propertyMap().entrySet()) {
            if (e.getValue() != null && !e.getKey().equals(DELIVERY_COUNT)) {
                b.property(e.getKey(), e.getValue());
            }
        }
    }

    private static void putHeaders(TernMessage m, String engineTopic, OutgoingMessage.Builder b) throws JMSException {
        int mode = m.getJMSDeliveryMode();
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("JMSDeliveryMode " + mode + " is neither PERSISTENT (2) nor NON_PERSISTENT (1)");
        }
        if (mode == DeliveryMode.NON_PERSISTENT) {
            b.property(DELIVERY_MODE, NON_PERSISTENT); // absent means PERSISTENT: the common case costs no bytes
        }
        int priority = m.getJMSPriority();
        if (priority < 0 || priority > 9) {
            throw new JMSException("JMSPriority " + priority + " is outside 0-9");
        }
        if (priority != io.tern.message.Message.DEFAULT_PRIORITY) {
            b.priority(priority);
        }
        if (m.correlationIdBytesOnly() != null) {
            b.property(CORRELATION_ID_BYTES, Base64.getEncoder().encodeToString(m.correlationIdBytesOnly()));
        } else if (m.correlationIdTextOnly() != null) {
            b.property(CORRELATION_ID, m.correlationIdTextOnly());
        }
        if (m.getJMSReplyTo() != null) {
            b.property(REPLY_TO, TernDestination.of(m.getJMSReplyTo()).toUri());
        }
        TernDestination destination = TernDestination.of(m.getJMSDestination());
        if (destination != null && !destination.equals(new TernQueue(engineTopic))) {
            b.property(DESTINATION, destination.toUri()); // absent means the queue of the engine topic
        }
    }

    private static void putTimes(TernMessage m, OutgoingMessage.Builder b) {
        long timestamp = m.getJMSTimestamp();
        long expiration = m.getJMSExpiration();
        long deliveryTime = m.getJMSDeliveryTime();
        b.property(TIMESTAMP, timestamp);
        if (expiration != 0) {
            b.property(EXPIRATION, expiration);
            if (timestamp > 0 && expiration > timestamp) {
                b.ttl(Duration.ofMillis(expiration - timestamp));
            } else {
                b.expiresAt(Instant.ofEpochMilli(expiration));
            }
        }
        if (deliveryTime != 0 && deliveryTime != timestamp) {
            b.property(DELIVERY_TIME, deliveryTime);
            if (timestamp > 0) {
                if (deliveryTime > timestamp) {
                    b.delay(Duration.ofMillis(deliveryTime - timestamp));
                }
            } else if (deliveryTime > System.currentTimeMillis()) {
                b.deliverAt(Instant.ofEpochMilli(deliveryTime));
            }
        }
    }

    /** A received engine message as the application's own copy: headers set, body and properties read-only. */
    public static TernMessage fromReceived(ReceivedMessage r, int deliveryCount, DeserializationPolicy policy)
            throws JMSException {
        if (deliveryCount < 1) {
            throw new IllegalArgumentException("a delivery count starts at 1, got " + deliveryCount);
        }
        io.tern.message.Message e = r.message();
        Properties p = e.properties();
        TernMessage m = BodyCodec.decode(e, policy);
        m.setJMSMessageID("ID:" + e.id());
        m.setJMSType(e.tag());
        m.setJMSPriority(io.tern.message.Message.priority(p));
        m.setJMSRedelivered(deliveryCount > 1);
        ReceivedHeaders.apply(e, m);
        m.setProviderProperty(DELIVERY_COUNT, deliveryCount);
        m.setReadOnly(true);
        return m;
    }

    /** The destination a message without {@link #DESTINATION} (a native one) was sent to. */
    static TernDestination defaultDestination(io.tern.message.Message e) {
        return new TernQueue(e.topic());
    }

    /** True for the property names of the wire form that are not application properties. */
    static boolean isWireName(String name) {
        return name.startsWith(MessageProperties.TERN_JMS_PREFIX) || name.startsWith(SystemProperties.PREFIX)
                || name.equals(ReceivedMessage.DELIVERY_COUNT_PROPERTY) || name.equals(PRIORITY)
                || name.equals(DELIVERY_MODE) || name.equals(CORRELATION_ID) || name.equals(REPLY_TO);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static MessageFormatException malformed(String text) {
        return new MessageFormatException(text);
    }
}
