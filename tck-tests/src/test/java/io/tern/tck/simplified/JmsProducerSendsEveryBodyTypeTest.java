package io.tern.tck.simplified;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.MapMessage;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** JMSProducer javadoc: send(String) is a TextMessage, send(Map) a MapMessage, send(byte[]) a BytesMessage, send(Serializable) an ObjectMessage. */
@ExtendWith(TernExtension.class)
class JmsProducerSendsEveryBodyTypeTest {
    @Test
    void eachBodyArrivesAsItsMessageType(Jms jms) {
        try (JMSContext ctx = jms.factory().createContext()) {
            Queue q = ctx.createQueue(Jms.unique("bodies"));
            UUID id = UUID.randomUUID();
            ctx.createProducer().send(q, "text").send(q, Map.of("k", 5, "s", "v")).send(q, new byte[]{1, 2, 3}).send(q, id);
            JMSConsumer c = ctx.createConsumer(q);
            assertThat(c.receive(Jms.RECEIVE_TIMEOUT)).isInstanceOf(TextMessage.class);
            assertThat(c.receive(Jms.RECEIVE_TIMEOUT)).isInstanceOf(MapMessage.class);
            assertThat(c.receive(Jms.RECEIVE_TIMEOUT)).isInstanceOf(BytesMessage.class);
            assertThat(c.receive(Jms.RECEIVE_TIMEOUT)).isInstanceOf(ObjectMessage.class);
            ctx.createProducer().send(q, "text").send(q, Map.of("k", 5)).send(q, new byte[]{1, 2, 3}).send(q, id);
            assertThat(c.receiveBody(String.class, Jms.RECEIVE_TIMEOUT)).isEqualTo("text");
            assertThat(c.receiveBody(Map.class, Jms.RECEIVE_TIMEOUT)).isEqualTo(Map.of("k", 5));
            assertThat(c.receiveBody(byte[].class, Jms.RECEIVE_TIMEOUT)).containsExactly(1, 2, 3);
            assertThat(c.receiveBody(UUID.class, Jms.RECEIVE_TIMEOUT)).isEqualTo(id);
        }
    }
}
