package io.tern.jms.internal.message;

import io.tern.client.OutgoingMessage;
import io.tern.jms.TernDestination;
import io.tern.jms.TernQueue;
import io.tern.jms.TernTemporaryQueue;
import io.tern.jms.TernTemporaryTopic;
import io.tern.jms.TernTopic;
import io.tern.message.SystemProperties;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** toOutgoing -> the engine -> fromReceived keeps every body type and header; received messages are read-only copies. */
class MessageMappingRoundTripTest {
    static TernMessage roundTrip(TernMessage sent, int deliveryCount) throws JMSException {
        OutgoingMessage out = MessageMapping.toOutgoing(MessageMapping.snapshot(sent), "orders");
        return MessageMapping.fromReceived(WireLoop.received(out), deliveryCount, DeserializationPolicy.DEFAULT);
    }

    static TernMessage roundTrip(TernMessage sent) throws JMSException {
        return roundTrip(sent, 1);
    }

    @Test
    void textBodyRoundTrips() throws JMSException {
        assertThat(((TernTextMessage) roundTrip(new TernTextMessage("héllo ✓"))).getText()).isEqualTo("héllo ✓");
        assertThat(((TernTextMessage) roundTrip(new TernTextMessage(""))).getText()).isEmpty();
        assertThat(((TernTextMessage) roundTrip(new TernTextMessage(null))).getText()).isNull();
    }

    @Test
    void bytesBodyRoundTripsAndArrivesReadable() throws JMSException {
        TernBytesMessage m = new TernBytesMessage();
        m.writeInt(42);
        m.writeUTF("x");
        TernBytesMessage r = (TernBytesMessage) roundTrip(m); // sent while still write-only
        assertThat(r.getBodyLength()).isEqualTo(7);
        assertThat(r.readInt()).isEqualTo(42);
        assertThat(r.readUTF()).isEqualTo("x");
    }

    @Test
    void mapBodyRoundTripsEveryValueType() throws JMSException {
        TernMapMessage m = new TernMapMessage();
        for (String type : BodyConversionTable.TYPES) {
            m.setObject(type, BodyConversionTable.sample(type));
        }
        m.setObject("null", null);
        TernMapMessage r = (TernMapMessage) roundTrip(m);
        assertThat(Collections.list(r.getMapNames())).containsExactlyElementsOf(Collections.list(m.getMapNames()));
        for (String type : BodyConversionTable.TYPES) {
            assertThat(MapMessageTest.text(r.getObject(type))).isEqualTo(MapMessageTest.text(BodyConversionTable.sample(type)));
            assertThat(r.getObject(type)).isExactlyInstanceOf(BodyConversionTable.sample(type).getClass());
        }
        assertThat(r.itemExists("null")).isTrue();
        assertThat(r.getObject("null")).isNull();
    }

    @Test
    void streamBodyRoundTripsEveryValueTypeInOrder() throws JMSException {
        TernStreamMessage m = new TernStreamMessage();
        for (String type : BodyConversionTable.TYPES) {
            m.writeObject(BodyConversionTable.sample(type));
        }
        m.writeObject(null);
        TernStreamMessage r = (TernStreamMessage) roundTrip(m);
        for (String type : BodyConversionTable.TYPES) {
            Object v = r.readObject();
            assertThat(v).isExactlyInstanceOf(BodyConversionTable.sample(type).getClass());
            assertThat(MapMessageTest.text(v)).isEqualTo(MapMessageTest.text(BodyConversionTable.sample(type)));
        }
        assertThat(r.readObject()).isNull();
    }

    @Test
    void objectBodyRoundTripsUnderThePolicy() throws JMSException {
        assertThat(((TernObjectMessage) roundTrip(new TernObjectMessage(new ArrayList<>(List.of(1, "a"))))).getObject())
                .isEqualTo(List.of(1, "a"));
        assertThat(((TernObjectMessage) roundTrip(new TernObjectMessage())).getObject()).isNull();
        TernMessage untrusted = roundTrip(new TernObjectMessage(new ObjectMessageTest.Parcel("p")));
        assertThatThrownBy(((TernObjectMessage) untrusted)::getObject).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("Parcel");
    }

    @Test
    void plainMessageRoundTripsWithoutBody() throws JMSException {
        TernMessage r = roundTrip(TernMessage.createPlain());
        assertThat(r).isInstanceOf(TernPlainMessage.class);
        assertThat(r.getBody(Object.class)).isNull();
    }

    @Test
    void headersRoundTrip() throws JMSException {
        TernTextMessage m = new TernTextMessage("h");
        long ts = WireLoop.BORN - 3;
        m.setJMSTimestamp(ts);
        m.setJMSCorrelationID("corr-1");
        m.setJMSReplyTo(new TernTemporaryQueue("TMPQ.abc", null));
        m.setJMSDestination(new TernTopic("orders"));
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSType("order.created");
        m.setJMSExpiration(ts + 60_000);
        m.setJMSDeliveryTime(ts + 2_000);
        m.setJMSPriority(8);
        m.setJMSRedelivered(true); // the sender's value does not travel: the receiver derives it
        TernMessage r = roundTrip(m);
        assertThat(r.getJMSMessageID()).isEqualTo("ID:" + WireLoop.ID);
        assertThat(r.getJMSTimestamp()).isEqualTo(ts);
        assertThat(r.getJMSCorrelationID()).isEqualTo("corr-1");
        assertThat(r.getJMSReplyTo()).isEqualTo(new TernTemporaryQueue("TMPQ.abc", null));
        assertThat(r.getJMSDestination()).isEqualTo(new TernTopic("orders"));
        assertThat(r.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(r.getJMSType()).isEqualTo("order.created");
        assertThat(r.getJMSExpiration()).isEqualTo(ts + 60_000);
        assertThat(r.getJMSDeliveryTime()).isEqualTo(ts + 2_000);
        assertThat(r.getJMSPriority()).isEqualTo(8);
        assertThat(r.getJMSRedelivered()).isFalse();
        assertThat(r.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
    }

    @Test
    void defaultHeadersRoundTrip() throws JMSException {
        TernMessage r = roundTrip(new TernTextMessage("d"));
        assertThat(r.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(r.getJMSPriority()).isEqualTo(4);
        assertThat(r.getJMSExpiration()).isZero();
        assertThat(r.getJMSCorrelationID()).isNull();
        assertThat(r.getJMSReplyTo()).isNull();
        assertThat(r.getJMSType()).isNull();
        assertThat(r.getJMSTimestamp()).isZero(); // timestamp disabled (never set) stays 0
        assertThat(r.getJMSDeliveryTime()).isZero();
        assertThat(r.getJMSDestination()).isEqualTo(new TernQueue("orders")); // none set: the engine topic as a queue
    }

    @ParameterizedTest(name = "JMSReplyTo {0} round trips")
    @ValueSource(strings = {"queue://q.a/b", "topic://t", "temp-queue://TMPQ.1", "temp-topic://TMPT.2"})
    void replyToOfEveryKindRoundTrips(String uri) throws JMSException {
        TernTextMessage m = new TernTextMessage("r");
        m.setJMSReplyTo(TernDestination.fromUri(uri));
        assertThat(((TernDestination) roundTrip(m).getJMSReplyTo()).toUri()).isEqualTo(uri);
    }

    @Test
    void correlationIdAsBytesRoundTripsExactly() throws JMSException {
        TernTextMessage m = new TernTextMessage("c");
        byte[] id = {0, -1, 7, (byte) 0xC3};
        m.setJMSCorrelationIDAsBytes(id);
        TernMessage r = roundTrip(m);
        assertThat(r.getJMSCorrelationIDAsBytes()).containsExactly(id);
        assertThat(r.propertyExists(MessageMapping.CORRELATION_ID_BYTES)).isFalse();
    }

    @Test
    void deliveryCountSetsRedeliveredAndJmsxDeliveryCount() throws JMSException {
        TernTextMessage m = new TernTextMessage("x");
        m.setObjectProperty("JMSXDeliveryCount", 99); // a provider-set property: not sent
        TernMessage r = roundTrip(m, 3);
        assertThat(r.getJMSRedelivered()).isTrue();
        assertThat(r.getIntProperty("JMSXDeliveryCount")).isEqualTo(3);
        assertThat(roundTrip(m, 1).getJMSRedelivered()).isFalse();
        assertThatThrownBy(() -> roundTrip(m, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void propertiesOfEveryTypeRoundTripAndWireNamesStayHidden() throws JMSException {
        TernTextMessage m = new TernTextMessage("p");
        m.setBooleanProperty("bo", true);
        m.setByteProperty("by", (byte) -1);
        m.setShortProperty("sh", (short) 300);
        m.setIntProperty("it", 70_000);
        m.setLongProperty("lo", 1L << 40);
        m.setFloatProperty("fl", 1.5f);
        m.setDoubleProperty("do", 2.25);
        m.setStringProperty("st", "s");
        m.setStringProperty("JMSXGroupID", "g");
        m.setIntProperty("JMSXGroupSeq", 2);
        m.setObjectProperty("nul", null); // a null is not sent: the engine has no null property
        m.setJMSCorrelationID("c");
        m.setJMSReplyTo(new TernQueue("r"));
        m.setJMSExpiration(5);
        TernMessage r = roundTrip(m);
        assertThat(Collections.list(r.getPropertyNames())).containsExactly("bo", "by", "sh", "it", "lo", "fl", "do", "st",
                "JMSXGroupID", "JMSXGroupSeq", "JMSXDeliveryCount");
        for (String name : List.of("bo", "by", "sh", "it", "lo", "fl", "do", "st", "JMSXGroupID", "JMSXGroupSeq")) {
            assertThat(r.getObjectProperty(name)).as(name).isEqualTo(m.getObjectProperty(name))
                    .isExactlyInstanceOf(m.getObjectProperty(name).getClass());
        }
    }

    @Test
    void receivedMessageIsReadOnlyUntilCleared() throws JMSException {
        TernTextMessage m = new TernTextMessage("ro");
        m.setIntProperty("a", 1);
        TernTextMessage r = (TernTextMessage) roundTrip(m);
        assertThatThrownBy(() -> r.setText("x")).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> r.setIntProperty("b", 2)).isInstanceOf(MessageNotWriteableException.class);
        r.clearBody();
        r.setText("new");
        r.clearProperties();
        r.setIntProperty("b", 2);
        assertThat(r.getText()).isEqualTo("new");
        assertThatThrownBy(() -> ((TernBytesMessage) roundTrip(new TernBytesMessage())).writeInt(1))
                .isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> ((TernMapMessage) roundTrip(new TernMapMessage())).setInt("a", 1))
                .isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> ((TernStreamMessage) roundTrip(new TernStreamMessage())).writeInt(1))
                .isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> ((TernObjectMessage) roundTrip(new TernObjectMessage())).setObject("x"))
                .isInstanceOf(MessageNotWriteableException.class);
    }

    @Test
    void everyReceivedMessageIsItsOwnCopy() throws JMSException {
        TernBytesMessage m = new TernBytesMessage();
        m.writeBytes(new byte[]{1, 2});
        var wire = WireLoop.received(MessageMapping.toOutgoing(m, "orders"));
        TernBytesMessage a = (TernBytesMessage) MessageMapping.fromReceived(wire, 1, DeserializationPolicy.DEFAULT);
        a.clearBody();
        a.writeByte((byte) 9);
        TernBytesMessage b = (TernBytesMessage) MessageMapping.fromReceived(wire, 1, DeserializationPolicy.DEFAULT);
        assertThat(b.getBody(byte[].class)).containsExactly(1, 2);
        assertThat(wire.message().body()).containsExactly(1, 2);
    }

    @Test
    void snapshotIsNotReachedByLaterChanges() throws JMSException {
        TernMapMessage m = new TernMapMessage();
        byte[] b = {1};
        m.setBytes("b", b);
        m.setIntProperty("p", 1);
        TernMessage snap = MessageMapping.snapshot(m);
        m.setInt("later", 2);
        m.getBytes("b")[0] = 5;
        m.setIntProperty("p", 2);
        m.setJMSType("changed");
        TernMapMessage r = (TernMapMessage) MessageMapping.fromReceived(WireLoop.received(MessageMapping.toOutgoing(snap, "q")),
                1, DeserializationPolicy.DEFAULT);
        assertThat(r.itemExists("later")).isFalse();
        assertThat(r.getIntProperty("p")).isEqualTo(1);
        assertThat(r.getJMSType()).isNull();
        assertThat(snap).isNotSameAs(m);
    }

    @Test
    void snapshotOfAnObjectMessageKeepsTheSerializedForm() throws JMSException {
        ArrayList<String> list = new ArrayList<>(List.of("a"));
        TernObjectMessage m = new TernObjectMessage(list);
        TernMessage snap = MessageMapping.snapshot(m);
        m.setObject((Serializable) List.of("other"));
        assertThat(((TernObjectMessage) snap).getObject()).isEqualTo(List.of("a"));
    }
}
