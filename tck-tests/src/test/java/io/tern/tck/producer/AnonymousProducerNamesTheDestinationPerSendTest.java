package io.tern.tck.producer;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JMS 3.1 section 7.2: a producer made without a destination names one per send; one made with a destination may not. */
@ExtendWith(TernExtension.class)
class AnonymousProducerNamesTheDestinationPerSendTest {
    @Test
    void anonymousProducerSendsWhereEachSendSays(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Queue a = s.createQueue(Jms.unique("anon-a"));
            Queue b = s.createQueue(Jms.unique("anon-b"));
            MessageProducer p = s.createProducer(null);
            assertThat(p.getDestination()).isNull();
            p.send(a, s.createTextMessage("to a"));
            p.send(b, s.createTextMessage("to b"));
            assertThat(((TextMessage) s.createConsumer(a).receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("to a");
            assertThat(((TextMessage) s.createConsumer(b).receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("to b");
            assertThatThrownBy(() -> p.send(s.createMessage())).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> p.send(null, s.createMessage())).isInstanceOf(InvalidDestinationException.class);
        }
    }

    @Test
    void producerWithADestinationRefusesAnother(Jms jms) throws Exception {
        try (Connection c = jms.factory().createConnection()) {
            Session s = c.createSession();
            MessageProducer p = s.createProducer(s.createQueue(Jms.unique("fixed")));
            assertThatThrownBy(() -> p.send(s.createQueue("other"), s.createMessage())).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
