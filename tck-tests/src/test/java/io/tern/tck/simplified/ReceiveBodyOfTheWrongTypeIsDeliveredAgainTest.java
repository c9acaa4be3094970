package io.tern.tck.simplified;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMSConsumer.receiveBody javadoc: a body that cannot be returned as the asked type is MessageFormatRuntimeException;
 * in AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE the message is delivered again as if the call had not happened; in
 * CLIENT_ACKNOWLEDGE it counts as delivered. StreamMessage and plain Message are never served.
 */
@ExtendWith(TernExtension.class)
class ReceiveBodyOfTheWrongTypeIsDeliveredAgainTest {
    @Test
    void autoAcknowledgeGivesTheMessageAgain(Jms jms) throws Exception {
        try (JMSContext ctx = jms.factory().createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            Queue q = ctx.createQueue(Jms.unique("rb-auto"));
            ctx.createProducer().send(q, "text");
            JMSConsumer c = ctx.createConsumer(q);
            assertThatThrownBy(() -> c.receiveBody(Integer.class, Jms.RECEIVE_TIMEOUT)).isInstanceOf(MessageFormatRuntimeException.class);
            TextMessage again = (TextMessage) c.receive(Jms.RECEIVE_TIMEOUT);
            assertThat(again.getText()).isEqualTo("text");
            assertThat(again.getJMSRedelivered()).isFalse();
        }
    }

    @Test
    void clientAcknowledgeCountsItAsDelivered(Jms jms) {
        String name = Jms.unique("rb-client");
        try (JMSContext ctx = jms.factory().createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
            Queue q = ctx.createQueue(name);
            ctx.createProducer().send(q, "one").send(q, "two");
            JMSConsumer c = ctx.createConsumer(q);
            assertThatThrownBy(() -> c.receiveBody(Integer.class, Jms.RECEIVE_TIMEOUT)).isInstanceOf(MessageFormatRuntimeException.class);
            assertThat(c.receiveBody(String.class, Jms.RECEIVE_TIMEOUT)).isEqualTo("two");
            ctx.acknowledge(); // acknowledges both: the refused one was delivered
        }
        try (JMSContext ctx = jms.factory().createContext()) {
            assertThat(ctx.createConsumer(ctx.createQueue(name)).receive(500)).isNull();
        }
    }

    @Test
    void streamAndPlainMessagesAreNotServed(Jms jms) {
        try (JMSContext ctx = jms.factory().createContext()) {
            Queue q = ctx.createQueue(Jms.unique("rb-stream"));
            ctx.createProducer().send(q, ctx.createStreamMessage()).send(q, ctx.createMessage());
            JMSConsumer c = ctx.createConsumer(q);
            assertThatThrownBy(() -> c.receiveBody(Object.class, Jms.RECEIVE_TIMEOUT)).isInstanceOf(MessageFormatRuntimeException.class);
            assertThat(c.receive(Jms.RECEIVE_TIMEOUT)).isInstanceOf(jakarta.jms.StreamMessage.class);
            assertThatThrownBy(() -> c.receiveBody(Object.class, Jms.RECEIVE_TIMEOUT)).isInstanceOf(MessageFormatRuntimeException.class);
        }
    }

    @Test
    void receiveBodyNoWaitOnAnEmptyQueueIsNull(Jms jms) {
        try (JMSContext ctx = jms.factory().createContext()) {
            assertThat(ctx.createConsumer(ctx.createQueue(Jms.unique("rb-empty"))).receiveBodyNoWait(String.class)).isNull();
        }
    }
}
