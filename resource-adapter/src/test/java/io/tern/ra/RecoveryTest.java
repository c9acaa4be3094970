package io.tern.ra;

import io.tern.jms.TernConnectionFactory;
import io.tern.ra.inbound.TernActivationSpec;
import io.tern.ra.outbound.TernManagedConnectionFactory;
import io.tern.ra.support.ChildTern;
import io.tern.ra.support.TestXid;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ManagedConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * XA recovery through the adapter across a broker crash: a branch prepared through a managed connection, the broker
 * (a child JVM) killed with SIGKILL, recovery through {@code getXAResources} answering XAER_RMFAIL while it is down,
 * then, after it restarts on the same data directory, finding the branch and committing it: the message arrives
 * exactly once.
 */
class RecoveryTest {
    @TempDir
    Path dir;
    ChildTern child;
    TernResourceAdapter ra;

    @AfterEach
    void cleanUp() {
        if (ra != null) {
            ra.stop();
        }
        if (child != null) {
            child.close();
        }
    }

    static TernActivationSpec spec(TernResourceAdapter ra) throws Exception {
        TernActivationSpec s = new TernActivationSpec();
        s.setResourceAdapter(ra);
        s.setDestination("xa-recovery-mdb");
        s.setDestinationType(TernActivationSpec.QUEUE);
        s.setMaxSession(1);
        return s;
    }

    @Test
    void aPreparedBranchSurvivesABrokerKillAndIsCommittedThroughGetXaResources() throws Exception {
        child = new ChildTern(dir.resolve("broker"));
        String ns = child.start();
        String q = "xa-recovery";
        try (Connection setup = new TernConnectionFactory("tern://" + ns).createConnection()) {
            Session s = setup.createSession();
            s.createConsumer(s.createQueue(q)).close(); // the queue exists before the branch sends to it
        }
        ra = new TernResourceAdapter();
        ra.setNameServers(ns);
        ra.setSendTimeout(3_000L); // a dead broker answers XAER_RMFAIL within this
        TernManagedConnectionFactory mcf = new TernManagedConnectionFactory();
        mcf.setResourceAdapter(ra);

        Xid xid = TestXid.fresh();
        ManagedConnection mc = mcf.createManagedConnection(null, null);
        XAResource xa = mc.getXAResource();
        xa.start(xid, XAResource.TMNOFLAGS);
        try (Connection c = (Connection) mc.getConnection(null, null)) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue(q)).send(s.createTextMessage("prepared"));
        }
        xa.end(xid, XAResource.TMSUCCESS);
        assertThat(xa.prepare(xid)).isEqualTo(XAResource.XA_OK);
        child.kill(); // before any commit reaches it
        mc.destroy();

        XAResource[] recovery = ra.getXAResources(new ActivationSpec[] {spec(ra), spec(ra)});
        assertThat(recovery).as("one resource per login and cluster").hasSize(1);
        XAResource r = recovery[0];
        for (int i = 0; i < 3; i++) { // every scan while it is down: an answer, not a hang or another kind of error
            assertThatThrownBy(() -> r.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)).isInstanceOf(XAException.class)
                    .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XAER_RMFAIL));
        }

        assertThat(child.start()).as("the restarted NameServer is at the same address").isEqualTo(ns);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> Arrays.stream(
                r.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)).anyMatch(x -> TestXid.same(x, xid)));
        assertThat(ra.getXAResources(new ActivationSpec[] {spec(ra)})[0]).as("kept for the next scan").isSameAs(r);
        r.commit(xid, false);
        assertThat(Arrays.stream(r.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)).noneMatch(x -> TestXid.same(x, xid))).isTrue();

        try (Connection after = new TernConnectionFactory("tern://" + ns).createConnection()) {
            after.start();
            Session s = after.createSession();
            MessageConsumer out = s.createConsumer(s.createQueue(q));
            assertThat(((TextMessage) out.receive(10_000)).getText()).isEqualTo("prepared");
            assertThat(out.receive(500)).as("delivered exactly once").isNull();
        }
    }

    @Test
    void noSpecsNoResources() {
        ra = new TernResourceAdapter();
        assertThat(ra.getXAResources(null)).isEmpty();
        assertThat(ra.getXAResources(new ActivationSpec[0])).isEmpty();
    }
}
