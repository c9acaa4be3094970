package io.tern.tck.xa;

import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import com.arjuna.ats.jta.recovery.XAResourceRecoveryHelper;
import io.tern.jms.TernConnectionFactory;
import io.tern.jms.TernXAConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.transaction.TransactionManager;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The XA promise across a crash: the broker (in a child JVM) is killed with SIGKILL right after it prepared the Tern
 * branch of a Narayana transaction, so the commit cannot reach it; the broker never resolves a prepared branch on its
 * own, and after it restarts Narayana's recovery finds the branch ({@code recover}) and commits it. The message the
 * branch received is acknowledged (not delivered again) and the one it sent is delivered exactly once.
 */
class PreparedBranchIsCommittedByRecoveryAfterABrokerKillTest {
    @TempDir
    Path dir;
    ChildTern child;
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // the broker may be gone
            }
        }
        if (child != null) {
            child.close();
        }
    }

    @Test
    void recoveryCommitsThePreparedBranchAfterRestart() throws Exception {
        child = new ChildTern(dir.resolve("broker"));
        String ns = child.start();
        try (Connection setup = new TernConnectionFactory("tern://" + ns).createConnection()) {
            Session s = setup.createSession();
            s.createProducer(s.createQueue("xa-crash-in")).send(s.createTextMessage("request"));
            s.createConsumer(s.createQueue("xa-crash-out")).close(); // the queue exists before the branch sends to it
        }

        TransactionManager tm = Narayana.transactionManager();
        XAConnection xc = new TernXAConnectionFactory("tern://" + ns + "?sendTimeout=3000").createXAConnection();
        open.add(xc);
        xc.start();
        XASession xs = xc.createXASession();
        MessageConsumer consumer = xs.createConsumer(xs.createQueue("xa-crash-in"));
        RecordingXAResource other = new RecordingXAResource(false);
        tm.begin();
        tm.getTransaction().enlistResource(new KillAfterPrepare(xs.getXAResource(), child));
        tm.getTransaction().enlistResource(other);
        TextMessage request = (TextMessage) consumer.receive(10_000);
        assertThat(request.getText()).isEqualTo("request");
        xs.createProducer(xs.createQueue("xa-crash-out")).send(xs.createTextMessage("reply"));
        try {
            tm.commit(); // Tern's commit finds no broker (XAER_RMFAIL): Narayana keeps the transaction for recovery
        } catch (Exception e) {
            // Narayana may report the unfinished commit as a heuristic; recovery finishes it either way
        }
        assertThat(other.calls).contains("prepare", "commit");

        String restarted = child.start();
        XAConnection recoveryConnection = new TernXAConnectionFactory("tern://" + restarted).createXAConnection();
        open.add(recoveryConnection);
        XAResource recoveryResource = recoveryConnection.createXASession().getXAResource();
        assertThat(prepared(recoveryResource)).as("the restarted broker still holds the branch prepared").isNotEmpty();
        XAResourceRecoveryHelper helper = new XAResourceRecoveryHelper() {
            @Override
            public boolean initialise(String p) {
                return true;
            }

            @Override
            public XAResource[] getXAResources() {
                return new XAResource[]{recoveryResource};
            }
        };
        RecoveryManager recovery = Narayana.recovery(helper);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                recovery.scan();
                return prepared(recoveryResource).isEmpty();
            });
        } finally {
            Narayana.removeHelper(helper);
        }

        try (Connection after = new TernConnectionFactory("tern://" + restarted).createConnection()) {
            after.start();
            Session s = after.createSession();
            MessageConsumer out = s.createConsumer(s.createQueue("xa-crash-out"));
            assertThat(((TextMessage) out.receive(10_000)).getText()).isEqualTo("reply");
            assertThat(out.receive(500)).as("delivered once").isNull();
            assertThat(s.createConsumer(s.createQueue("xa-crash-in")).receive(500)).as("the request stays acknowledged").isNull();
        }
    }

    static List<Xid> prepared(XAResource r) throws XAException {
        return List.of(r.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN));
    }

    /** Delegates to Tern's XAResource, and kills the broker as soon as it has prepared the branch. */
    record KillAfterPrepare(XAResource tern, ChildTern child) implements XAResource {
        @Override
        public int prepare(Xid xid) throws XAException {
            int vote = tern.prepare(xid);
            try {
                child.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return vote;
        }

        @Override
        public void commit(Xid xid, boolean onePhase) throws XAException {
            tern.commit(xid, onePhase);
        }

        @Override
        public void start(Xid xid, int flags) throws XAException {
            tern.start(xid, flags);
        }

        @Override
        public void end(Xid xid, int flags) throws XAException {
            tern.end(xid, flags);
        }

        @Override
        public void rollback(Xid xid) throws XAException {
            tern.rollback(xid);
        }

        @Override
        public void forget(Xid xid) throws XAException {
            tern.forget(xid);
        }

        @Override
        public Xid[] recover(int flag) throws XAException {
            return tern.recover(flag);
        }

        @Override
        public boolean isSameRM(XAResource other) throws XAException {
            return tern.isSameRM(other instanceof KillAfterPrepare k ? k.tern : other);
        }

        @Override
        public int getTransactionTimeout() throws XAException {
            return tern.getTransactionTimeout();
        }

        @Override
        public boolean setTransactionTimeout(int seconds) throws XAException {
            return tern.setTransactionTimeout(seconds);
        }
    }
}
