package io.tern.tck.producer;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMS 3.1 sections 3.4.3 and 3.4.4: disableMessageTimestamp makes JMSTimestamp 0; disableMessageID is a hint Tern does
 * not take (the engine's id costs nothing: every message keeps one, documented in docs/jms.md).
 */
@ExtendWith(TernExtension.class)
class DisableMessageIdAndTimestampHintsTest {
    @Test
    void disabledTimestampIsZeroAtTheReceiverAndIdsStay(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("hints"));
            MessageProducer p = s.createProducer(q);
            p.setDisableMessageTimestamp(true);
            p.setDisableMessageID(true);
            assertThat(p.getDisableMessageTimestamp()).isTrue();
            assertThat(p.getDisableMessageID()).isTrue();
            Message sent = s.createMessage();
            p.send(sent);
            assertThat(sent.getJMSTimestamp()).isZero();
            Message got = s.createConsumer(q).receive(Jms.RECEIVE_TIMEOUT);
            assertThat(got.getJMSTimestamp()).isZero();
            assertThat(got.getJMSMessageID()).isEqualTo(sent.getJMSMessageID()).startsWith("ID:");

            p.setDisableMessageTimestamp(false);
            long before = System.currentTimeMillis();
            Message stamped = s.createMessage();
            p.send(stamped);
            assertThat(stamped.getJMSTimestamp()).isBetween(before, System.currentTimeMillis());
        }
    }
}
