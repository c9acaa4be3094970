package io.tern.tck.destination;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS 3.1 section 3.8: a consumer's selector picks messages by properties and headers (evaluated on the broker); one
 * that does not parse is an InvalidSelectorException when the consumer is made, saying where.
 */
@ExtendWith(TernExtension.class)
class SelectorsTest {
    @Test
    void selectorPicksByPropertyAndHeader(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("selected"));
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 10; i++) {
                Message m = s.createMessage();
                m.setIntProperty("n", i);
                m.setJMSType(i % 2 == 0 ? "even" : "odd");
                p.send(m, i < 5 ? jakarta.jms.DeliveryMode.PERSISTENT : jakarta.jms.DeliveryMode.NON_PERSISTENT, 4, 0);
            }
            MessageConsumer evenBig = s.createConsumer(q, "JMSType = 'even' AND n > 3");
            assertThat(evenBig.getMessageSelector()).isEqualTo("JMSType = 'even' AND n > 3");
            assertThat(Jms.receive(evenBig, 3).stream().map(SelectorsTest::n).toList()).containsExactly(4, 6, 8);
            assertThat(evenBig.receive(200)).isNull();
            MessageConsumer nonPersistent = s.createConsumer(q, "JMSDeliveryMode = 'NON_PERSISTENT'");
            assertThat(Jms.receive(nonPersistent, 3).stream().map(SelectorsTest::n).toList()).containsExactly(5, 7, 9);
        }
    }

    @Test
    void badSelectorIsRefusedWithItsPosition(Jms jms) throws Exception {
        try (Connection c = jms.factory().createConnection()) {
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("bad-selector"));
            assertThatThrownBy(() -> s.createConsumer(q, "n >> 3")).isInstanceOf(InvalidSelectorException.class).hasMessageContaining("position");
            assertThatThrownBy(() -> s.createBrowser(q, "AND")).isInstanceOf(InvalidSelectorException.class);
            assertThatThrownBy(() -> s.createDurableConsumer(s.createTopic("t"), "x", "((", false)).isInstanceOf(InvalidSelectorException.class);
        }
    }

    private static int n(Message m) {
        try {
            return m.getIntProperty("n");
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
