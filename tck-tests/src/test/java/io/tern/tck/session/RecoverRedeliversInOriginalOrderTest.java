package io.tern.tck.session;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS 3.1 section 6.2.11: recover() stops delivery and starts again with the oldest unacknowledged message; the
 * messages come again in their original order, marked JMSRedelivered with JMSXDeliveryCount one higher.
 */
@ExtendWith(TernExtension.class)
class RecoverRedeliversInOriginalOrderTest {
    @Test
    void unacknowledgedMessagesComeAgainInOrder(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue(Jms.unique("recover"));
            AcknowledgeModesTest.send(s, q, 5);
            MessageConsumer consumer = s.createConsumer(q);
            List<Message> first = Jms.receive(consumer, 3);
            assertThat(AcknowledgeModesTest.numbers(first)).containsExactly(0, 1, 2);
            assertThat(first.get(0).getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
            s.recover();
            List<Message> again = Jms.receive(consumer, 5);
            assertThat(AcknowledgeModesTest.numbers(again)).containsExactly(0, 1, 2, 3, 4);
            for (int i = 0; i < 3; i++) {
                assertThat(again.get(i).getJMSRedelivered()).isTrue();
                assertThat(again.get(i).getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
            }
            assertThat(again.get(3).getJMSRedelivered()).isFalse();
            again.get(4).acknowledge();
            s.recover();
            assertThat(consumer.receive(300)).isNull();
        }
    }

    @Test
    void recoverInATransactedSessionIsRefused(Jms jms) throws Exception {
        try (Connection c = jms.factory().createConnection()) {
            Session s = c.createSession(Session.SESSION_TRANSACTED);
            assertThatThrownBy(s::recover).isInstanceOf(IllegalStateException.class);
        }
    }
}
