package io.tern.jms.internal.message;

import io.tern.jms.TernDestination;
import io.tern.message.Message;
import io.tern.message.SystemProperties;
import jakarta.jms.DeliveryMode;

import java.util.Base64;
import java.util.Map;

/**
 * Sets a received message's header fields from the wire properties of {@link MessageMapping} and copies the other
 * properties as the application's. A header property of the wrong type or form (only a native producer can make
 * one) stays a plain property and the header keeps its default. Stateless.
 */
final class ReceivedHeaders {
    private ReceivedHeaders() {
    }

    static void apply(Message e, TernMessage m) {
        m.setJMSTimestamp(e.bornTimestamp());
        m.setJMSDestination(MessageMapping.defaultDestination(e));
        Long expiresAt = null, deliverAt = null, expiration = null, deliveryTime = null;
        for (Map.Entry<String, Object> p : e.properties().asMap().entrySet()) {
            String name = p.getKey();
            Object v = p.getValue();
            if (!MessageMapping.isWireName(name)) {
                m.setProviderProperty(name, v);
                continue;
            }
            boolean understood = switch (name) {
                case MessageMapping.DELIVERY_MODE -> deliveryMode(m, v);
                case MessageMapping.CORRELATION_ID -> v instanceof String s && set(() -> m.setJMSCorrelationID(s));
                case MessageMapping.CORRELATION_ID_BYTES -> correlationBytes(m, v);
                case MessageMapping.REPLY_TO -> destination(v, d -> m.setJMSReplyTo(d));
                case MessageMapping.DESTINATION -> destination(v, d -> m.setJMSDestination(d));
                case MessageMapping.TIMESTAMP -> v instanceof Long t && set(() -> m.setJMSTimestamp(t));
                case MessageMapping.PRIORITY -> v instanceof Integer i && i >= 0 && i <= 9;
                case MessageMapping.EXPIRATION, MessageMapping.DELIVERY_TIME, SystemProperties.EXPIRES_AT,
                        SystemProperties.DELIVER_AT -> v instanceof Long;
                default -> true; // the body marker and engine-internal names: consumed elsewhere or hidden
            };
            if (!understood) {
                m.setProviderProperty(name, v);
            } else if (v instanceof Long l) {
                switch (name) {
                    case MessageMapping.EXPIRATION -> expiration = l;
                    case MessageMapping.DELIVERY_TIME -> deliveryTime = l;
                    case SystemProperties.EXPIRES_AT -> expiresAt = l;
                    case SystemProperties.DELIVER_AT -> deliverAt = l;
                    default -> { }
                }
            }
        }
        m.setJMSExpiration(expiration != null ? expiration : expiresAt != null ? expiresAt : 0);
        m.setJMSDeliveryTime(deliveryTime != null ? deliveryTime : deliverAt != null ? deliverAt : m.getJMSTimestamp());
    }

    private static boolean set(Runnable r) {
        r.run();
        return true;
    }

    private static boolean deliveryMode(TernMessage m, Object v) {
        if (MessageMapping.PERSISTENT.equals(v)) {
            m.setJMSDeliveryMode(DeliveryMode.PERSISTENT);
            return true;
        }
        if (MessageMapping.NON_PERSISTENT.equals(v)) {
            m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
            return true;
        }
        return false;
    }

    private static boolean correlationBytes(TernMessage m, Object v) {
        if (!(v instanceof String s)) {
            return false;
        }
        try {
            m.setJMSCorrelationIDAsBytes(Base64.getDecoder().decode(s));
            return true;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static boolean destination(Object v, java.util.function.Consumer<TernDestination> setter) {
        if (!(v instanceof String s)) {
            return false;
        }
        try {
            setter.accept(TernDestination.fromUri(s));
            return true;
        } catch (IllegalArgumentException notADestination) {
            return false;
        }
    }
}
