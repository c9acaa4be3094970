package io.tern.tck.consumer;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** JMS 3.1 section 4.4 (queues): a queue keeps what was sent to it before any consumer existed, and hands each message to one consumer. */
@ExtendWith(TernExtension.class)
class QueueDeliversWhatWasSentBeforeAnyConsumerTest {
    @Test
    void messagesSentBeforeTheConsumerArriveInOrder(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("q"));
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 5; i++) {
                p.send(s.createTextMessage("m" + i));
            }
            MessageConsumer consumer = s.createConsumer(q);
            for (int i = 0; i < 5; i++) {
                TextMessage m = (TextMessage) consumer.receive(Jms.RECEIVE_TIMEOUT);
                assertThat(m).as("message %d", i).isNotNull();
                assertThat(m.getText()).isEqualTo("m" + i);
                assertThat(m.getJMSMessageID()).startsWith("ID:");
                assertThat(m.getJMSRedelivered()).isFalse();
            }
            assertThat(consumer.receiveNoWait()).isNull();
        }
    }
}
