package io.tern.ra.outbound;

import io.tern.jms.TernConnectionFactory;
import io.tern.ra.support.EmbeddedTern;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The managed connection's XAResource as a transaction manager drives it: one-phase commits, refused prepares. */
class OnePhaseXATest {
    static EmbeddedTern tern;

    @BeforeAll
    static void broker() {
        tern = new EmbeddedTern();
    }

    @AfterAll
    static void stop() {
        tern.close();
    }

    record TestXid(byte[] gtrid) implements Xid {
        static TestXid random() {
            return new TestXid(UUID.randomUUID().toString().getBytes());
        }

        @Override
        public int getFormatId() {
            return 1;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return gtrid;
        }

        @Override
        public byte[] getBranchQualifier() {
            return new byte[] {1};
        }
    }

    TernManagedConnection mc() throws Exception {
        TernManagedConnectionFactory mcf = new TernManagedConnectionFactory();
        mcf.setNameServers(tern.nameServer());
        return (TernManagedConnection) mcf.createManagedConnection(null, null);
    }

    void send(TernManagedConnection mc, String q, String text) throws Exception {
        try (Connection c = (Connection) mc.getConnection(null, null)) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThat(s.getTransacted()).isTrue();
            s.createProducer(s.createQueue(q)).send(s.createTextMessage(text));
        }
    }

    @Test
    void aOnePhaseCommitSendsAndARollbackDoesNot() throws Exception {
        String q = "xa-" + UUID.randomUUID();
        TernManagedConnection mc = mc();
        try {
            XAResource xa = mc.getXAResource();
            Xid rolled = TestXid.random();
            xa.start(rolled, XAResource.TMNOFLAGS);
            send(mc, q, "rolled-back");
            xa.end(rolled, XAResource.TMSUCCESS);
            xa.rollback(rolled);
            Xid committed = TestXid.random();
            xa.start(committed, XAResource.TMNOFLAGS);
            send(mc, q, "committed");
            xa.end(committed, XAResource.TMSUCCESS);
            xa.commit(committed, true);
            assertThat(receive(q, 10_000)).isEqualTo("committed");
            assertThat(receive(q, 500)).isNull();
            assertThat(xa.recover(XAResource.TMSTARTRSCAN)).isEmpty();
        } finally {
            mc.destroy();
        }
    }

    @Test
    void aPrepareIsRefusedAndRollsTheBranchBack() throws Exception {
        String q = "xa2-" + UUID.randomUUID();
        TernManagedConnection mc = mc();
        try {
            XAResource xa = mc.getXAResource();
            Xid x = TestXid.random();
            xa.start(x, XAResource.TMNOFLAGS);
            send(mc, q, "two-phase");
            xa.end(x, XAResource.TMSUCCESS);
            assertThatThrownBy(() -> xa.prepare(x)).isInstanceOf(XAException.class).hasMessageContaining("one-phase only")
                    .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XAER_RMERR));
            assertThat(receive(q, 500)).isNull();
            assertThatThrownBy(() -> xa.commit(x, false)).isInstanceOf(XAException.class);
        } finally {
            mc.destroy();
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
