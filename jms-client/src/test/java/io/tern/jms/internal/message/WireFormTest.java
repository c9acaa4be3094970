package io.tern.jms.internal.message;

import io.tern.client.OutgoingMessage;
import io.tern.message.Properties;
import io.tern.message.SystemProperties;
import io.tern.jms.TernQueue;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine form as MessageMapping documents it: property names, body layouts with fixed bytes, native messages. */
class WireFormTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void mapBodyLayoutIsCountThenNameAndTypedValue() throws JMSException {
        TernMapMessage m = new TernMapMessage();
        m.setInt("a", 1);
        m.setBytes("b", new byte[]{(byte) 0xff});
        OutgoingMessage o = MessageMapping.toOutgoing(m, "t");
        //                 count     nameLen   'a' INT value    nameLen   'b' BYTES len      0xff
        assertThat(hex(o.body())).isEqualTo("00000002" + "00000001" + "61" + "05" + "00000001" + "00000001" + "62" + "0a" + "00000001" + "ff");
        assertThat(o.properties().get(MessageMapping.BODY_TYPE)).isEqualTo((byte) 3);
    }

    @Test
    void streamBodyLayoutIsCountThenTypedValues() throws JMSException {
        TernStreamMessage m = new TernStreamMessage();
        m.writeBoolean(true);
        m.writeString("x");
        m.writeChar('A');
        m.writeObject(null);
        m.writeDouble(1.0);
        OutgoingMessage o = MessageMapping.toOutgoing(m, "t");
        assertThat(hex(o.body())).isEqualTo("00000005" + "0101" + "09" + "00000001" + "78" + "04" + "0041" + "00" + "08" + "3ff0000000000000");
        assertThat(o.properties().get(MessageMapping.BODY_TYPE)).isEqualTo((byte) 4);
    }

    @Test
    void textBodyIsUtf8AndANullTextIsMarked() throws JMSException {
        OutgoingMessage o = MessageMapping.toOutgoing(new TernTextMessage("é"), "t");
        assertThat(hex(o.body())).isEqualTo("c3a9");
        assertThat(o.properties().get(MessageMapping.BODY_TYPE)).isEqualTo((byte) 1);
        assertThat(o.properties().get(MessageMapping.NULL_BODY)).isNull();
        OutgoingMessage nul = MessageMapping.toOutgoing(new TernTextMessage(null), "t");
        assertThat(nul.body()).isEmpty();
        assertThat(nul.properties().get(MessageMapping.NULL_BODY)).isEqualTo(true);
    }

    @Test
    void headersTravelAsTheDocumentedProperties() throws JMSException {
        TernTextMessage m = new TernTextMessage("x");
        m.setJMSTimestamp(1000);
        m.setJMSExpiration(61_000);
        m.setJMSDeliveryTime(3000);
        m.setJMSPriority(9);
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSCorrelationID("c");
        m.setJMSReplyTo(new TernQueue("replies"));
        m.setJMSDestination(new io.tern.jms.TernTopic("orders"));
        m.setJMSType("tag-1");
        OutgoingMessage o = MessageMapping.toOutgoing(m, "orders");
        Properties p = o.properties();
        assertThat(o.topic()).isEqualTo("orders");
        assertThat(o.tag()).isEqualTo("tag-1");
        assertThat(p.get("JMSPriority")).isEqualTo(9);
        assertThat(p.get("JMSDeliveryMode")).isEqualTo("NON_PERSISTENT");
        assertThat(p.get("JMSCorrelationID")).isEqualTo("c");
        assertThat(p.get("JMSReplyTo")).isEqualTo("queue://replies");
        assertThat(p.get("JMS_TERN_Destination")).isEqualTo("topic://orders");
        assertThat(p.get("JMS_TERN_Timestamp")).isEqualTo(1000L);
        assertThat(p.get("JMS_TERN_Expiration")).isEqualTo(61_000L);
        assertThat(p.get("JMS_TERN_DeliveryTime")).isEqualTo(3000L);
        // the engine's expiry and timer, relative to the timestamp so the broker's clock counts them
        assertThat(p.get(SystemProperties.TTL_MILLIS)).isEqualTo(60_000L);
        assertThat(p.get(SystemProperties.DELAY_MILLIS)).isEqualTo(2000L);
        assertThat(io.tern.message.Message.priority(p)).isEqualTo(9);
    }

    @Test
    void defaultsAreNotWritten() throws JMSException {
        TernTextMessage m = new TernTextMessage("x");
        m.setJMSDestination(new TernQueue("orders"));
        m.setJMSTimestamp(1000);
        m.setJMSDeliveryTime(1000);
        Properties p = MessageMapping.toOutgoing(m, "orders").properties();
        assertThat(p.names()).containsExactlyInAnyOrder(MessageMapping.BODY_TYPE, MessageMapping.TIMESTAMP);
        TernMessage r = MessageMapping.fromReceived(WireLoop.received(MessageMapping.toOutgoing(m, "orders")), 1,
                DeserializationPolicy.DEFAULT);
        assertThat(r.getJMSDestination()).isEqualTo(new TernQueue("orders"));
        assertThat(r.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(r.getJMSPriority()).isEqualTo(4);
        // a queue of another name than the engine topic is written
        m.setJMSDestination(new TernQueue("elsewhere"));
        assertThat(MessageMapping.toOutgoing(m, "orders").properties().get(MessageMapping.DESTINATION)).isEqualTo("queue://elsewhere");
    }

    @Test
    void withoutTimestampExpiryAndDeliveryTimeAreAbsolute() throws JMSException {
        TernTextMessage m = new TernTextMessage("x");
        long future = System.currentTimeMillis() + 3_600_000;
        m.setJMSExpiration(future + 1);
        m.setJMSDeliveryTime(future);
        Properties p = MessageMapping.toOutgoing(m, "t").properties();
        assertThat(p.get(SystemProperties.EXPIRES_AT)).isEqualTo(future + 1);
        assertThat(p.get(SystemProperties.DELIVER_AT)).isEqualTo(future);
        assertThat(p.get(SystemProperties.TTL_MILLIS)).isNull();
    }

    @Test
    void noDelayAndNoExpiryAddNoEngineTimes() throws JMSException {
        TernTextMessage m = new TernTextMessage("x");
        m.setJMSTimestamp(1000);
        m.setJMSDeliveryTime(1000);
        Properties p = MessageMapping.toOutgoing(m, "t").properties();
        assertThat(p.names()).doesNotContain(SystemProperties.DELAY_MILLIS, SystemProperties.DELIVER_AT,
                SystemProperties.TTL_MILLIS, SystemProperties.EXPIRES_AT, MessageMapping.DELIVERY_TIME, MessageMapping.EXPIRATION);
    }

    @Test
    void invalidPriorityOrDeliveryModeIsRefusedAtSend() {
        TernTextMessage m = new TernTextMessage("x");
        m.setJMSPriority(10);
        assertThatThrownBy(() -> MessageMapping.toOutgoing(m, "t")).isInstanceOf(JMSException.class).hasMessageContaining("10");
        m.setJMSPriority(4);
        m.setJMSDeliveryMode(3);
        assertThatThrownBy(() -> MessageMapping.toOutgoing(m, "t")).isInstanceOf(JMSException.class).hasMessageContaining("3");
    }

    @Test
    void nativeMessageWithoutMarkersIsABytesMessageWithDefaults() throws JMSException {
        Properties p = Properties.builder().put("region", "eu").put("my-key", 1).build();
        TernMessage r = MessageMapping.fromReceived(WireLoop.nativeMessage("orders", "created", p, new byte[]{1, 2}),
                1, DeserializationPolicy.DEFAULT);
        assertThat(r).isInstanceOf(TernBytesMessage.class);
        assertThat(r.getBody(byte[].class)).containsExactly(1, 2);
        assertThat(r.getJMSType()).isEqualTo("created");
        assertThat(r.getJMSDestination()).isEqualTo(new TernQueue("orders"));
        assertThat(r.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(r.getJMSPriority()).isEqualTo(4);
        assertThat(r.getJMSTimestamp()).isEqualTo(WireLoop.BORN);
        assertThat(r.getJMSDeliveryTime()).isEqualTo(WireLoop.BORN);
        assertThat(r.getStringProperty("region")).isEqualTo("eu");
        assertThat(r.getIntProperty("my-key")).isEqualTo(1); // not a JMS identifier, still readable
    }

    @Test
    void enginePropertiesAreHiddenButGiveExpirationAndDeliveryTime() throws JMSException {
        Properties p = Properties.builder().put(SystemProperties.EXPIRES_AT, 9_000L).put(SystemProperties.DELIVER_AT, 8_000L)
                .put("TERN_DELIVERY_COUNT", 2).build();
        TernMessage r = MessageMapping.fromReceived(WireLoop.nativeMessage("t", null, p, new byte[0]), 3, DeserializationPolicy.DEFAULT);
        assertThat(r.getJMSExpiration()).isEqualTo(9_000L);
        assertThat(r.getJMSDeliveryTime()).isEqualTo(8_000L);
        assertThat(Collections.list(r.getPropertyNames())).containsExactly("JMSXDeliveryCount");
    }

    @Test
    void malformedHeaderPropertyOfANativeMessageStaysAPlainProperty() throws JMSException {
        Properties p = Properties.builder().put("JMSReplyTo", "mailto:x").put("JMSDeliveryMode", 2)
                .put("JMSCorrelationID", 5).put("JMSPriority", 77).build();
        TernMessage r = MessageMapping.fromReceived(WireLoop.nativeMessage("t", null, p, new byte[0]), 1, DeserializationPolicy.DEFAULT);
        assertThat(r.getJMSReplyTo()).isNull();
        assertThat(r.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(r.getJMSCorrelationID()).isNull();
        assertThat(r.getJMSPriority()).isEqualTo(4);
        assertThat(r.getStringProperty("JMSReplyTo")).isEqualTo("mailto:x");
        assertThat(r.getIntProperty("JMSDeliveryMode")).isEqualTo(2);
        assertThat(r.getIntProperty("JMSCorrelationID")).isEqualTo(5);
        assertThat(r.getIntProperty("JMSPriority")).isEqualTo(77);
    }

    @Test
    void unknownBodyMarkerIsMessageFormatExceptionNamingIt() {
        Properties p = Properties.builder().put(MessageMapping.BODY_TYPE, (byte) 42).build();
        assertThatThrownBy(() -> MessageMapping.fromReceived(WireLoop.nativeMessage("t", null, p, new byte[0]), 1, DeserializationPolicy.DEFAULT))
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("42");
    }

    @Test
    void truncatedMapOrStreamBodyIsMessageFormatException() {
        Properties map = Properties.builder().put(MessageMapping.BODY_TYPE, (byte) 3).build();
        assertThatThrownBy(() -> MessageMapping.fromReceived(WireLoop.nativeMessage("t", null, map, new byte[]{0, 0, 0, 1, 0, 0, 0, 9, 'a'}),
                1, DeserializationPolicy.DEFAULT)).isInstanceOf(MessageFormatException.class).hasMessageContaining("claims 9 bytes");
        Properties stream = Properties.builder().put(MessageMapping.BODY_TYPE, (byte) 4).build();
        assertThatThrownBy(() -> MessageMapping.fromReceived(WireLoop.nativeMessage("t", null, stream, new byte[]{0, 0, 0, 2, 5, 0}),
                1, DeserializationPolicy.DEFAULT)).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> MessageMapping.fromReceived(WireLoop.nativeMessage("t", null, stream, new byte[]{0, 0, 0, 1, 77}),
                1, DeserializationPolicy.DEFAULT)).isInstanceOf(MessageFormatException.class).hasMessageContaining("77");
    }
}
