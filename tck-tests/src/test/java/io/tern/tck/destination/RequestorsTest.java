package io.tern.tck.destination;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicRequestor;
import jakarta.jms.TopicSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** JMS 3.1 section 11.? (request/reply): QueueRequestor and TopicRequestor send with a temporary JMSReplyTo and wait for the answer. */
@ExtendWith(TernExtension.class)
class RequestorsTest {
    @Test
    void queueRequestorGetsTheReply(Jms jms) throws Exception {
        try (QueueConnection c = jms.factory().createQueueConnection(); Connection server = jms.started()) {
            c.start();
            String name = Jms.unique("service");
            answer(server, server.createSession().createQueue(name));
            QueueSession s = c.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueRequestor requestor = new QueueRequestor(s, s.createQueue(name));
            Message reply = requestor.request(s.createTextMessage("ping"));
            assertThat(((TextMessage) reply).getText()).isEqualTo("pong to ping");
            requestor.close();
        }
    }

    @Test
    void topicRequestorGetsTheReply(Jms jms) throws Exception {
        try (TopicConnection c = jms.factory().createTopicConnection(); Connection server = jms.started()) {
            c.start();
            String name = Jms.unique("topic-service");
            answer(server, server.createSession().createTopic(name));
            TopicSession s = c.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
            TopicRequestor requestor = new TopicRequestor(s, s.createTopic(name));
            Message reply = requestor.request(s.createTextMessage("ping"));
            assertThat(((TextMessage) reply).getText()).isEqualTo("pong to ping");
            requestor.close();
        }
    }

    /** A server answering every request to its JMSReplyTo. */
    private static void answer(Connection server, jakarta.jms.Destination service) throws Exception {
        Session s = server.createSession();
        MessageProducer replies = s.createProducer(null);
        s.createConsumer(service).setMessageListener(m -> {
            try {
                replies.send(m.getJMSReplyTo(), s.createTextMessage("pong to " + ((TextMessage) m).getText()));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    static Queue unused(Queue q) {
        return q;
    }

    static Topic unused(Topic t) {
        return t;
    }
}
