package io.tern.tck.xa;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.transaction.xa.XAResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS 3.1 section 8.5 (XA): the work of an XA session inside a branch (sends and receives) happens when the branch
 * commits, in one phase or two, and not at all when it rolls back; outside a branch the session sends and
 * acknowledges at once; commit() and rollback() belong to the transaction manager.
 */
@ExtendWith(TernExtension.class)
class XaBranchCommitsAndRollsBackTest {
    @Test
    void sendsInABranchAppearOnlyWhenItCommitsInTwoPhases(Jms jms) throws Exception {
        try (XAConnection xc = jms.xaFactory().createXAConnection(); Connection plain = jms.started()) {
            XASession xs = xc.createXASession();
            XAResource r = xs.getXAResource();
            Queue q = xs.createQueue(Jms.unique("xa-send"));
            MessageConsumer outside = plain.createSession().createConsumer(q);
            TestXid xid = TestXid.fresh();
            r.start(xid, XAResource.TMNOFLAGS);
            xs.createProducer(q).send(xs.createTextMessage("in branch"));
            r.end(xid, XAResource.TMSUCCESS);
            assertThat(r.prepare(xid)).isEqualTo(XAResource.XA_OK);
            assertThat(outside.receive(300)).as("prepared, not committed").isNull();
            r.commit(xid, false);
            assertThat(((TextMessage) outside.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("in branch");
        }
    }

    @Test
    void receivesInABranchAreAcknowledgedOnOnePhaseCommitAndGivenBackOnRollback(Jms jms) throws Exception {
        try (XAConnection xc = jms.xaFactory().createXAConnection(); Connection plain = jms.started()) {
            xc.start();
            Queue q = plain.createSession().createQueue(Jms.unique("xa-receive"));
            MessageProducer p = plain.createSession().createProducer(q);
            p.send(plain.createSession().createTextMessage("one"));
            p.send(plain.createSession().createTextMessage("two"));
            XASession xs = xc.createXASession();
            XAResource r = xs.getXAResource();
            MessageConsumer in = xs.createConsumer(q);

            TestXid rolledBack = TestXid.fresh();
            r.start(rolledBack, XAResource.TMNOFLAGS);
            Message first = in.receive(Jms.RECEIVE_TIMEOUT);
            assertThat(((TextMessage) first).getText()).isEqualTo("one");
            r.end(rolledBack, XAResource.TMSUCCESS);
            r.rollback(rolledBack);

            TestXid committed = TestXid.fresh();
            r.start(committed, XAResource.TMNOFLAGS);
            java.util.List<Message> both = Jms.receive(in, 2); // "two" may have been on its way to the consumer already
            assertThat(both).extracting(m -> ((TextMessage) m).getText()).containsExactlyInAnyOrder("one", "two");
            Message again = both.stream().filter(m -> "one".equals(body(m))).findFirst().orElseThrow();
            assertThat(again.getJMSRedelivered()).as("given back by the rollback").isTrue();
            r.end(committed, XAResource.TMSUCCESS);
            r.commit(committed, true);
            in.close();

            MessageConsumer after = plain.createSession().createConsumer(q);
            assertThat(after.receive(300)).as("both acknowledged by the commit").isNull();
        }
    }

    static String body(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (jakarta.jms.JMSException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rollbackDiscardsTheBranchSendsEvenWhenPrepared(Jms jms) throws Exception {
        try (XAConnection xc = jms.xaFactory().createXAConnection(); Connection plain = jms.started()) {
            XASession xs = xc.createXASession();
            XAResource r = xs.getXAResource();
            Queue q = xs.createQueue(Jms.unique("xa-rollback"));
            TestXid xid = TestXid.fresh();
            r.start(xid, XAResource.TMNOFLAGS);
            xs.createProducer(q).send(xs.createTextMessage("gone"));
            r.end(xid, XAResource.TMSUCCESS);
            r.prepare(xid);
            r.rollback(xid);
            xs.createProducer(q).send(xs.createTextMessage("outside a branch: at once"));
            MessageConsumer outside = plain.createSession().createConsumer(q);
            assertThat(((TextMessage) outside.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("outside a branch: at once");
            assertThat(outside.receive(300)).isNull();
        }
    }

    @Test
    void suspendedWorkResumesAndJoinedWorkCommitsTogether(Jms jms) throws Exception {
        try (XAConnection xc = jms.xaFactory().createXAConnection(); Connection plain = jms.started()) {
            XASession a = xc.createXASession();
            XASession b = xc.createXASession();
            Queue q = a.createQueue(Jms.unique("xa-join"));
            TestXid xid = TestXid.fresh();
            XAResource ra = a.getXAResource();
            XAResource rb = b.getXAResource();
            assertThat(ra.isSameRM(rb)).isTrue();
            ra.start(xid, XAResource.TMNOFLAGS);
            a.createProducer(q).send(a.createTextMessage("a1"));
            ra.end(xid, XAResource.TMSUSPEND);
            a.createProducer(q).send(a.createTextMessage("not in the branch"));
            ra.start(xid, XAResource.TMRESUME);
            a.createProducer(q).send(a.createTextMessage("a2"));
            ra.end(xid, XAResource.TMSUCCESS);
            rb.start(xid, XAResource.TMJOIN);
            b.createProducer(q).send(b.createTextMessage("b1"));
            rb.end(xid, XAResource.TMSUCCESS);
            MessageConsumer outside = plain.createSession().createConsumer(q);
            assertThat(((TextMessage) outside.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("not in the branch");
            assertThat(ra.prepare(xid)).isEqualTo(XAResource.XA_OK);
            rb.commit(xid, false); // another resource of the same RM may finish it
            assertThat(Jms.receive(outside, 3)).extracting(m -> ((TextMessage) m).getText()).containsExactlyInAnyOrder("a1", "a2", "b1");
        }
    }

    @Test
    void theSessionIsTransactedAndItsCommitBelongsToTheTransactionManager(Jms jms) throws Exception {
        try (XAConnection xc = jms.xaFactory().createXAConnection()) {
            XASession xs = xc.createXASession();
            assertThat(xs.getTransacted()).isTrue();
            assertThat(xs.getSession().getAcknowledgeMode()).isEqualTo(Session.SESSION_TRANSACTED);
            assertThatThrownBy(xs::commit).isInstanceOf(TransactionInProgressException.class);
            assertThatThrownBy(xs::rollback).isInstanceOf(TransactionInProgressException.class);
        }
    }
}
