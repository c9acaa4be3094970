package io.tern.tck.producer;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMS 3.1 sections 7.9 and 3.4.10: a delivery delay holds a message back until its JMSDeliveryTime (the engine's
 * timer); waiting messages of higher priority are delivered first (the engine's lease mode orders by JMSPriority).
 */
@ExtendWith(TernExtension.class)
class DeliveryDelayAndPriorityReachTheEngineTest {
    @Test
    void delayedMessageComesAfterAnUndelayedLaterOneAndNotBeforeItsTime(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("delay"));
            MessageProducer p = s.createProducer(q);
            p.setDeliveryDelay(1500);
            assertThat(p.getDeliveryDelay()).isEqualTo(1500);
            Message delayed = s.createTextMessage("delayed");
            p.send(delayed);
            assertThat(delayed.getJMSDeliveryTime()).isGreaterThanOrEqualTo(delayed.getJMSTimestamp() + 1500);
            p.setDeliveryDelay(0);
            p.send(s.createTextMessage("now"));
            MessageConsumer consumer = s.createConsumer(q);
            assertThat(((TextMessage) consumer.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("now");
            Message later = consumer.receive(Jms.RECEIVE_TIMEOUT);
            assertThat(((TextMessage) later).getText()).isEqualTo("delayed");
            assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(delayed.getJMSDeliveryTime() - 50); // broker clock = ours here
            assertThat(later.getJMSDeliveryTime()).isEqualTo(delayed.getJMSDeliveryTime());
        }
    }

    @Test
    void higherPriorityWaitingMessagesComeFirst(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("priority"));
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 3; i++) {
                p.send(s.createTextMessage("low" + i), DeliveryMode.PERSISTENT, 1, 0);
            }
            p.send(s.createTextMessage("high"), DeliveryMode.PERSISTENT, 9, 0);
            jms.tern().awaitDispatched();
            List<String> got = new ArrayList<>();
            for (Message m : Jms.receive(s.createConsumer(q), 4)) {
                got.add(((TextMessage) m).getText());
            }
            assertThat(got).containsExactly("high", "low0", "low1", "low2");
        }
    }
}
