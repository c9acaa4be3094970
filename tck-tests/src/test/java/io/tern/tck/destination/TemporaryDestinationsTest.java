package io.tern.tck.destination;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS 3.1 section 6.1.? and 4.1.? (temporary destinations): only the connection that made a temporary destination
 * consumes from it; deleting one with an active consumer is a JMSException; sending to a deleted one is an
 * InvalidDestinationException; it is gone when its connection closes.
 */
@ExtendWith(TernExtension.class)
class TemporaryDestinationsTest {
    @Test
    void temporaryQueueCarriesMessagesForItsConnection(Jms jms) throws Exception {
        try (Connection c = jms.started(); Connection other = jms.started()) {
            Session s = c.createSession();
            TemporaryQueue q = s.createTemporaryQueue();
            Session o = other.createSession();
            o.createProducer(q).send(o.createTextMessage("reply"));
            MessageConsumer consumer = s.createConsumer(q);
            assertThat(((TextMessage) consumer.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("reply");
            assertThatThrownBy(() -> o.createConsumer(q)).isInstanceOf(JMSException.class);
            assertThatThrownBy(q::delete).isInstanceOf(JMSException.class);
            consumer.close();
            q.delete();
            assertThatThrownBy(() -> s.createProducer(q).send(s.createTextMessage("late"))).isInstanceOf(InvalidDestinationException.class);
            assertThatThrownBy(() -> o.createProducer(q).send(o.createTextMessage("late"))).isInstanceOf(InvalidDestinationException.class);
        }
    }

    @Test
    void temporaryTopicIsGoneWithItsConnection(Jms jms) throws Exception {
        TemporaryTopic t;
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            t = s.createTemporaryTopic();
            MessageConsumer consumer = s.createConsumer(t);
            s.createProducer(t).send(s.createTextMessage("hi"));
            assertThat(((TextMessage) consumer.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("hi");
        }
        try (Connection other = jms.started()) {
            Session o = other.createSession();
            assertThatThrownBy(() -> o.createProducer(t).send(o.createTextMessage("to nobody"))).isInstanceOf(InvalidDestinationException.class);
        }
    }
}
