package io.tern.tck.consumer;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tern's ownership rule (issue 13): a message held by a live consumer is never handed to another one however long the
 * application keeps it unacknowledged: its lease is renewed while the connection lives. Here leases last 1.5 s
 * (leaseRenewal=500) and the message is held for more than twice that while another consumer waits for it.
 */
@ExtendWith(TernExtension.class)
class HeldMessageIsNotGivenToAnotherConsumerTest {
    @Test
    void unacknowledgedMessageStaysWithItsConsumer(Jms jms) throws Exception {
        try (Connection holder = jms.factory("leaseRenewal=500&prefetch=0").createConnection();
             Connection other = jms.factory("leaseRenewal=500").createConnection()) {
            holder.start();
            other.start();
            Session s = holder.createSession(Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue(Jms.unique("held"));
            s.createProducer(q).send(s.createTextMessage("mine"));
            Message m = s.createConsumer(q).receive(Jms.RECEIVE_TIMEOUT);
            assertThat(m).isNotNull();
            assertThat(other.createSession().createConsumer(q).receive(4000)).as("given to another consumer while held").isNull();
            m.acknowledge();
        }
    }
}
