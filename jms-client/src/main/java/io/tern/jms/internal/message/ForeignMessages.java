package io.tern.jms.internal.message;

import io.tern.jms.TernDestination;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * Copies another provider's message (a foreign message, spec 3.9) into a Tern one through the public JMS API only:
 * headers (JMSDestination and JMSReplyTo converted by name, see {@link TernDestination#of}), properties and body. A
 * BytesMessage or StreamMessage is {@code reset()} to read its body, as the spec lets a provider do. Stateless.
 */
final class ForeignMessages {
    private ForeignMessages() {
    }

    static TernMessage copy(Message f) throws JMSException {
        TernMessage m = copyBody(f);
        m.setJMSMessageID(f.getJMSMessageID());
        m.setJMSTimestamp(f.getJMSTimestamp());
        byte[] correlationBytes = correlationBytes(f);
        if (f.getJMSCorrelationID() != null) {
            m.setJMSCorrelationID(f.getJMSCorrelationID());
        } else if (correlationBytes != null) {
            m.setJMSCorrelationIDAsBytes(correlationBytes);
        }
        m.setJMSReplyTo(TernDestination.of(f.getJMSReplyTo()));
        m.setJMSDestination(TernDestination.of(f.getJMSDestination()));
        m.setJMSDeliveryMode(f.getJMSDeliveryMode());
        m.setJMSRedelivered(f.getJMSRedelivered());
        m.setJMSType(f.getJMSType());
        m.setJMSExpiration(f.getJMSExpiration());
        m.setJMSDeliveryTime(f.getJMSDeliveryTime());
        m.setJMSPriority(f.getJMSPriority());
        for (Enumeration<?> names = f.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            m.setProviderProperty(name, f.getObjectProperty(name));
        }
        return m;
    }

    private static byte[] correlationBytes(Message f) {
        try {
            return f.getJMSCorrelationIDAsBytes();
        } catch (JMSException | RuntimeException unsupported) {
            return null; // a provider may not support bytes correlation ids (the spec allows it)
        }
    }

    private static TernMessage copyBody(Message f) throws JMSException {
        if (f instanceof TextMessage t) {
            return new TernTextMessage(t.getText());
        }
        if (f instanceof BytesMessage b) {
            b.reset();
            TernBytesMessage m = new TernBytesMessage();
            byte[] chunk = new byte[(int) Math.min(Math.max(b.getBodyLength(), 1), 64 * 1024)];
            for (int n; (n = b.readBytes(chunk)) > 0; ) { // a provider may hand out fewer bytes than asked per call
                m.writeBytes(chunk, 0, n);
            }
            return m;
        }
        if (f instanceof MapMessage map) {
            TernMapMessage m = new TernMapMessage();
            for (Enumeration<?> names = map.getMapNames(); names.hasMoreElements(); ) {
                String name = (String) names.nextElement();
                m.setObject(name, map.getObject(name));
            }
            return m;
        }
        if (f instanceof StreamMessage s) {
            s.reset();
            List<Object> values = new ArrayList<>();
            while (true) {
                try {
                    values.add(s.readObject());
                } catch (MessageEOFException end) {
                    break;
                }
            }
            TernStreamMessage m = new TernStreamMessage();
            for (Object v : values) {
                m.writeObject(v);
            }
            return m;
        }
        if (f instanceof ObjectMessage o) {
            return new TernObjectMessage(o.getObject());
        }
        return TernMessage.createPlain();
    }

}
