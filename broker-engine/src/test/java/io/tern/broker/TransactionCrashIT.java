package io.tern.broker;

import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.Transaction;
import io.tern.message.MessageId;
import io.tern.protocol.Xid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker in a child JVM (see {@link LeaseBrokerMain}) holds a prepared XA branch, a committed and a rolled-back
 * transaction when it is killed with SIGKILL; restarted on the same data directory it lists the branch for recovery,
 * commits it on request, and delivers exactly the committed messages.
 */
class TransactionCrashIT {
    @TempDir
    Path dir;
    ChildBrokers brokers;

    @BeforeEach
    void children() {
        brokers = new ChildBrokers(dir.resolve("broker"));
    }

    @AfterEach
    void killChildren() {
        brokers.close();
    }

    private static OutgoingMessage msg(String body) {
        return OutgoingMessage.to("txcrash").body(body).build();
    }

    @Test
    void aPreparedBranchSurvivesSigkillAndCommitsAfterRestart() throws Exception {
        String[] first = brokers.start();
        Xid xid = new Xid(42, "crash-gtrid".getBytes(StandardCharsets.UTF_8), new byte[] {7});
        Set<MessageId> expected = new HashSet<>();
        try (Producer p = Producer.builder().nameServers(first[0]).group("crash-xa").build()) {
            Transaction branch = p.beginTransaction(xid);
            for (int i = 0; i < 3; i++) {
                expected.add(branch.send(msg("xa" + i)).id());
            }
            branch.prepare();
            Transaction committed = p.beginTransaction();
            expected.add(committed.send(msg("c0")).id());
            expected.add(committed.send(msg("c1")).id());
            committed.commit();
            Transaction rolled = p.beginTransaction();
            rolled.send(msg("r0"));
            rolled.rollback();
        }
        brokers.kill(0); // SIGKILL: no final checkpoint of the transaction journal

        String[] second = brokers.start();
        Set<MessageId> got = new HashSet<>();
        try (Producer p = Producer.builder().nameServers(second[0]).group("crash-recovery").build();
             LeaseConsumer c = LeaseConsumer.builder().nameServers(second[0]).group("g").topic("txcrash")
                     .invisibility(Duration.ofMinutes(1)).build()) {
            assertThat(p.recover()).containsExactly(xid);
            p.commitPrepared(xid);
            assertThat(p.recover()).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                for (LeasedMessage m : c.receive(16, Duration.ofMillis(200))) {
                    assertThat(got.add(m.message().id())).as("delivered twice: %s", m.message().id()).isTrue();
                    c.ack(m);
                }
                return got.size() >= expected.size();
            });
            p.send(msg("marker"));
            List<LeasedMessage> last = c.receive(16, Duration.ofSeconds(5));
            assertThat(last).extracting(m -> new String(m.message().body(), StandardCharsets.UTF_8)).containsExactly("marker");
        }
        assertThat(got).isEqualTo(expected);
    }
}
