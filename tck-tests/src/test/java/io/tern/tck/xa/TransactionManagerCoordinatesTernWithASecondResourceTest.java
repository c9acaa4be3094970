package io.tern.tck.xa;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionManager;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS 3.1 section 8.5 with a real transaction manager (Narayana, in this JVM): a Tern XA session enlisted beside
 * H2's XA datasource commits or rolls back with it, in two phases; a second resource that fails its prepare rolls
 * the Tern branch back, sends and receives alike.
 */
@ExtendWith(TernExtension.class)
class TransactionManagerCoordinatesTernWithASecondResourceTest {
    static JdbcDataSource h2;

    @BeforeAll
    static void database() throws Exception {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:tck-xa-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (java.sql.Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table orders (id varchar(64) primary key)");
        }
    }

    static boolean rowExists(String id) throws Exception {
        try (java.sql.Connection c = h2.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from orders where id = '" + id + "'")) {
            r.next();
            return r.getInt(1) == 1;
        }
    }

    /** In one global transaction: a row in H2 and a message to {@code q}, then commit or rollback. */
    static void rowAndMessage(Jms jms, Queue q, String id, boolean commit) throws Exception {
        TransactionManager tm = Narayana.transactionManager();
        javax.sql.XAConnection db = h2.getXAConnection();
        try (XAConnection xc = jms.xaFactory().createXAConnection()) {
            XASession xs = xc.createXASession();
            tm.begin();
            tm.getTransaction().enlistResource(xs.getXAResource());
            tm.getTransaction().enlistResource(db.getXAResource());
            xs.createProducer(q).send(xs.createTextMessage(id));
            try (Statement s = db.getConnection().createStatement()) {
                s.execute("insert into orders values ('" + id + "')");
            }
            if (commit) {
                tm.commit();
            } else {
                tm.rollback();
            }
        } finally {
            db.close();
        }
    }

    @Test
    void bothCommit(Jms jms) throws Exception {
        try (Connection plain = jms.started()) {
            Queue q = plain.createSession().createQueue(Jms.unique("xa-tm-commit"));
            String id = UUID.randomUUID().toString();
            rowAndMessage(jms, q, id, true);
            assertThat(rowExists(id)).isTrue();
            MessageConsumer c = plain.createSession().createConsumer(q);
            assertThat(((TextMessage) c.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo(id);
            assertThat(c.receive(300)).isNull();
        }
    }

    @Test
    void bothRollBack(Jms jms) throws Exception {
        try (Connection plain = jms.started()) {
            Queue q = plain.createSession().createQueue(Jms.unique("xa-tm-rollback"));
            String id = UUID.randomUUID().toString();
            rowAndMessage(jms, q, id, false);
            assertThat(rowExists(id)).isFalse();
            assertThat(plain.createSession().createConsumer(q).receive(300)).isNull();
        }
    }

    @Test
    void aReceiveInTheTransactionIsAcknowledgedByItsCommit(Jms jms) throws Exception {
        TransactionManager tm = Narayana.transactionManager();
        try (Connection plain = jms.started(); XAConnection xc = jms.xaFactory().createXAConnection()) {
            xc.start();
            Queue in = plain.createSession().createQueue(Jms.unique("xa-tm-in"));
            Queue out = plain.createSession().createQueue(Jms.unique("xa-tm-out"));
            plain.createSession().createProducer(in).send(plain.createSession().createTextMessage("request"));
            XASession xs = xc.createXASession();
            MessageConsumer consumer = xs.createConsumer(in);
            RecordingXAResource other = new RecordingXAResource(false);
            tm.begin();
            tm.getTransaction().enlistResource(xs.getXAResource());
            tm.getTransaction().enlistResource(other);
            TextMessage request = (TextMessage) consumer.receive(Jms.RECEIVE_TIMEOUT);
            xs.createProducer(out).send(xs.createTextMessage("reply to " + request.getText()));
            tm.commit();
            assertThat(other.calls).contains("prepare", "commit");
            consumer.close();
            assertThat(plain.createSession().createConsumer(in).receive(300)).as("acknowledged").isNull();
            assertThat(((TextMessage) plain.createSession().createConsumer(out).receive(Jms.RECEIVE_TIMEOUT)).getText())
                    .isEqualTo("reply to request");
        }
    }

    @Test
    void aResourceThatFailsItsPrepareRollsTheTernBranchBack(Jms jms) throws Exception {
        TransactionManager tm = Narayana.transactionManager();
        try (Connection plain = jms.started(); XAConnection xc = jms.xaFactory().createXAConnection()) {
            xc.start();
            Queue in = plain.createSession().createQueue(Jms.unique("xa-tm-fail-in"));
            Queue out = plain.createSession().createQueue(Jms.unique("xa-tm-fail-out"));
            MessageProducer seed = plain.createSession().createProducer(in);
            seed.send(plain.createSession().createTextMessage("request"));
            XASession xs = xc.createXASession();
            MessageConsumer consumer = xs.createConsumer(in);
            RecordingXAResource failing = new RecordingXAResource(true);
            tm.begin();
            tm.getTransaction().enlistResource(xs.getXAResource());
            tm.getTransaction().enlistResource(failing);
            assertThat(consumer.receive(Jms.RECEIVE_TIMEOUT)).isNotNull();
            xs.createProducer(out).send(xs.createTextMessage("reply"));
            assertThatThrownBy(tm::commit).isInstanceOf(RollbackException.class);
            consumer.close();
            assertThat(plain.createSession().createConsumer(out).receive(300)).as("the send is discarded").isNull();
            TextMessage again = (TextMessage) plain.createSession().createConsumer(in).receive(Jms.RECEIVE_TIMEOUT);
            assertThat(again.getText()).isEqualTo("request");
            assertThat(again.getJMSRedelivered()).isTrue();
        }
    }
}
