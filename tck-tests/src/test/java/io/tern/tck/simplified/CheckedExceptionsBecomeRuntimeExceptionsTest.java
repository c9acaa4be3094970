package io.tern.tck.simplified;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JMS 3.1 section 7.4: the simplified API throws the JMSRuntimeException subclass named after the checked exception. */
@ExtendWith(TernExtension.class)
class CheckedExceptionsBecomeRuntimeExceptionsTest {
    @Test
    void invalidSelector(Jms jms) {
        try (JMSContext ctx = jms.factory().createContext()) {
            Queue q = ctx.createQueue(Jms.unique("rt-sel"));
            assertThatThrownBy(() -> ctx.createConsumer(q, "color = = 'red'")).isInstanceOf(InvalidSelectorRuntimeException.class)
                    .hasCauseInstanceOf(jakarta.jms.InvalidSelectorException.class);
        }
    }

    @Test
    void invalidDestination(Jms jms) {
        try (JMSContext ctx = jms.factory().createContext()) {
            assertThatThrownBy(() -> ctx.createProducer().send(null, "x")).isInstanceOf(InvalidDestinationRuntimeException.class);
            assertThatThrownBy(() -> ctx.createConsumer(null)).isInstanceOf(InvalidDestinationRuntimeException.class);
        }
    }

    @Test
    void clientIdInUse(Jms jms) {
        String id = Jms.unique("rt-id");
        try (JMSContext first = jms.factory().createContext()) {
            first.setClientID(id);
            try (JMSContext second = jms.factory().createContext()) {
                assertThatThrownBy(() -> second.setClientID(id)).isInstanceOf(InvalidClientIDRuntimeException.class).hasMessageContaining(id);
            }
        }
    }

    @Test
    void illegalState(Jms jms) {
        try (JMSContext ctx = jms.factory().createContext()) {
            assertThatThrownBy(ctx::commit).isInstanceOf(IllegalStateRuntimeException.class);
            ctx.createQueue(Jms.unique("rt-used"));
            assertThatThrownBy(() -> ctx.setClientID("late")).isInstanceOf(IllegalStateRuntimeException.class);
        }
    }

    @Test
    void messageFormatAndNotWriteable(Jms jms) {
        try (JMSContext ctx = jms.factory().createContext()) {
            assertThatThrownBy(() -> ctx.createProducer().setProperty("p", true).getIntProperty("p"))
                    .isInstanceOf(MessageFormatRuntimeException.class);
            assertThatThrownBy(() -> ctx.createProducer().setProperty("p", new Object())).isInstanceOf(MessageFormatRuntimeException.class);
            Queue q = ctx.createQueue(Jms.unique("rt-ro"));
            ctx.createProducer().send(q, "read-only");
            TextMessage m = (TextMessage) ctx.createConsumer(q).receive(Jms.RECEIVE_TIMEOUT);
            assertThat(m).isNotNull();
            // a received message is read-only: resending it with producer properties cannot change them
            assertThatThrownBy(() -> ctx.createProducer().setProperty("added", 1).send(q, m))
                    .isInstanceOf(MessageNotWriteableRuntimeException.class);
        }
    }

    @Test
    void badSessionModeIsAJMSRuntimeException(Jms jms) {
        assertThatThrownBy(() -> jms.factory().createContext(42)).isInstanceOf(JMSRuntimeException.class).hasMessageContaining("42");
    }
}
