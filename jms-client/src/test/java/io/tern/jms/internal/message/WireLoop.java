package io.tern.jms.internal.message;

import io.tern.client.OutgoingMessage;
import io.tern.message.Message;
import io.tern.message.MessageId;
import io.tern.message.Properties;
import io.tern.message.ReceivedMessage;
import io.tern.message.SystemProperties;

import java.nio.ByteBuffer;

/**
 * Stands in for the producer, the wire and the broker between {@link MessageMapping#toOutgoing} and
 * {@link MessageMapping#fromReceived}: encodes the properties as the wire does, resolves the relative delay and
 * time-to-live against a fixed broker clock as the broker does, and stamps an id and a born time.
 */
final class WireLoop {
    static final long BORN = 1_700_000_000_000L;
    static final long BROKER_NOW = BORN + 5;
    static final MessageId ID = new MessageId(0x0123456789abcdefL, 0x1122334455667788L);

    private WireLoop() {
    }

    static ReceivedMessage received(OutgoingMessage o) {
        ByteBuffer buf = ByteBuffer.allocate(o.properties().encodedSize());
        o.properties().writeTo(buf);
        buf.flip();
        Properties wire = Properties.readFrom(buf);
        Properties.Builder stored = Properties.builder().putAll(wire);
        if (wire.get(SystemProperties.TTL_MILLIS) instanceof Long ttl) {
            stored.remove(SystemProperties.TTL_MILLIS).put(SystemProperties.EXPIRES_AT, BROKER_NOW + ttl);
        }
        if (wire.get(SystemProperties.DELAY_MILLIS) instanceof Long delay) {
            stored.remove(SystemProperties.DELAY_MILLIS).put(SystemProperties.DELIVER_AT, BROKER_NOW + delay);
        }
        Message m = new Message(ID, o.topic(), 0, BORN, 0, o.tag(), o.keys(), stored.build(), o.body().clone());
        return new ReceivedMessage(m, "broker-a", 0, BROKER_NOW, "127.0.0.1:5000");
    }

    static ReceivedMessage nativeMessage(String topic, String tag, Properties p, byte[] body) {
        Message m = new Message(ID, topic, 0, BORN, 0, tag, null, p, body);
        return new ReceivedMessage(m, "broker-a", 0, BROKER_NOW, "127.0.0.1:5000");
    }
}
