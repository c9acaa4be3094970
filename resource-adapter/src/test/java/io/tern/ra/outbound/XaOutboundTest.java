package io.tern.ra.outbound;

import io.tern.jms.TernConnectionFactory;
import io.tern.ra.TernResourceAdapter;
import io.tern.ra.support.EmbeddedTern;
import io.tern.ra.support.JtaPool;
import io.tern.ra.support.Narayana;
import io.tern.ra.support.RecordingXAResource;
import io.tern.ra.support.TestXid;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionInProgressException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two-phase XA on outbound connections, driven by a real transaction manager (Narayana in this JVM) through a pool
 * that enlists each managed connection's XAResource, with a second resource in the same transaction.
 */
class XaOutboundTest {
    static EmbeddedTern tern;
    static TransactionManager tm;
    TernManagedConnectionFactory mcf;
    JtaPool pool;
    ConnectionFactory cf;

    @BeforeAll
    static void broker() {
        tern = new EmbeddedTern();
        tm = Narayana.transactionManager();
    }

    @AfterAll
    static void stopBroker() {
        tern.close();
    }

    @BeforeEach
    void factory() throws Exception {
        TernResourceAdapter ra = new TernResourceAdapter();
        ra.setNameServers(tern.nameServer());
        mcf = new TernManagedConnectionFactory();
        mcf.setResourceAdapter(ra);
        pool = new JtaPool(tm);
        cf = (ConnectionFactory) mcf.createConnectionFactory(pool);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    static String unique(String p) {
        return p + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    void sendInTransaction(String q, String text) throws JMSException {
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE); // the arguments are ignored in a JTA transaction
            assertThat(s.getTransacted()).isTrue();
            assertThatThrownBy(s::commit).isInstanceOf(TransactionInProgressException.class);
            s.createProducer(s.createQueue(q)).send(s.createTextMessage(text));
        }
    }

    @Test
    void aTransactionWithASecondResourceCommitsBothInTwoPhases() throws Exception {
        String q = unique("xa-commit");
        RecordingXAResource other = new RecordingXAResource(false);
        tm.begin();
        tm.getTransaction().enlistResource(other);
        sendInTransaction(q, "committed");
        assertThat(receive(q, 300)).as("nothing before the commit").isNull();
        tm.commit();
        assertThat(other.calls).containsSubsequence("prepare", "commit");
        assertThat(receive(q, 10_000)).isEqualTo("committed");
        assertThat(receive(q, 300)).isNull();
        assertThat(pool.idle()).as("the connection went back to the pool when the transaction completed").isEqualTo(1);
    }

    @Test
    void aRollbackUndoesBoth() throws Exception {
        String q = unique("xa-rollback");
        RecordingXAResource other = new RecordingXAResource(false);
        tm.begin();
        tm.getTransaction().enlistResource(other);
        sendInTransaction(q, "rolled-back");
        tm.rollback();
        assertThat(other.calls).contains("rollback");
        assertThat(receive(q, 500)).isNull();
    }

    @Test
    void aSecondResourceThatFailsToPrepareRollsTernBack() throws Exception {
        String q = unique("xa-prepare-fails");
        RecordingXAResource other = new RecordingXAResource(true);
        tm.begin();
        tm.getTransaction().enlistResource(other);
        sendInTransaction(q, "never");
        assertThatThrownBy(tm::commit).isInstanceOf(RollbackException.class);
        assertThat(receive(q, 500)).isNull();
    }

    @Test
    void aReceiveInARolledBackTransactionComesBackAndACommittedOneIsGone() throws Exception {
        String q = unique("xa-receive");
        send(q, "work");
        for (boolean commit : List.of(false, true)) {
            RecordingXAResource other = new RecordingXAResource(false);
            tm.begin();
            tm.getTransaction().enlistResource(other);
            try (Connection c = cf.createConnection()) {
                c.start();
                Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
                Message m = s.createConsumer(s.createQueue(q)).receive(10_000);
                assertThat(((TextMessage) m).getText()).isEqualTo("work");
                assertThat(m.getJMSRedelivered()).isEqualTo(commit); // the second time round it is a redelivery
            }
            if (commit) {
                tm.commit();
            } else {
                tm.rollback();
            }
        }
        assertThat(receive(q, 500)).as("acknowledged by the committed transaction").isNull();
    }

    @Test
    void outsideATransactionTheSameFactorySendsAtOnce() throws Exception {
        String q = unique("xa-none");
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThat(s.getTransacted()).isFalse();
            s.createProducer(s.createQueue(q)).send(s.createTextMessage("now"));
        }
        assertThat(receive(q, 10_000)).isEqualTo("now");
    }

    @Test
    void resourcesOfTheSameClusterAreTheSameResourceManager() throws Exception {
        TernManagedConnection a = (TernManagedConnection) mcf.createManagedConnection(null, null);
        TernManagedConnection b = (TernManagedConnection) mcf.createManagedConnection(null, new TernConnectionRequestInfo(null, null));
        try {
            assertThat(a.getXAResource()).as("one XAResource per managed connection").isSameAs(a.getXAResource());
            assertThat(a.getXAResource().isSameRM(b.getXAResource())).isTrue();
            assertThat(a.getXAResource().isSameRM(new RecordingXAResource(false))).isFalse();
        } finally {
            a.destroy();
            b.destroy();
        }
    }

    @Test
    void aManagedConnectionWithNoRequestInfoRecoversAPreparedBranch() throws Exception {
        String q = unique("xa-recover");
        Xid xid = TestXid.fresh();
        TernManagedConnection worker = (TernManagedConnection) mcf.createManagedConnection(null, null);
        try {
            XAResource xa = worker.getXAResource();
            xa.start(xid, XAResource.TMNOFLAGS);
            try (Connection c = (Connection) worker.getConnection(null, null)) {
                Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
                s.createProducer(s.createQueue(q)).send(s.createTextMessage("prepared"));
            }
            xa.end(xid, XAResource.TMSUCCESS);
            assertThat(xa.prepare(xid)).isEqualTo(XAResource.XA_OK);
        } finally {
            worker.destroy(); // the branch stays prepared on the broker
        }
        TernManagedConnection recovery = (TernManagedConnection) mcf.createManagedConnection(null, null);
        try {
            XAResource r = recovery.getXAResource();
            Xid[] found = r.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
            assertThat(found).anyMatch(x -> TestXid.same(x, xid));
            assertThat(receive(q, 300)).as("prepared is not committed").isNull();
            r.commit(xid, false);
            assertThat(receive(q, 10_000)).isEqualTo("prepared");
            assertThat(r.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)).noneMatch(x -> TestXid.same(x, xid));
        } finally {
            recovery.destroy();
        }
    }

    static void send(String queue, String text) throws JMSException {
        try (Connection c = new TernConnectionFactory(tern.url(null)).createConnection()) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage(text));
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
}
