package io.tern.tck.connection;

import io.tern.jms.TernConnectionFactory;
import io.tern.tck.harness.EmbeddedTern;
import io.tern.tck.harness.Jms;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconnect (Tern's choice where JMS 3.1 section 6.1.7 leaves it to the provider): a connection survives a broker
 * restart. The ExceptionListener hears of the loss once, the connection reconnects through the NameServers, producers
 * send again, and consumers (receive and MessageListener) resume: what they acknowledged before the restart is not
 * delivered again, and nothing sent after it is lost.
 */
class ConnectionSurvivesABrokerRestartTest {
    EmbeddedTern own;

    @BeforeEach
    void broker() {
        own = new EmbeddedTern(); // its own broker: this test restarts it
    }

    @AfterEach
    void stop() {
        own.close();
    }

    @Test
    void consumersResumeAndAcknowledgedWorkStaysAcknowledged() throws Exception {
        List<JMSException> heard = new CopyOnWriteArrayList<>();
        try (Connection c = new TernConnectionFactory(own.url(null)).createConnection()) {
            c.setExceptionListener(heard::add);
            c.start();
            Session s = c.createSession();
            Queue polled = s.createQueue(Jms.unique("restart-receive"));
            Queue pushed = s.createQueue(Jms.unique("restart-listener"));
            MessageProducer p = s.createProducer(null);
            MessageConsumer receiver = s.createConsumer(polled);
            Session listening = c.createSession();
            List<String> got = new CopyOnWriteArrayList<>();
            listening.createConsumer(pushed).setMessageListener(m -> {
                try {
                    got.add(((TextMessage) m).getText());
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            p.send(polled, s.createTextMessage("before"));
            p.send(pushed, s.createTextMessage("before"));
            assertThat(((TextMessage) receiver.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("before");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("before"));

            own.restartBroker();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
            assertThat(heard.get(0).getMessage()).contains("lost");

            Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                p.send(polled, s.createTextMessage("after")); // succeeds once reconnected
            });
            p.send(pushed, s.createTextMessage("after"));
            assertThat(((TextMessage) receiver.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("after");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> got.contains("after"));
            assertThat(receiver.receive(500)).as("nothing more: 'before' stays acknowledged, 'after' came once").isNull();
            assertThat(got).containsExactly("before", "after");
            assertThat(heard).as("one failure, one report").hasSize(1);
        }
    }

    @Test
    void topicSubscribersAndTemporaryQueuesCarryOn() throws Exception {
        List<JMSException> heard = new CopyOnWriteArrayList<>();
        try (Connection c = new TernConnectionFactory(own.url(null)).createConnection()) {
            c.setExceptionListener(heard::add);
            c.start();
            Session s = c.createSession();
            jakarta.jms.Topic topic = s.createTopic(Jms.unique("restart-topic"));
            MessageConsumer subscriber = s.createConsumer(topic);
            jakarta.jms.TemporaryQueue replies = s.createTemporaryQueue();
            MessageConsumer replyReader = s.createConsumer(replies);
            MessageProducer p = s.createProducer(null);
            own.awaitDispatched();
            p.send(topic, s.createTextMessage("published before"));
            assertThat(((TextMessage) subscriber.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("published before");

            own.restartBroker();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
            Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                    p.send(replies, s.createTextMessage("to the temporary queue"))); // made again once reconnected
            assertThat(((TextMessage) replyReader.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("to the temporary queue");
            own.awaitDispatched();
            p.send(topic, s.createTextMessage("published after"));
            assertThat(((TextMessage) subscriber.receive(Jms.RECEIVE_TIMEOUT)).getText())
                    .as("the subscription goes on from the end, not from the topic's first message").isEqualTo("published after");
            assertThat(subscriber.receive(500)).isNull();
        }
    }

    @Test
    void aBrokerBackOnANewPortIsFoundThroughTheNameServer() throws Exception {
        List<JMSException> heard = new CopyOnWriteArrayList<>();
        try (Connection c = new TernConnectionFactory(own.url(null)).createConnection()) {
            c.setExceptionListener(heard::add);
            c.start();
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("new-port"));
            MessageProducer p = s.createProducer(q);
            MessageConsumer receiver = s.createConsumer(q);
            Queue pushed = s.createQueue(Jms.unique("new-port-listener"));
            List<String> got = new CopyOnWriteArrayList<>();
            c.createSession().createConsumer(pushed).setMessageListener(m -> {
                try {
                    got.add(((TextMessage) m).getText());
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            p.send(s.createTextMessage("before"));
            assertThat(((TextMessage) receiver.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("before");
            String oldAddress = own.broker().address();

            own.restartBrokerOnNewPort();
            assertThat(own.broker().address()).isNotEqualTo(oldAddress);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
            Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                    p.send(s.createTextMessage("after"))); // the route now names the new address
            assertThat(((TextMessage) receiver.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("after");
            assertThat(receiver.receive(500)).isNull();
            s.createProducer(pushed).send(s.createTextMessage("pushed after"));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> got.contains("pushed after"));
            assertThat(got).containsExactly("pushed after");
        }
    }

    @Test
    void theExceptionListenerHearsOfEachFailureOnce() throws Exception {
        List<JMSException> heard = new CopyOnWriteArrayList<>();
        try (Connection c = new TernConnectionFactory(own.url(null)).createConnection()) {
            c.setExceptionListener(heard::add);
            c.start();
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("two-restarts"));
            MessageProducer p = s.createProducer(q);
            MessageConsumer receiver = s.createConsumer(q);
            for (int restart = 1; restart <= 2; restart++) {
                own.restartBroker();
                int expected = restart;
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() >= expected);
                String text = "after restart " + restart;
                Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> p.send(s.createTextMessage(text)));
                assertThat(((TextMessage) receiver.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo(text);
                assertThat(heard).as("one report per failure, the listener re-armed after each reconnect").hasSize(restart);
            }
        }
    }

    @Test
    void clientAcknowledgedWorkStaysAcknowledgedAndTheUnacknowledgedComesBackRedelivered() throws Exception {
        try (Connection c = new TernConnectionFactory(own.url(null)).createConnection()) {
            List<JMSException> heard = new CopyOnWriteArrayList<>();
            c.setExceptionListener(heard::add);
            c.start();
            Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue(Jms.unique("restart-client-ack"));
            MessageProducer p = s.createProducer(q);
            MessageConsumer receiver = s.createConsumer(q);
            p.send(s.createTextMessage("acknowledged"));
            receiver.receive(Jms.RECEIVE_TIMEOUT).acknowledge();
            p.send(s.createTextMessage("not acknowledged"));
            assertThat(((TextMessage) receiver.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("not acknowledged");

            own.restartBroker();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
            TextMessage again = (TextMessage) receiver.receive(Jms.RECEIVE_TIMEOUT);
            assertThat(again).as("the unacknowledged message comes back").isNotNull();
            assertThat(again.getText()).isEqualTo("not acknowledged");
            assertThat(again.getJMSRedelivered()).isTrue();
            again.acknowledge();
            assertThat(receiver.receive(500)).as("the acknowledged one never comes again").isNull();
        }
    }
}
