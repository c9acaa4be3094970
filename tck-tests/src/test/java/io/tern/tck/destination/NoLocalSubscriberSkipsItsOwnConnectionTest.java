package io.tern.tck.destination;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** JMS 3.1 section 8.3.1: a noLocal subscriber does not get messages published by its own connection. */
@ExtendWith(TernExtension.class)
class NoLocalSubscriberSkipsItsOwnConnectionTest {
    @Test
    void ownConnectionsMessagesAreSkipped(Jms jms) throws Exception {
        try (Connection mine = jms.started(); Connection other = jms.started()) {
            Session s = mine.createSession();
            Topic t = s.createTopic(Jms.unique("nolocal"));
            MessageConsumer noLocal = s.createConsumer(t, null, true);
            MessageConsumer all = s.createConsumer(t);
            s.createProducer(t).send(s.createTextMessage("mine"));
            Session o = other.createSession();
            o.createProducer(t).send(o.createTextMessage("theirs"));
            assertThat(((TextMessage) noLocal.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("theirs");
            assertThat(noLocal.receive(200)).isNull();
            assertThat(Jms.receive(all, 2)).hasSize(2);
        }
    }
}
