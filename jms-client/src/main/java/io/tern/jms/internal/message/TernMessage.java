package io.tern.jms.internal.message;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;

import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Map;

/**
 * Tern's {@link Message}: the header fields, the properties (with the spec's conversion table, see
 * {@link ValueConversions} and {@link MessageProperties}) and the read-only states; subclasses add a body.
 *
 * <p>States. A message the application creates has writable properties and body. A received message starts with both
 * read-only ({@link #setReadOnly}): a setter then throws {@link MessageNotWriteableException};
 * {@link #clearProperties()} makes the properties writable again and {@link #clearBody()} the body. Header fields are
 * always settable (the spec reserves most setters for the provider, and a provider sets them on a message it sends).
 * {@link TernBytesMessage} and {@link TernStreamMessage} also have the write-only body state of the spec.
 *
 * <p>Threads: like every JMS message, not thread-safe; one thread uses it at a time. A message is copied
 * ({@link MessageMapping#snapshot}) at send and {@link MessageMapping#fromReceived} makes a new one per delivery, so
 * the session and the application never share one.
 */
public abstract class TernMessage implements Message {
    private String messageId;
    private long timestamp;
    private String correlationId;
    private byte[] correlationIdBytes;
    private Destination replyTo;
    private Destination destination;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private boolean redelivered;
    private String type;
    private long expiration;
    private long deliveryTime;
    private int priority = Message.DEFAULT_PRIORITY;

    private MessageProperties properties = new MessageProperties();
    private boolean propertiesReadOnly;
    private boolean bodyReadOnly;

    private AcknowledgeCallback acknowledgeCallback;
    private Object providerData;

    /** A message without a body ({@code Session.createMessage()}). */
    public static TernMessage createPlain() {
        return new TernPlainMessage();
    }

    // ---- provider hooks (the contract with the session) ----

    /** Set by the session on a message it delivers; {@link #acknowledge()} calls it. */
    public void setAcknowledgeCallback(AcknowledgeCallback cb) {
        this.acknowledgeCallback = cb;
    }

    /**
     * Makes body and properties read-only ({@code true}, as a received message starts) or writable ({@code false}).
     * A read-only {@link TernBytesMessage} or {@link TernStreamMessage} body is in read mode, at its start;
     * {@code false} does not switch such a body back to write mode (only {@link #clearBody()} does, as in the spec).
     */
    public void setReadOnly(boolean bodyAndProperties) {
        propertiesReadOnly = bodyAndProperties;
        bodyReadOnly = bodyAndProperties;
        if (bodyAndProperties) {
            onBodyReadOnly();
        }
    }

    /** The core's opaque slot (its lease handle); never copied. */
    public Object providerData() {
        return providerData;
    }

    public void providerData(Object d) {
        this.providerData = d;
    }

    /** A deep copy: headers, properties, body and states; not the callback nor the provider data. */
    public final TernMessage copy() {
        TernMessage c = newEmpty();
        copyHeadersTo(c);
        c.properties = properties.copy();
        c.propertiesReadOnly = propertiesReadOnly;
        c.bodyReadOnly = bodyReadOnly;
        copyBodyTo(c);
        return c;
    }

    /** The body type, as {@link MessageMapping} marks it on the wire. */
    abstract BodyType bodyType();

    /** A new message of the same class, empty. */
    abstract TernMessage newEmpty();

    /** Copies the body (deeply) into {@code target}, a message of the same class. */
    abstract void copyBodyTo(TernMessage target);

    /** Called when the body becomes read-only (switch to read mode at the start). */
    void onBodyReadOnly() {
    }

    /** Empties the body (called by {@link #clearBody()}). */
    abstract void clearBodyContent();

    /** The body as {@link #getBody} returns it, or null if the message has none. */
    abstract Object bodyValue() throws JMSException;

    /** Makes the body read-only without {@link #onBodyReadOnly()} (BytesMessage/StreamMessage {@code reset()}). */
    final void markBodyReadOnly() {
        bodyReadOnly = true;
    }

    final boolean isBodyReadOnly() {
        return bodyReadOnly;
    }

    final void checkBodyWritable() throws MessageNotWriteableException {
        if (bodyReadOnly) {
            throw new MessageNotWriteableException("the body of this " + bodyType().jmsName()
                    + " is read-only (a received message); call clearBody() to write a new one");
        }
    }

    private void checkPropertiesWritable(String name) throws MessageNotWriteableException {
        if (propertiesReadOnly) {
            throw new MessageNotWriteableException("cannot set property '" + name + "': the properties of a received"
                    + " message are read-only; call clearProperties() first");
        }
    }

    private void copyHeadersTo(TernMessage c) {
        c.messageId = messageId;
        c.timestamp = timestamp;
        c.correlationId = correlationId;
        c.correlationIdBytes = correlationIdBytes == null ? null : correlationIdBytes.clone();
        c.replyTo = replyTo;
        c.destination = destination;
        c.deliveryMode = deliveryMode;
        c.redelivered = redelivered;
        c.type = type;
        c.expiration = expiration;
        c.deliveryTime = deliveryTime;
        c.priority = priority;
    }

    // ---- headers ----

    @Override
    public String getJMSMessageID() {
        return messageId;
    }

    @Override
    public void setJMSMessageID(String id) {
        this.messageId = id;
    }

    @Override
    public long getJMSTimestamp() {
        return timestamp;
    }

    @Override
    public void setJMSTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    /** The bytes set by {@link #setJMSCorrelationIDAsBytes}, else the UTF-8 bytes of the text form, else null. */
    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        if (correlationIdBytes != null) {
            return correlationIdBytes.clone();
        }
        return correlationId == null ? null : correlationId.getBytes(StandardCharsets.UTF_8);
    }

    /** Stores the bytes as they are (they travel base64-encoded, see {@link MessageMapping}); null clears. */
    @Override
    public void setJMSCorrelationIDAsBytes(byte[] correlationID) {
        this.correlationIdBytes = correlationID == null ? null : correlationID.clone();
        this.correlationId = null;
    }

    @Override
    public void setJMSCorrelationID(String correlationID) {
        this.correlationId = correlationID;
        this.correlationIdBytes = null;
    }

    /**
     * The text set by {@link #setJMSCorrelationID}; after {@link #setJMSCorrelationIDAsBytes} the bytes decoded as
     * UTF-8 (so selectors and this getter see the same value).
     */
    @Override
    public String getJMSCorrelationID() {
        if (correlationIdBytes != null) {
            return new String(correlationIdBytes, StandardCharsets.UTF_8);
        }
        return correlationId;
    }

    /** The bytes as set by {@link #setJMSCorrelationIDAsBytes}, or null if the id was set as text or not at all. */
    byte[] correlationIdBytesOnly() {
        return correlationIdBytes == null ? null : correlationIdBytes.clone();
    }

    /** The text as set by {@link #setJMSCorrelationID}, or null. */
    String correlationIdTextOnly() {
        return correlationId;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }

    @Override
    public void setJMSReplyTo(Destination replyTo) {
        this.replyTo = replyTo;
    }

    @Override
    public Destination getJMSDestination() {
        return destination;
    }

    @Override
    public void setJMSDestination(Destination destination) {
        this.destination = destination;
    }

    @Override
    public int getJMSDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public void setJMSDeliveryMode(int deliveryMode) {
        this.deliveryMode = deliveryMode;
    }

    @Override
    public boolean getJMSRedelivered() {
        return redelivered;
    }

    @Override
    public void setJMSRedelivered(boolean redelivered) {
        this.redelivered = redelivered;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public void setJMSType(String type) {
        this.type = type;
    }

    @Override
    public long getJMSExpiration() {
        return expiration;
    }

    @Override
    public void setJMSExpiration(long expiration) {
        this.expiration = expiration;
    }

    @Override
    public long getJMSDeliveryTime() {
        return deliveryTime;
    }

    @Override
    public void setJMSDeliveryTime(long deliveryTime) {
        this.deliveryTime = deliveryTime;
    }

    @Override
    public int getJMSPriority() {
        return priority;
    }

    @Override
    public void setJMSPriority(int priority) {
        this.priority = priority;
    }

    // ---- properties ----

    @Override
    public void clearProperties() {
        properties.clear();
        propertiesReadOnly = false;
    }

    @Override
    public boolean propertyExists(String name) {
        return properties.exists(name);
    }

    @Override
    public boolean getBooleanProperty(String name) throws JMSException {
        return ValueConversions.toBoolean(properties.get(name), name);
    }

    @Override
    public byte getByteProperty(String name) throws JMSException {
        return ValueConversions.toByte(properties.get(name), name);
    }

    @Override
    public short getShortProperty(String name) throws JMSException {
        return ValueConversions.toShort(properties.get(name), name);
    }

    @Override
    public int getIntProperty(String name) throws JMSException {
        return ValueConversions.toInt(properties.get(name), name);
    }

    @Override
    public long getLongProperty(String name) throws JMSException {
        return ValueConversions.toLong(properties.get(name), name);
    }

    @Override
    public float getFloatProperty(String name) throws JMSException {
        return ValueConversions.toFloat(properties.get(name), name);
    }

    @Override
    public double getDoubleProperty(String name) throws JMSException {
        return ValueConversions.toDouble(properties.get(name), name);
    }

    @Override
    public String getStringProperty(String name) throws JMSException {
        return ValueConversions.toStringValue(properties.get(name), name);
    }

    @Override
    public Object getObjectProperty(String name) {
        return properties.get(name);
    }

    @Override
    public Enumeration<String> getPropertyNames() {
        return properties.names();
    }

    @Override
    public void setBooleanProperty(String name, boolean value) throws JMSException {
        setObjectProperty(name, value);
    }

    @Override
    public void setByteProperty(String name, byte value) throws JMSException {
        setObjectProperty(name, value);
    }

    @Override
    public void setShortProperty(String name, short value) throws JMSException {
        setObjectProperty(name, value);
    }

    @Override
    public void setIntProperty(String name, int value) throws JMSException {
        setObjectProperty(name, value);
    }

    @Override
    public void setLongProperty(String name, long value) throws JMSException {
        setObjectProperty(name, value);
    }

    @Override
    public void setFloatProperty(String name, float value) throws JMSException {
        setObjectProperty(name, value);
    }

    @Override
    public void setDoubleProperty(String name, double value) throws JMSException {
        setObjectProperty(name, value);
    }

    @Override
    public void setStringProperty(String name, String value) throws JMSException {
        setObjectProperty(name, value);
    }

    /**
     * Sets a property: a Boolean, Byte, Short, Integer, Long, Float, Double or String (else
     * {@link MessageFormatException}), or null; the name rules are in {@link MessageProperties}.
     */
    @Override
    public void setObjectProperty(String name, Object value) throws JMSException {
        MessageProperties.checkName(name);
        checkPropertiesWritable(name);
        properties.set(name, value);
    }

    /** Sets a property the provider owns (JMSXDeliveryCount) or one of a received message, without the name rules. */
    void setProviderProperty(String name, Object value) {
        properties.setTrusted(name, value);
    }

    /** The properties as a read-only map, in insertion order. */
    Map<String, Object> propertyMap() {
        return properties.asMap();
    }

    // ---- acknowledge, body ----

    /** Calls the session's {@link AcknowledgeCallback}; a message the application made itself has none: no-op. */
    @Override
    public void acknowledge() throws JMSException {
        AcknowledgeCallback cb = acknowledgeCallback;
        if (cb != null) {
            cb.acknowledge();
        }
    }

    @Override
    public final void clearBody() throws JMSException {
        clearBodyContent();
        bodyReadOnly = false;
    }

    /**
     * The body as an object of {@code c}: null if the message has no body; {@link MessageFormatException} if the body
     * cannot be returned as {@code c} (and always for a StreamMessage, see {@link TernStreamMessage}).
     */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        Object body = bodyValue();
        if (body == null) {
            return null;
        }
        if (c == null || !c.isInstance(body)) {
            throw new MessageFormatException("the body of this " + bodyType().jmsName() + " is a "
                    + body.getClass().getName() + " and cannot be returned as " + (c == null ? "null" : c.getName()));
        }
        return c.cast(body);
    }

    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) throws JMSException {
        Object body = bodyValue();
        return body == null || (c != null && c.isInstance(body));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + messageId + ", destination=" + destination + ", properties="
                + properties.asMap().keySet() + "]";
    }
}
