package io.tern.tck.xa;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The XA error codes a transaction manager relies on (X/Open XA, as javax.transaction.xa): XA_RDONLY for a branch that
 * did nothing, XAER_NOTA for an unknown Xid (touching nothing else), XAER_PROTO for calls out of order, XAER_DUPID,
 * XAER_INVAL, XA_RBTIMEOUT after the transaction timeout, XA_RBROLLBACK after end(TMFAIL), XAER_RMFAIL once the
 * connection is gone; forget has nothing to forget; recover scans.
 */
@ExtendWith(TernExtension.class)
class XaErrorCodesTest {
    static int code(ThrowingCallable call) {
        XAException e = catchThrowableOfType(XAException.class, call);
        assertThat(e).as("an XAException").isNotNull();
        assertThat(e.getMessage()).isNotBlank();
        return e.errorCode;
    }

    @Test
    void aBranchThatDidNothingIsReadOnly(Jms jms) throws Exception {
        try (XAConnection xc = jms.xaFactory().createXAConnection()) {
            XAResource r = xc.createXASession().getXAResource();
            TestXid xid = TestXid.fresh();
            r.start(xid, XAResource.TMNOFLAGS);
            r.end(xid, XAResource.TMSUCCESS);
            assertThat(r.prepare(xid)).isEqualTo(XAResource.XA_RDONLY);
            assertThat(code(() -> r.commit(xid, false))).as("a read-only branch is over after prepare").isEqualTo(XAException.XAER_NOTA);
        }
    }

    @Test
    void anUnknownXidIsNotaAndLeavesTheCurrentBranchAlone(Jms jms) throws Exception {
        try (XAConnection xc = jms.xaFactory().createXAConnection(); Connection plain = jms.started()) {
            XASession xs = xc.createXASession();
            XAResource r = xs.getXAResource();
            Queue q = xs.createQueue(Jms.unique("xa-nota"));
            TestXid xid = TestXid.fresh();
            TestXid unknown = TestXid.fresh();
            r.start(xid, XAResource.TMNOFLAGS);
            xs.createProducer(q).send(xs.createTextMessage("kept"));
            assertThat(code(() -> r.end(unknown, XAResource.TMSUCCESS))).isEqualTo(XAException.XAER_NOTA);
            assertThat(code(() -> r.prepare(unknown))).isEqualTo(XAException.XAER_NOTA);
            assertThat(code(() -> r.commit(unknown, false))).isEqualTo(XAException.XAER_NOTA);
            assertThat(code(() -> r.commit(unknown, true))).isEqualTo(XAException.XAER_NOTA);
            assertThat(code(() -> r.rollback(unknown))).isEqualTo(XAException.XAER_NOTA);
            assertThat(code(() -> r.start(unknown, XAResource.TMJOIN))).isEqualTo(XAException.XAER_NOTA);
            assertThat(code(() -> r.forget(unknown))).isEqualTo(XAException.XAER_NOTA);
            xs.createProducer(q).send(xs.createTextMessage("still in the branch"));
            r.end(xid, XAResource.TMSUCCESS);
            r.commit(xid, true);
            MessageConsumer outside = plain.createSession().createConsumer(q);
            assertThat(Jms.receive(outside, 2)).extracting(m -> ((TextMessage) m).getText()).containsExactly("kept", "still in the branch");
        }
    }

    @Test
    void callsOutOfOrderAreProtocolErrors(Jms jms) throws Exception {
        try (XAConnection xc = jms.xaFactory().createXAConnection()) {
            XASession xs = xc.createXASession();
            XAResource r = xs.getXAResource();
            Queue q = xs.createQueue(Jms.unique("xa-proto"));
            TestXid xid = TestXid.fresh();
            r.start(xid, XAResource.TMNOFLAGS);
            assertThat(code(() -> r.start(TestXid.fresh(), XAResource.TMNOFLAGS))).as("start while associated").isEqualTo(XAException.XAER_PROTO);
            xs.createProducer(q).send(xs.createTextMessage("x"));
            assertThat(code(() -> r.prepare(xid))).as("prepare before end").isEqualTo(XAException.XAER_PROTO);
            assertThat(code(() -> r.start(xid, XAResource.TMRESUME))).as("resume of a branch not suspended").isEqualTo(XAException.XAER_PROTO);
            r.end(xid, XAResource.TMSUCCESS);
            assertThat(code(() -> r.end(xid, XAResource.TMSUCCESS))).as("end twice").isEqualTo(XAException.XAER_PROTO);
            assertThat(code(() -> r.commit(xid, false))).as("two-phase commit before prepare").isEqualTo(XAException.XAER_PROTO);
            assertThat(code(() -> r.start(xid, XAResource.TMNOFLAGS))).as("a second start of the same Xid").isEqualTo(XAException.XAER_DUPID);
            assertThat(r.prepare(xid)).isEqualTo(XAResource.XA_OK);
            assertThat(code(() -> r.commit(xid, true))).as("one-phase commit of a prepared branch").isEqualTo(XAException.XAER_PROTO);
            assertThat(code(() -> r.forget(xid))).as("forget of a branch in progress").isEqualTo(XAException.XAER_PROTO);
            assertThat(code(() -> r.start(xid, 12345))).isEqualTo(XAException.XAER_INVAL);
            assertThat(code(() -> r.recover(XAResource.TMNOFLAGS))).as("recover without TMSTARTRSCAN").isEqualTo(XAException.XAER_PROTO);
            r.rollback(xid);
        }
    }

    @Test
    void endWithFailMakesTheBranchRollBackAtPrepare(Jms jms) throws Exception {
        try (XAConnection xc = jms.xaFactory().createXAConnection(); Connection plain = jms.started()) {
            XASession xs = xc.createXASession();
            XAResource r = xs.getXAResource();
            Queue q = xs.createQueue(Jms.unique("xa-fail"));
            TestXid xid = TestXid.fresh();
            r.start(xid, XAResource.TMNOFLAGS);
            xs.createProducer(q).send(xs.createTextMessage("failed work"));
            r.end(xid, XAResource.TMFAIL);
            assertThat(code(() -> r.prepare(xid))).isEqualTo(XAException.XA_RBROLLBACK);
            assertThat(plain.createSession().createConsumer(q).receive(300)).isNull();
        }
    }

    @Test
    void aBranchPastItsTimeoutRollsBack(Jms jms) throws Exception {
        try (XAConnection xc = jms.xaFactory().createXAConnection()) {
            XASession xs = xc.createXASession();
            XAResource r = xs.getXAResource();
            assertThat(code(() -> r.setTransactionTimeout(-1))).isEqualTo(XAException.XAER_INVAL);
            assertThat(r.setTransactionTimeout(1)).isTrue();
            assertThat(r.getTransactionTimeout()).isEqualTo(1);
            Queue q = xs.createQueue(Jms.unique("xa-timeout"));
            TestXid xid = TestXid.fresh();
            r.start(xid, XAResource.TMNOFLAGS);
            xs.createProducer(q).send(xs.createTextMessage("too slow"));
            long started = System.currentTimeMillis();
            org.awaitility.Awaitility.await().until(() -> System.currentTimeMillis() - started > 1100);
            assertThat(code(() -> r.end(xid, XAResource.TMSUCCESS))).isEqualTo(XAException.XA_RBTIMEOUT);
            assertThat(code(() -> r.prepare(xid))).as("rolled back: gone").isEqualTo(XAException.XAER_NOTA);
        }
    }

    @Test
    void recoverListsPreparedBranchesToAnotherConnectionWhichCanCommitThem(Jms jms) throws Exception {
        try (XAConnection xc = jms.xaFactory().createXAConnection(); XAConnection other = jms.xaFactory().createXAConnection();
             Connection plain = jms.started()) {
            XASession xs = xc.createXASession();
            XAResource r = xs.getXAResource();
            Queue q = xs.createQueue(Jms.unique("xa-recover"));
            TestXid xid = TestXid.fresh();
            r.start(xid, XAResource.TMNOFLAGS);
            xs.createProducer(q).send(xs.createTextMessage("in doubt"));
            r.end(xid, XAResource.TMSUCCESS);
            r.prepare(xid);
            xs.close();
            xc.close();
            assertThat(code(() -> r.commit(xid, false))).as("its connection is closed").isEqualTo(XAException.XAER_RMFAIL);

            XAResource recovery = other.createXASession().getXAResource();
            Xid[] scan = recovery.recover(XAResource.TMSTARTRSCAN);
            assertThat(recovery.recover(XAResource.TMENDRSCAN)).isEmpty();
            assertThat(Arrays.stream(scan).anyMatch(x -> TestXid.same(x, xid))).as("the prepared branch is listed").isTrue();
            recovery.commit(xid, false);
            assertThat(((TextMessage) plain.createSession().createConsumer(q).receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("in doubt");
            Xid[] after = recovery.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
            assertThat(Arrays.stream(after).noneMatch(x -> TestXid.same(x, xid))).isTrue();
            recovery.commit(xid, false); // a repeated commit (the answer to the first was lost) is harmless
            assertThat(plain.createSession().createConsumer(q).receive(300)).as("delivered once").isNull();
        }
    }
}
