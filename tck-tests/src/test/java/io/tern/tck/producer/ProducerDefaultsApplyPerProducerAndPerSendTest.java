package io.tern.tck.producer;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JMS 3.1 section 7.1 and 3.4: a producer's delivery mode, priority and time to live apply to its sends unless a send names its own. */
@ExtendWith(TernExtension.class)
class ProducerDefaultsApplyPerProducerAndPerSendTest {
    @Test
    void defaultsThenPerSendValuesReachTheReceiver(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("defaults"));
            MessageProducer p = s.createProducer(q);
            assertThat(p.getDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
            assertThat(p.getPriority()).isEqualTo(4);
            assertThat(p.getTimeToLive()).isZero();
            assertThat(p.getDeliveryDelay()).isZero();
            p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            p.setPriority(7);
            p.setTimeToLive(60_000);
            Message first = s.createTextMessage("producer defaults");
            long before = System.currentTimeMillis();
            p.send(first);
            assertThat(first.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
            assertThat(first.getJMSPriority()).isEqualTo(7);
            assertThat(first.getJMSExpiration()).isBetween(before + 60_000, System.currentTimeMillis() + 60_000);
            assertThat(first.getJMSDestination()).isEqualTo(q);
            p.send(s.createTextMessage("per send"), DeliveryMode.PERSISTENT, 2, 0);

            MessageConsumer consumer = s.createConsumer(q);
            Message a = consumer.receive(Jms.RECEIVE_TIMEOUT);
            Message b = consumer.receive(Jms.RECEIVE_TIMEOUT);
            if (a.getJMSPriority() == 2) { // the engine may deliver the higher priority first; either order is allowed here
                Message t = a;
                a = b;
                b = t;
            }
            assertThat(a.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
            assertThat(a.getJMSPriority()).isEqualTo(7);
            assertThat(a.getJMSExpiration()).isEqualTo(first.getJMSExpiration());
            assertThat(a.getJMSMessageID()).isEqualTo(first.getJMSMessageID());
            assertThat(b.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
            assertThat(b.getJMSPriority()).isEqualTo(2);
            assertThat(b.getJMSExpiration()).isZero();
        }
    }

    @Test
    void invalidModesAndPrioritiesAreRefused(Jms jms) throws Exception {
        try (Connection c = jms.factory().createConnection()) {
            Session s = c.createSession();
            MessageProducer p = s.createProducer(s.createQueue(Jms.unique("bad")));
            assertThatThrownBy(() -> p.setDeliveryMode(3)).isInstanceOf(JMSException.class).hasMessageContaining("3");
            assertThatThrownBy(() -> p.setPriority(10)).isInstanceOf(JMSException.class).hasMessageContaining("10");
            assertThatThrownBy(() -> p.send(s.createMessage(), DeliveryMode.PERSISTENT, -1, 0)).isInstanceOf(JMSException.class);
        }
    }
}
