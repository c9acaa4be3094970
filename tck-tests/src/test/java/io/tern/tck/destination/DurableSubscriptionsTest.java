package io.tern.tck.destination;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS 3.1 section 8.3.2: a durable subscription keeps what is published while it has no consumer; it is named by
 * the client ID and a name; a new topic, selector or noLocal replaces it; unsubscribe deletes it, refused while a
 * consumer is active; an unshared one takes one consumer at a time.
 */
@ExtendWith(TernExtension.class)
class DurableSubscriptionsTest {
    @Test
    void keepsMessagesWhileNoConsumerIsActive(Jms jms) throws Exception {
        String clientId = Jms.unique("durable-client");
        String topicName = Jms.unique("durable-topic");
        try (Connection c = connect(jms, clientId)) {
            Session s = c.createSession();
            Topic t = s.createTopic(topicName);
            TopicSubscriber sub = s.createDurableSubscriber(t, "sub");
            s.createProducer(t).send(s.createTextMessage("while active"));
            assertThat(((TextMessage) sub.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("while active");
            sub.close();
            s.createProducer(t).send(s.createTextMessage("while away"));
        }
        try (Connection c = connect(jms, clientId)) {
            Session s = c.createSession();
            MessageConsumer again = s.createDurableConsumer(s.createTopic(topicName), "sub");
            assertThat(((TextMessage) again.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("while away");
            assertThatThrownBy(() -> s.unsubscribe("sub")).isInstanceOf(JMSException.class);
            again.close();
            s.unsubscribe("sub");
            assertThatThrownBy(() -> s.unsubscribe("sub")).isInstanceOf(InvalidDestinationException.class);
        }
    }

    @Test
    void aNewSelectorReplacesTheSubscription(Jms jms) throws Exception {
        String clientId = Jms.unique("durable-sel");
        try (Connection c = connect(jms, clientId)) {
            Session s = c.createSession();
            Topic t = s.createTopic(Jms.unique("durable-sel-topic"));
            MessageProducer p = s.createProducer(t);
            s.createDurableConsumer(t, "sub").close();
            p.send(s.createTextMessage("kept for the old subscription"));
            MessageConsumer replaced = s.createDurableConsumer(t, "sub", "colour = 'red'", false);
            TextMessage red = s.createTextMessage("red one");
            red.setStringProperty("colour", "red");
            p.send(red);
            assertThat(((TextMessage) replaced.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("red one");
            replaced.close();
            s.unsubscribe("sub");
        }
    }

    @Test
    void unsharedDurableTakesOneConsumerAndNeedsAClientId(Jms jms) throws Exception {
        try (Connection c = connect(jms, Jms.unique("durable-one"))) {
            Session s = c.createSession();
            Topic t = s.createTopic(Jms.unique("durable-one-topic"));
            MessageConsumer first = s.createDurableConsumer(t, "solo");
            assertThatThrownBy(() -> s.createDurableConsumer(t, "solo")).isInstanceOf(JMSException.class);
            first.close();
            s.unsubscribe("solo");
        }
        try (Connection anonymous = jms.factory().createConnection()) {
            Session s = anonymous.createSession();
            assertThatThrownBy(() -> s.createDurableConsumer(s.createTopic("t"), "x")).isInstanceOf(IllegalStateException.class);
        }
    }

    private static Connection connect(Jms jms, String clientId) throws JMSException {
        Connection c = jms.factory().createConnection();
        c.setClientID(clientId);
        c.start();
        return c;
    }
}
