package io.tern.tck.producer;

import io.tern.client.Admin;
import io.tern.protocol.TopicConfig;
import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.ResourceAllocationRuntimeException;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS 3.1 section 10.3 (ResourceAllocationException: the provider cannot allocate what a call needs): a send to a
 * destination whose topic is at its maxBacklogMessages (docs/backlog.md) is refused with it, error code "50"
 * (BACKLOG_FULL), and the broker's reason; JMSContext's producer throws the runtime twin. Nothing is stored.
 */
@ExtendWith(TernExtension.class)
class ASendPastTheBacklogLimitIsAResourceAllocationExceptionTest {
    @Test
    void theSendPastTheLimitIsRefused(Jms jms) throws Exception {
        String name = Jms.unique("backlog");
        try (Admin admin = new Admin(List.of(jms.tern().nameServer()))) {
            admin.createTopic(TopicConfig.of(name, 1).withMaxBacklogMessages(2));
        }
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Queue q = s.createQueue(name);
            MessageProducer p = s.createProducer(q);
            p.send(s.createTextMessage("1"));
            p.send(s.createTextMessage("2"));
            assertThatThrownBy(() -> p.send(s.createTextMessage("3")))
                    .isInstanceOfSatisfying(ResourceAllocationException.class, e -> assertThat(e.getErrorCode()).isEqualTo("50"))
                    .hasMessageContaining("maxBacklogMessages 2");
            try (JMSContext context = jms.factory().createContext()) {
                assertThatThrownBy(() -> context.createProducer().send(q, "4"))
                        .isInstanceOf(ResourceAllocationRuntimeException.class).hasMessageContaining("policy FAIL");
            }
            jms.tern().awaitDispatched();
            var consumer = s.createConsumer(q);
            assertThat(Jms.receive(consumer, 2)).hasSize(2);
            assertThat(consumer.receive(300)).as("the refused sends stored nothing").isNull();
        }
    }
}
