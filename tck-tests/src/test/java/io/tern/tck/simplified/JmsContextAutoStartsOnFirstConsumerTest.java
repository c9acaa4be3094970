package io.tern.tck.simplified;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** JMS 3.1 section 6.2.5: a JMSContext starts its connection when the first consumer is made, unless autoStart is off. */
@ExtendWith(TernExtension.class)
class JmsContextAutoStartsOnFirstConsumerTest {
    @Test
    void creatingAConsumerStartsTheConnection(Jms jms) {
        try (JMSContext ctx = jms.factory().createContext()) {
            assertThat(ctx.getAutoStart()).isTrue();
            Queue q = ctx.createQueue(Jms.unique("autostart"));
            ctx.createProducer().send(q, "hello");
            JMSConsumer c = ctx.createConsumer(q); // no start() call
            assertThat(c.receiveBody(String.class, Jms.RECEIVE_TIMEOUT)).isEqualTo("hello");
        }
    }

    @Test
    void withAutoStartOffNothingArrivesUntilStart(Jms jms) {
        try (JMSContext ctx = jms.factory().createContext()) {
            ctx.setAutoStart(false);
            assertThat(ctx.getAutoStart()).isFalse();
            Queue q = ctx.createQueue(Jms.unique("autostart-off"));
            ctx.createProducer().send(q, "later");
            JMSConsumer c = ctx.createConsumer(q);
            assertThat(c.receiveNoWait()).isNull(); // stopped connection: receive delivers nothing
            assertThat(c.receive(300)).isNull();
            ctx.start();
            assertThat(c.receiveBody(String.class, Jms.RECEIVE_TIMEOUT)).isEqualTo("later");
        }
    }

    @Test
    void stopHoldsDeliveryAndStartResumesIt(Jms jms) {
        try (JMSContext ctx = jms.factory().createContext()) {
            Queue q = ctx.createQueue(Jms.unique("ctx-stop"));
            JMSConsumer c = ctx.createConsumer(q);
            ctx.stop();
            ctx.createProducer().send(q, "held");
            assertThat(c.receive(300)).isNull();
            ctx.start();
            assertThat(c.receiveBody(String.class, Jms.RECEIVE_TIMEOUT)).isEqualTo("held");
        }
    }
}
