package io.tern.jms.internal.message;

import io.tern.jms.TernQueue;
import io.tern.jms.TernTemporaryQueue;
import io.tern.jms.TernTemporaryTopic;
import io.tern.jms.TernTopic;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Spec 3.9: a message of another provider is sent correctly; its destinations become Tern destinations by name. */
class ForeignMessageSnapshotTest {
    private static TernMessage sentAndReceived(Message foreign) throws JMSException {
        TernMessage snap = MessageMapping.snapshot(foreign);
        return MessageMapping.fromReceived(WireLoop.received(MessageMapping.toOutgoing(snap, "orders")), 1,
                DeserializationPolicy.DEFAULT);
    }

    @Test
    void foreignTextMessageKeepsHeadersAndProperties() throws JMSException {
        Foreign.Spec spec = new Foreign.Spec()
                .answer("getText", "hi")
                .answer("getJMSCorrelationID", "corr")
                .answer("getJMSType", "t")
                .answer("getJMSPriority", 7)
                .answer("getJMSDeliveryMode", DeliveryMode.NON_PERSISTENT)
                .answer("getJMSTimestamp", 1000L)
                .answer("getJMSExpiration", 2000L)
                .answer("getJMSReplyTo", Foreign.destination(Queue.class, "replies"))
                .answer("getJMSDestination", Foreign.destination(Topic.class, "orders"))
                .property("region", "eu").property("n", 3).property("JMSXGroupID", "g");
        TernMessage r = sentAndReceived(Foreign.message(TextMessage.class, spec));
        assertThat(((TernTextMessage) r).getText()).isEqualTo("hi");
        assertThat(r.getJMSCorrelationID()).isEqualTo("corr");
        assertThat(r.getJMSType()).isEqualTo("t");
        assertThat(r.getJMSPriority()).isEqualTo(7);
        assertThat(r.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(r.getJMSTimestamp()).isEqualTo(1000L);
        assertThat(r.getJMSExpiration()).isEqualTo(2000L);
        assertThat(r.getJMSReplyTo()).isEqualTo(new TernQueue("replies"));
        assertThat(r.getJMSDestination()).isEqualTo(new TernTopic("orders"));
        assertThat(r.getStringProperty("region")).isEqualTo("eu");
        assertThat(r.getIntProperty("n")).isEqualTo(3);
        assertThat(r.getStringProperty("JMSXGroupID")).isEqualTo("g");
    }

    @Test
    void foreignBytesMessageIsResetAndReadWholeEvenInShortReads() throws JMSException {
        Foreign.Spec spec = new Foreign.Spec();
        spec.bytes = new byte[]{4, 5, 6, 7, 8};
        TernMessage r = sentAndReceived(Foreign.message(BytesMessage.class, spec));
        assertThat(spec.resetCalled).isTrue();
        assertThat(r.getBody(byte[].class)).containsExactly(4, 5, 6, 7, 8);
    }

    @Test
    void foreignMapMessageEntriesAreCopied() throws JMSException {
        Foreign.Spec spec = new Foreign.Spec();
        spec.entries.put("a", 1);
        spec.entries.put("b", new byte[]{2});
        spec.entries.put("c", 'c');
        TernMapMessage r = (TernMapMessage) sentAndReceived(Foreign.message(MapMessage.class, spec));
        assertThat(Collections.list(r.getMapNames())).containsExactly("a", "b", "c");
        assertThat(r.getInt("a")).isEqualTo(1);
        assertThat(r.getBytes("b")).containsExactly(2);
        assertThat(r.getChar("c")).isEqualTo('c');
    }

    @Test
    void foreignStreamMessageValuesAreCopiedInOrder() throws JMSException {
        Foreign.Spec spec = new Foreign.Spec();
        spec.stream = Arrays.asList("x", null, 5L);
        TernStreamMessage r = (TernStreamMessage) sentAndReceived(Foreign.message(StreamMessage.class, spec));
        assertThat(r.readString()).isEqualTo("x");
        assertThat(r.readObject()).isNull();
        assertThat(r.readLong()).isEqualTo(5L);
    }

    @Test
    void foreignObjectMessageIsReserialized() throws JMSException {
        Foreign.Spec spec = new Foreign.Spec().answer("getObject", new ArrayList<>(List.of("o")));
        TernObjectMessage r = (TernObjectMessage) sentAndReceived(Foreign.message(ObjectMessage.class, spec));
        assertThat(r.getObject()).isEqualTo(List.of("o"));
    }

    @Test
    void foreignPlainMessageHasNoBody() throws JMSException {
        TernMessage r = sentAndReceived(Foreign.message(Message.class, new Foreign.Spec().property("k", true)));
        assertThat(r).isInstanceOf(TernPlainMessage.class);
        assertThat(r.getBooleanProperty("k")).isTrue();
    }

    @Test
    void foreignCorrelationIdAsBytesIsKeptWhenThereIsNoText() throws JMSException {
        Foreign.Spec spec = new Foreign.Spec().answer("getText", "b").answer("getJMSCorrelationIDAsBytes", new byte[]{1, 2});
        TernMessage r = sentAndReceived(Foreign.message(TextMessage.class, spec));
        assertThat(r.getJMSCorrelationIDAsBytes()).containsExactly(1, 2);
    }

    @Test
    void foreignDestinationsOnATernMessageBecomeTernDestinationsInTheSnapshot() throws JMSException {
        TernTextMessage m = new TernTextMessage("x");
        m.setJMSReplyTo(Foreign.destination(TemporaryTopic.class, "TMPT.r"));
        m.setJMSDestination(Foreign.destination(Queue.class, "q"));
        TernMessage snap = MessageMapping.snapshot(m);
        assertThat(snap.getJMSReplyTo()).isEqualTo(new TernTemporaryTopic("TMPT.r", null));
        assertThat(snap.getJMSDestination()).isEqualTo(new TernQueue("q"));
    }

    @Test
    void foreignTemporaryDestinationsBecomeTernTemporaryOnesByName() throws JMSException {
        assertThat(io.tern.jms.TernDestination.of(Foreign.destination(TemporaryQueue.class, "TMPQ.x")))
                .isEqualTo(new TernTemporaryQueue("TMPQ.x", null));
        assertThat(io.tern.jms.TernDestination.of(Foreign.destination(TemporaryTopic.class, "TMPT.y")))
                .isEqualTo(new TernTemporaryTopic("TMPT.y", null));
    }

    @Test
    void foreignDestinationThatIsNeitherQueueNorTopicIsInvalidDestination() {
        Destination odd = Foreign.destination(Destination.class, "x");
        Foreign.Spec spec = new Foreign.Spec().answer("getText", "x").answer("getJMSReplyTo", odd);
        assertThatThrownBy(() -> MessageMapping.snapshot(Foreign.message(TextMessage.class, spec)))
                .isInstanceOf(InvalidDestinationException.class).hasMessageContaining("neither");
        assertThatThrownBy(() -> io.tern.jms.TernDestination.of(Foreign.destination(Queue.class, null)))
                .isInstanceOf(InvalidDestinationException.class);
    }
}
