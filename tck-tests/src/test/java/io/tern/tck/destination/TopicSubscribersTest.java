package io.tern.tck.destination;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMS 3.1 section 4.2 and 8.3: every subscriber of a topic gets every message published after it subscribed, and
 * nothing published before; a non-durable subscription ends with its consumer.
 */
@ExtendWith(TernExtension.class)
class TopicSubscribersTest {
    @Test
    void eachSubscriberGetsEveryMessageSentAfterItSubscribed(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Topic t = s.createTopic(Jms.unique("news"));
            MessageProducer p = s.createProducer(t);
            p.send(s.createTextMessage("before anyone listened"));
            jms.tern().awaitDispatched(); // OPEN_GROUP END counts dispatched messages: see the note in docs/jms.md
            MessageConsumer a = s.createConsumer(t);
            MessageConsumer b = c.createSession().createConsumer(t);
            p.send(s.createTextMessage("one"));
            p.send(s.createTextMessage("two"));
            for (MessageConsumer consumer : new MessageConsumer[]{a, b}) {
                assertThat(((TextMessage) consumer.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("one");
                assertThat(((TextMessage) consumer.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("two");
                assertThat(consumer.receive(200)).isNull();
            }
        }
    }

    @Test
    void aClosedNonDurableSubscriptionKeepsNothing(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Topic t = s.createTopic(Jms.unique("gone"));
            MessageProducer p = s.createProducer(t);
            MessageConsumer first = s.createConsumer(t);
            first.close();
            p.send(s.createTextMessage("nobody subscribed"));
            jms.tern().awaitDispatched();
            MessageConsumer second = s.createConsumer(t);
            p.send(s.createTextMessage("after"));
            assertThat(((TextMessage) second.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("after");
        }
    }

    @Test
    void aQueueAndATopicOfOneNameAreOneStream(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            String name = Jms.unique("stream");
            MessageConsumer topicSubscriber = s.createConsumer(s.createTopic(name));
            s.createProducer(s.createQueue(name)).send(s.createTextMessage("via the queue"));
            Message m = topicSubscriber.receive(Jms.RECEIVE_TIMEOUT);
            assertThat(((TextMessage) m).getText()).isEqualTo("via the queue");
        }
    }
}
