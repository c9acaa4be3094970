package io.tern.jms.internal.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * An {@link ObjectMessage}: the object is serialized (Java serialization) when set, so later changes to it do not
 * reach the message, and deserialized anew by every {@link #getObject()}, so each caller gets its own copy. A received
 * message deserializes under the connection factory's {@link DeserializationPolicy}; one the application made under
 * {@link DeserializationPolicy#TRUST_ALL} (the bytes came from its own object). Not thread-safe.
 */
public final class TernObjectMessage extends TernMessage implements ObjectMessage {
    private byte[] serialized; // null: no object
    private DeserializationPolicy policy = DeserializationPolicy.TRUST_ALL;

    public TernObjectMessage() {
    }

    public TernObjectMessage(Serializable object) throws JMSException {
        this.serialized = serialize(object);
    }

    static TernObjectMessage ofSerialized(byte[] serialized, DeserializationPolicy policy) {
        TernObjectMessage m = new TernObjectMessage();
        m.serialized = serialized;
        m.policy = policy;
        return m;
    }

    /** The serialized form, or null without an object (not copied: for the encoder). */
    byte[] serialized() {
        return serialized;
    }

    @Override
    public void setObject(Serializable object) throws JMSException {
        checkBodyWritable();
        this.serialized = serialize(object);
    }

    /** A fresh copy of the object, or null; a class the policy does not trust is a {@link MessageFormatException}. */
    @Override
    public Serializable getObject() throws JMSException {
        return serialized == null ? null : policy.deserialize(serialized);
    }

    private static byte[] serialize(Serializable object) throws MessageFormatException {
        if (object == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            MessageFormatException mfe = new MessageFormatException("cannot serialize the " + object.getClass().getName()
                    + " given to ObjectMessage.setObject: " + e);
            mfe.setLinkedException(e);
            mfe.initCause(e);
            throw mfe;
        }
        return bytes.toByteArray();
    }

    @Override
    BodyType bodyType() {
        return BodyType.OBJECT;
    }

    @Override
    TernMessage newEmpty() {
        return new TernObjectMessage();
    }

    @Override
    void copyBodyTo(TernMessage target) {
        TernObjectMessage t = (TernObjectMessage) target;
        t.serialized = serialized == null ? null : serialized.clone();
        t.policy = policy;
    }

    @Override
    void clearBodyContent() {
        serialized = null;
    }

    @Override
    Object bodyValue() throws JMSException {
        return getObject();
    }

    /** True without an object; else whether the object deserializes (under the policy) as a {@code c}. */
    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) {
        if (serialized == null) {
            return true;
        }
        try {
            return c != null && c.isInstance(getObject());
        } catch (JMSException e) {
            return false;
        }
    }
}
