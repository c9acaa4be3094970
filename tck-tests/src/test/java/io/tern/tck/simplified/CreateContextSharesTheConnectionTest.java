package io.tern.tck.simplified;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS 3.1 section 6.2.3: {@code JMSContext.createContext(sessionMode)} makes a context with its own session on the
 * same connection; the connection closes when the last context using it closes.
 */
@ExtendWith(TernExtension.class)
class CreateContextSharesTheConnectionTest {
    @Test
    void aSecondContextUsesTheSameConnectionWithItsOwnSessionMode(Jms jms) {
        String id = Jms.unique("shared");
        try (JMSContext first = jms.factory().createContext()) {
            first.setClientID(id);
            try (JMSContext second = first.createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
                assertThat(second.getClientID()).isEqualTo(id); // one connection, one client ID
                assertThat(second.getSessionMode()).isEqualTo(JMSContext.CLIENT_ACKNOWLEDGE);
                assertThat(first.getSessionMode()).isEqualTo(JMSContext.AUTO_ACKNOWLEDGE);
                assertThatThrownBy(() -> second.setClientID("other")).isInstanceOf(IllegalStateRuntimeException.class);
            }
        }
    }

    @Test
    void theConnectionStaysOpenUntilItsLastContextCloses(Jms jms) {
        String id = Jms.unique("shared-close");
        JMSContext first = jms.factory("clientID=" + id).createContext();
        JMSContext second = first.createContext(JMSContext.AUTO_ACKNOWLEDGE);
        first.close();
        assertThatThrownBy(first::getClientID).isInstanceOf(IllegalStateRuntimeException.class);
        Queue q = second.createQueue(Jms.unique("shared-q"));
        second.createProducer().send(q, "still open"); // the connection lives on with the second context
        assertThat(second.createConsumer(q).receiveBody(String.class, Jms.RECEIVE_TIMEOUT)).isEqualTo("still open");
        // the client ID is still held by the shared connection ...
        assertThatThrownBy(() -> jms.factory("clientID=" + id).createContext()).isInstanceOf(InvalidClientIDRuntimeException.class);
        second.close();
        // ... and released once its last context closed it
        try (JMSContext again = jms.factory("clientID=" + id).createContext()) {
            assertThat(again.getClientID()).isEqualTo(id);
        }
    }

    @Test
    void aClosedContextCannotMakeAnother(Jms jms) {
        JMSContext ctx = jms.factory().createContext();
        ctx.close();
        assertThatThrownBy(() -> ctx.createContext(JMSContext.AUTO_ACKNOWLEDGE)).isInstanceOf(IllegalStateRuntimeException.class);
    }
}
