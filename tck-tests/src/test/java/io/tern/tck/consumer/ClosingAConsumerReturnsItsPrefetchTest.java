package io.tern.tck.consumer;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tern's prefetch rule (issue 13): a consumer leases up to {@code prefetch} messages ahead; closing it gives the ones
 * it did not deliver back to the broker at once, so a consumer made per receive (Spring's JmsTemplate) strands nothing.
 * With prefetch 0 nothing is leased ahead at all.
 */
@ExtendWith(TernExtension.class)
class ClosingAConsumerReturnsItsPrefetchTest {
    @Test
    void closedConsumersPrefetchGoesToTheNextConsumer(Jms jms) throws Exception {
        try (Connection c = jms.factory("prefetch=10").createConnection()) {
            c.start();
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("prefetch"));
            send(s, q, 5);
            MessageConsumer first = s.createConsumer(q);
            assertThat(first.receive(Jms.RECEIVE_TIMEOUT).getIntProperty("n")).isZero();
            first.close(); // the other four were leased ahead
            List<Integer> rest = new ArrayList<>();
            for (Message m : Jms.receive(s.createConsumer(q), 4)) {
                rest.add(m.getIntProperty("n"));
                assertThat(m.getJMSRedelivered()).as("never delivered: given back without counting").isFalse();
            }
            assertThat(rest).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void prefetchZeroLeavesEverythingForOthers(Jms jms) throws Exception {
        try (Connection slow = jms.factory("prefetch=0").createConnection(); Connection other = jms.started()) {
            slow.start();
            Session s = slow.createSession(Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue(Jms.unique("prefetch0"));
            send(s, q, 3);
            MessageConsumer holder = s.createConsumer(q);
            Message held = holder.receive(Jms.RECEIVE_TIMEOUT); // one leased, nothing ahead
            assertThat(held).isNotNull();
            Awaitility.await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(1)).until(() -> true);
            MessageConsumer taker = other.createSession().createConsumer(q);
            assertThat(Jms.receive(taker, 2)).hasSize(2);
            assertThat(taker.receive(200)).isNull();
        }
    }

    static void send(Session s, Queue q, int n) throws Exception {
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < n; i++) {
            Message m = s.createMessage();
            m.setIntProperty("n", i);
            p.send(m);
        }
    }
}
