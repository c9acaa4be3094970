package io.tern.ra.inbound;

import io.tern.jms.TernConnectionFactory;
import io.tern.ra.TernResourceAdapter;
import io.tern.ra.support.EmbeddedTern;
import io.tern.ra.support.FakeContainer;
import io.tern.ra.support.Narayana;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.tern.ra.inbound.InboundTest.adapter;
import static io.tern.ra.inbound.InboundTest.queueSpec;
import static io.tern.ra.inbound.InboundTest.send;
import static io.tern.ra.inbound.InboundTest.text;
import static io.tern.ra.inbound.InboundTest.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Container-managed-transaction MDBs: the message is received inside beforeDelivery/afterDelivery with the XAResource
 * given to createEndpoint enlisted in the container's transaction (Narayana), so its ack commits or rolls back with it.
 */
class XaInboundTest {
    static TransactionManager tm;

    @BeforeAll
    static void transactionManager() {
        tm = Narayana.transactionManager();
    }

    static int deliveryCount(Message m) {
        try {
            return m.getIntProperty("JMSXDeliveryCount");
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    static Message receive(EmbeddedTern tern, String queue, long timeout) throws JMSException {
        try (Connection c = new TernConnectionFactory(tern.url(null)).createConnection()) {
            c.start();
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            return s.createConsumer(s.createQueue(queue)).receive(timeout);
        }
    }

    @Test
    void committedTransactionsAcknowledgeEveryMessageOnce() throws Exception {
        Map<String, Integer> got = new ConcurrentHashMap<>();
        try (EmbeddedTern tern = new EmbeddedTern();
             FakeContainer c = new FakeContainer(m -> got.merge(text(m), 1, Integer::sum), tm)) {
            String q = unique("xa-mdb");
            TernResourceAdapter ra = adapter(c, tern.nameServer());
            TernActivationSpec spec = queueSpec(ra, q, 2);
            ra.endpointActivation(c, spec);
            send(tern, q, 20);
            await().atMost(Duration.ofSeconds(30)).until(() -> got.size() == 20);
            ra.endpointDeactivation(c, spec);
            assertThat(got.values()).as("each message once").allMatch(n -> n == 1);
            assertThat(c.committed.get()).isGreaterThanOrEqualTo(20);
            assertThat(c.rolledBack.get()).isZero();
            assertThat(receive(tern, q, 500)).as("every ack was committed").isNull();
            ra.stop();
        }
    }

    @Test
    void setRollbackOnlyGivesTheMessageBackAndTheNextTransactionTakesIt() throws Exception {
        List<Integer> deliveries = new CopyOnWriteArrayList<>();
        List<Boolean> redelivered = new CopyOnWriteArrayList<>();
        try (EmbeddedTern tern = new EmbeddedTern();
             FakeContainer c = new FakeContainer(m -> {
                 int n = deliveryCount(m);
                 deliveries.add(n);
                 try {
                     redelivered.add(m.getJMSRedelivered());
                     if (n == 1) {
                         tm.setRollbackOnly(); // no exception: the container still rolls back
                     }
                 } catch (JMSException | SystemException e) {
                     throw new IllegalStateException(e);
                 }
             }, tm)) {
            String q = unique("xa-rollback-only");
            TernResourceAdapter ra = adapter(c, tern.nameServer());
            TernActivationSpec spec = queueSpec(ra, q, 1);
            ra.endpointActivation(c, spec);
            send(tern, q, 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.size() >= 2);
            ra.endpointDeactivation(c, spec);
            assertThat(deliveries).containsExactly(1, 2);
            assertThat(redelivered).containsExactly(false, true);
            assertThat(c.rolledBack.get()).isEqualTo(1);
            assertThat(receive(tern, q, 500)).as("acknowledged by the second transaction").isNull();
            assertThat(receive(tern, "%DLQ%" + q, 300)).as("not dead-lettered").isNull();
            ra.stop();
        }
    }

    @Test
    void aThrowingMdbIsRolledBackRedeliveredAndFinallyDeadLettered() throws Exception {
        List<Integer> deliveries = new CopyOnWriteArrayList<>();
        try (EmbeddedTern tern = new EmbeddedTern(ns -> ns, b -> b.maxDeliveries(3));
             FakeContainer c = new FakeContainer(m -> {
                 deliveries.add(deliveryCount(m));
                 throw new RuntimeException("poison");
             }, tm)) {
            String q = unique("xa-poison");
            TernResourceAdapter ra = adapter(c, tern.nameServer());
            TernActivationSpec spec = queueSpec(ra, q, 1);
            ra.endpointActivation(c, spec);
            send(tern, q, 1);
            Message dead = receive(tern, "%DLQ%" + q, 30_000);
            assertThat(dead).as("dead-lettered after the maximum deliveries").isNotNull();
            assertThat(text(dead)).isEqualTo("m0");
            ra.endpointDeactivation(c, spec);
            assertThat(deliveries).as("no redelivery storm: each delivery counted, never past maxDeliveries")
                    .startsWith(1).isSorted().doesNotHaveDuplicates().hasSizeBetween(1, 3);
            assertThat(c.rolledBack.get()).isEqualTo(deliveries.size());
            assertThat(c.endpointsReleased.get()).as("a bean that threw is discarded").isGreaterThanOrEqualTo(deliveries.size());
            assertThat(receive(tern, q, 300)).isNull();
            ra.stop();
        }
    }
}
