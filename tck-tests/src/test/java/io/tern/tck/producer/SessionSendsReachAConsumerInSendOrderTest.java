package io.tern.tck.producer;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMS 3.1 section 6.2.9 (message order): what one session sends to a destination, with one priority and delivery
 * mode, reaches a consumer in send order, although the engine spreads a topic over several queues.
 */
@ExtendWith(TernExtension.class)
class SessionSendsReachAConsumerInSendOrderTest {
    @Test
    void twoHundredSendsArriveInOrder(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("order"));
            MessageProducer p = s.createProducer(q);
            MessageProducer second = s.createProducer(q); // another producer of the same session: same order
            for (int i = 0; i < 200; i++) {
                Message m = s.createMessage();
                m.setIntProperty("n", i);
                (i % 2 == 0 ? p : second).send(m);
            }
            MessageConsumer consumer = s.createConsumer(q);
            List<Integer> got = new ArrayList<>();
            for (Message m : Jms.receive(consumer, 200)) {
                got.add(m.getIntProperty("n"));
            }
            assertThat(got).containsExactlyElementsOf(IntStream.range(0, 200).boxed().toList());
        }
    }

    @Test
    void sameGroupIdKeepsOrderAcrossSessions(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Queue q = c.createSession().createQueue(Jms.unique("group-order"));
            Session a = c.createSession();
            Session b = c.createSession();
            MessageProducer pa = a.createProducer(q);
            MessageProducer pb = b.createProducer(q);
            for (int i = 0; i < 100; i++) {
                Session s = i % 2 == 0 ? a : b;
                Message m = s.createMessage();
                m.setStringProperty("JMSXGroupID", "customer-42");
                m.setIntProperty("n", i);
                (i % 2 == 0 ? pa : pb).send(m);
            }
            List<Integer> got = new ArrayList<>();
            for (Message m : Jms.receive(a.createConsumer(q), 100)) {
                got.add(m.getIntProperty("n"));
                assertThat(m.getStringProperty("JMSXGroupID")).isEqualTo("customer-42");
            }
            assertThat(got).containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
        }
    }
}
