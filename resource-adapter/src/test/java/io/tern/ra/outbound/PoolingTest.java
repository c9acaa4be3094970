package io.tern.ra.outbound;

import io.tern.ra.TernResourceAdapter;
import io.tern.ra.support.BrokerSockets;
import io.tern.ra.support.EmbeddedTern;
import io.tern.ra.support.JtaPool;
import io.tern.ra.support.Narayana;
import io.tern.ra.support.TestPool;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Session;
import jakarta.transaction.TransactionManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Pooling that survives the broker: matching, validation, CONNECTION_ERROR_OCCURRED, no leaks. */
class PoolingTest {

    private static TernManagedConnectionFactory mcf(EmbeddedTern tern) throws Exception {
        TernResourceAdapter ra = new TernResourceAdapter();
        ra.setNameServers(tern.nameServer());
        TernManagedConnectionFactory mcf = new TernManagedConnectionFactory();
        mcf.setResourceAdapter(ra);
        return mcf;
    }

    @Test
    void tenThousandHandlesInAndOutOfTransactionsUseABoundedNumberOfBrokerConnections() throws Exception {
        try (EmbeddedTern tern = new EmbeddedTern()) {
            TestPool pool = new TestPool();
            ConnectionFactory cf = (ConnectionFactory) mcf(tern).createConnectionFactory(pool);
            int before = BrokerSockets.established(tern.broker().address());
            for (int i = 0; i < 10_000; i++) {
                boolean tx = i % 2 == 0;
                if (tx) {
                    pool.beginTransaction();
                }
                try (Connection c = cf.createConnection()) {
                    Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
                    if (i % 1000 == 0) {
                        s.createProducer(s.createQueue("leak")).send(s.createTextMessage("m" + i));
                    }
                }
                if (tx) {
                    pool.commit();
                }
            }
            assertThat(pool.created.get()).as("managed connections made").isEqualTo(1);
            assertThat(BrokerSockets.established(tern.broker().address()) - before).as("broker connections").isLessThanOrEqualTo(2);
            pool.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> BrokerSockets.established(tern.broker().address()) <= before);
        }
    }

    @Test
    void tenThousandHandlesAndContextsInAndOutOfJtaTransactionsUseABoundedNumberOfBrokerConnections() throws Exception {
        TransactionManager tm = Narayana.transactionManager();
        try (EmbeddedTern tern = new EmbeddedTern()) {
            JtaPool pool = new JtaPool(tm);
            ConnectionFactory cf = (ConnectionFactory) mcf(tern).createConnectionFactory(pool);
            int before = BrokerSockets.established(tern.broker().address());
            int sent = 0;
            for (int i = 0; i < 10_000; i++) {
                boolean tx = i % 2 == 0;
                boolean send = i % 500 == 0;
                if (tx) {
                    tm.begin();
                }
                if (i % 3 == 0) {
                    try (JMSContext c = cf.createContext()) {
                        if (send) {
                            c.createProducer().send(c.createQueue("leak-xa"), "c" + i);
                        }
                    }
                } else {
                    try (Connection c = cf.createConnection()) {
                        Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
                        if (send) {
                            s.createProducer(s.createQueue("leak-xa")).send(s.createTextMessage("m" + i));
                        }
                    }
                }
                sent += send ? 1 : 0;
                if (tx) {
                    tm.commit();
                }
            }
            assertThat(pool.created.get()).as("managed connections made").isEqualTo(1);
            assertThat(BrokerSockets.established(tern.broker().address()) - before).as("broker connections").isLessThanOrEqualTo(2);
            int expected = sent;
            try (JMSContext c = cf.createContext()) {
                JMSConsumer consumer = c.createConsumer(c.createQueue("leak-xa"));
                for (int n = 0; n < expected; n++) {
                    assertThat(consumer.receive(10_000)).as("message " + n + " of " + expected).isNotNull();
                }
                assertThat(consumer.receive(300)).isNull();
            }
            pool.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> BrokerSockets.established(tern.broker().address()) <= before);
        }
    }

    @Test
    void matchingIsOnTheLogin() throws Exception {
        try (EmbeddedTern tern = new EmbeddedTern()) {
            TernManagedConnectionFactory mcf = mcf(tern);
            TernManagedConnection anonymous = (TernManagedConnection) mcf.createManagedConnection(null, null);
            TernManagedConnection alice = (TernManagedConnection) mcf.createManagedConnection(null, new TernConnectionRequestInfo("alice", "pw"));
            try {
                Set<TernManagedConnection> both = Set.of(anonymous, alice);
                assertThat(mcf.matchManagedConnections(both, null, new TernConnectionRequestInfo("alice", "pw"))).isSameAs(alice);
                assertThat(mcf.matchManagedConnections(both, null, null)).isSameAs(anonymous);
                assertThat(mcf.matchManagedConnections(both, null, new TernConnectionRequestInfo("bob", "pw"))).isNull();
            } finally {
                anonymous.destroy();
                alice.destroy();
            }
        }
    }

    @Test
    void aLostBrokerConnectionIsReportedAndTheNextRequestGetsAWorkingOne() throws Exception {
        TestPool pool = new TestPool();
        TernManagedConnectionFactory mcf;
        try (EmbeddedTern first = new EmbeddedTern()) {
            mcf = mcf(first);
            ConnectionFactory cf = (ConnectionFactory) mcf.createConnectionFactory(pool);
            try (Connection c = cf.createConnection()) {
                c.createSession(Session.AUTO_ACKNOWLEDGE);
            }
            assertThat(pool.size()).isEqualTo(1);
        } // the broker goes away
        await().atMost(Duration.ofSeconds(20)).until(() -> pool.errors.get() >= 1);
        assertThat(pool.size()).as("the pool dropped the lost connection").isZero();
        try (EmbeddedTern second = new EmbeddedTern()) {
            mcf.setNameServers(second.nameServer()); // a broker back (on new ephemeral ports in this test)
            ConnectionFactory cf = (ConnectionFactory) mcf.createConnectionFactory(pool);
            try (Connection c = cf.createConnection()) {
                Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
                s.createProducer(s.createQueue("after-restart")).send(s.createTextMessage("ok"));
            }
            assertThat(pool.created.get()).isEqualTo(2);
        } finally {
            pool.close();
        }
    }

    @Test
    void validationFindsLostConnections() throws Exception {
        TernManagedConnection mc;
        TernManagedConnectionFactory mcf;
        try (EmbeddedTern tern = new EmbeddedTern()) {
            mcf = mcf(tern);
            mc = (TernManagedConnection) mcf.createManagedConnection(null, null);
            assertThat(mcf.getInvalidConnections(Set.of(mc))).isEmpty();
        }
        TernManagedConnection lost = mc;
        await().atMost(Duration.ofSeconds(20)).until(() -> !lost.isUsable());
        assertThat(mcf.getInvalidConnections(Set.of(mc))).containsExactly(mc);
        mc.destroy();
    }
}
