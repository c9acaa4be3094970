package io.tern.ra.outbound;

import io.tern.jms.TernConnectionFactory;
import io.tern.ra.TernResourceAdapter;
import io.tern.ra.admin.AdministeredQueue;
import io.tern.ra.support.EmbeddedTern;
import io.tern.ra.support.TestPool;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionInProgressException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Jakarta EE rules of the adapter's connections (JMS 3.1 sections 12.2, 12.3), with a pool and no server. */
class OutboundRulesTest {
    static EmbeddedTern tern;
    TestPool pool;
    ConnectionFactory cf;

    @BeforeAll
    static void broker() {
        tern = new EmbeddedTern();
    }

    @AfterAll
    static void stopBroker() {
        tern.close();
    }

    @BeforeEach
    void factory() throws Exception {
        TernResourceAdapter ra = new TernResourceAdapter();
        ra.setNameServers(tern.nameServer());
        TernManagedConnectionFactory mcf = new TernManagedConnectionFactory();
        mcf.setResourceAdapter(ra);
        pool = new TestPool();
        cf = (ConnectionFactory) mcf.createConnectionFactory(pool);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    static String unique(String p) {
        return p + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aConnectionHasOneSession() throws Exception {
        try (Connection c = cf.createConnection()) {
            c.createSession(Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> c.createSession(Session.AUTO_ACKNOWLEDGE)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("at most one session");
        }
    }

    @Test
    void aClosedSessionMakesRoomForAnother() throws Exception {
        try (Connection c = cf.createConnection()) {
            c.createSession(Session.AUTO_ACKNOWLEDGE).close();
            assertThat(c.createSession(Session.AUTO_ACKNOWLEDGE)).isNotNull();
        }
    }

    @Test
    void connectionMethodsTheEeSpecForbidsThrow() throws Exception {
        try (Connection c = cf.createConnection()) {
            assertThatThrownBy(() -> c.setClientID("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("setClientID");
            assertThatThrownBy(() -> c.setExceptionListener(e -> { })).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(c::stop).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> c.createConnectionConsumer(new AdministeredQueue(), null, null, 1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> c.createSharedConnectionConsumer(null, "s", null, null, 1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> c.createDurableConnectionConsumer(null, "s", null, null, 1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> c.createSharedDurableConnectionConsumer(null, "s", null, null, 1)).isInstanceOf(IllegalStateException.class);
            c.start(); // allowed
        }
    }

    @Test
    void listenersAreForbiddenOnSessionsAndConsumers() throws Exception {
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> s.setMessageListener(m -> { })).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(s::getMessageListener).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(s::run).isInstanceOf(jakarta.jms.IllegalStateRuntimeException.class);
            MessageConsumer consumer = s.createConsumer(s.createQueue(unique("rules")));
            assertThatThrownBy(() -> consumer.setMessageListener(m -> { })).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(consumer::getMessageListener).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aClosedHandleIsClosed() throws Exception {
        Connection c = cf.createConnection();
        Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
        c.close();
        assertThatThrownBy(() -> s.createQueue("q")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> c.createSession(Session.AUTO_ACKNOWLEDGE)).isInstanceOf(IllegalStateException.class);
        c.close(); // idempotent
    }

    @Test
    void inAContainerTransactionTheArgumentsAreIgnoredAndCommitIsTheContainers() throws Exception {
        String q = unique("tx");
        pool.beginTransaction();
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThat(s.getTransacted()).isTrue();
            assertThat(s.getAcknowledgeMode()).isEqualTo(Session.SESSION_TRANSACTED);
            assertThatThrownBy(s::commit).isInstanceOf(TransactionInProgressException.class);
            assertThatThrownBy(s::rollback).isInstanceOf(TransactionInProgressException.class);
            s.createProducer(new AdministeredQueueNamed(q).queue()).send(s.createTextMessage("in-tx"));
        }
        assertThat(receive(q, 500)).as("nothing before the commit").isNull();
        pool.commit();
        assertThat(receive(q, 10_000)).isEqualTo("in-tx");
    }

    @Test
    void aRolledBackContainerTransactionSendsNothing() throws Exception {
        String q = unique("rb");
        pool.beginTransaction();
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            s.createProducer(s.createQueue(q)).send(s.createTextMessage("rolled-back"));
        }
        pool.rollback();
        pool.beginTransaction();
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            s.createProducer(s.createQueue(q)).send(s.createTextMessage("committed"));
        }
        pool.commit();
        assertThat(receive(q, 10_000)).isEqualTo("committed");
        assertThat(receive(q, 500)).isNull();
    }

    @Test
    void twoHandlesInOneTransactionShareItsSession() throws Exception {
        String q = unique("shared");
        pool.beginTransaction();
        for (int i = 0; i < 2; i++) {
            try (Connection c = cf.createConnection()) {
                Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
                s.createProducer(s.createQueue(q)).send(s.createTextMessage("m" + i));
            }
        }
        assertThat(pool.size()).isEqualTo(1);
        pool.commit();
        assertThat(receive(q, 10_000)).isEqualTo("m0");
        assertThat(receive(q, 10_000)).isEqualTo("m1");
    }

    @Test
    void outsideATransactionTheAskedModeIsUsedAndLocalTransactionsWork() throws Exception {
        String q = unique("local");
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            assertThat(s.getTransacted()).isTrue();
            s.createProducer(s.createQueue(q)).send(s.createTextMessage("a"));
            s.rollback();
            s.createProducer(s.createQueue(q)).send(s.createTextMessage("b"));
            s.commit();
        }
        assertThat(receive(q, 10_000)).isEqualTo("b");
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThat(s.getTransacted()).isFalse();
            s.createProducer(s.createQueue(q)).send(s.createTextMessage("c"));
        }
        assertThat(receive(q, 10_000)).isEqualTo("c");
    }

    @Test
    void aHandleReceives() throws Exception {
        String q = unique("recv");
        try (Connection c = new TernConnectionFactory(tern.url(null)).createConnection()) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue(q)).send(s.createTextMessage("to-handle"));
        }
        try (Connection c = cf.createConnection()) {
            c.start();
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            TextMessage m = (TextMessage) s.createConsumer(s.createQueue(q)).receive(10_000);
            assertThat(m.getText()).isEqualTo("to-handle");
        }
    }

    static String receive(String queue, long timeout) throws JMSException {
        try (Connection c = new TernConnectionFactory(tern.url(null)).createConnection()) {
            c.start();
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            TextMessage m = (TextMessage) s.createConsumer(s.createQueue(queue)).receive(timeout);
            return m == null ? null : m.getText();
        }
    }

    /** An admin object as the server makes it: a bean given its Name. */
    record AdministeredQueueNamed(String name) {
        AdministeredQueue queue() {
            AdministeredQueue q = new AdministeredQueue();
            q.setName(name);
            return q;
        }
    }
}
