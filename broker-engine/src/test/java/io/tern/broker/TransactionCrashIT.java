package io.tern.broker;

import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.client.Admin;
import io.tern.message.ReceivedMessage;
import io.tern.client.Transaction;
import io.tern.message.MessageId;
import io.tern.protocol.Xid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker in a child JVM (see {@link LeaseBrokerMain}) holds a prepared XA branch, a committed and a rolled-back
 * transaction when it is killed with SIGKILL; restarted on the same data directory it lists the branch for recovery,
 * commits it on request, and delivers exactly the committed messages. Offsets held in transactions (consume-transform-
 * produce) survive the same way: in a prepared branch, and in a commit whose offsets never reached the offsets file.
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

    /** Sends {@code n} inputs and one output, so both topics exist. */
    private static void inputs(Producer p, String inTopic, String outTopic, int n) {
        for (int i = 0; i < n; i++) {
            p.send(OutgoingMessage.to(inTopic).body("in-" + i).build());
        }
        p.send(OutgoingMessage.to(outTopic).body("before").build());
    }

    private static List<ReceivedMessage> pollAll(PullConsumer in, int n) {
        List<ReceivedMessage> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            got.addAll(in.poll(Duration.ofMillis(100), n - got.size()));
            return got.size() >= n;
        });
        return got;
    }

    private static PullConsumer transactional(String nameServer, String group, String topic) {
        return PullConsumer.builder().nameServers(nameServer).group(group).topic(topic).from(PullConsumer.From.FIRST)
                .transactional(true).build();
    }

    private static void transform(Transaction tx, List<ReceivedMessage> in, String outTopic) {
        in.forEach(m -> tx.send(OutgoingMessage.to(outTopic).body("out-" + new String(m.message().body(), StandardCharsets.UTF_8)).build()));
    }

    /** Every queue of {@code topic} committed by {@code group} up to its end. */
    private static void assertCommittedToTheEnd(String nameServer, String group, String topic) {
        try (Admin admin = new Admin(List.of(nameServer))) {
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> !admin.groupLag(group, topic).isEmpty());
            assertThat(admin.groupLag(group, topic)).allSatisfy(l -> assertThat(l.committedOffset()).isEqualTo(l.maxOffset()));
        }
    }

    /** Bodies of {@code topic} from its first message, until a marker sent now arrives; each must come once. */
    private static List<String> everythingIn(String nameServer, Producer p, String topic) {
        p.send(OutgoingMessage.to(topic).body("marker").build());
        List<String> got = new ArrayList<>();
        try (LeaseConsumer c = LeaseConsumer.builder().nameServers(nameServer).group("reader").topic(topic)
                .invisibility(Duration.ofMinutes(1)).build()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                for (LeasedMessage m : c.receive(16, Duration.ofMillis(200))) {
                    got.add(new String(m.message().body(), StandardCharsets.UTF_8));
                    c.ack(m);
                }
                return got.contains("marker");
            });
        }
        return got;
    }

    @Test
    void aCommitWhoseOffsetsNeverReachedTheOffsetsFileIsAppliedAfterSigkill() throws Exception {
        String[] first = brokers.start();
        Path offsetsFile = dir.resolve("broker").resolve("offsets");
        List<String> expected = new ArrayList<>(List.of("before"));
        try (Producer p = Producer.builder().nameServers(first[0]).group("ctp").build()) {
            inputs(p, "CrashIn", "CrashOut", 6);
            try (PullConsumer in = transactional(first[0], "ctp", "CrashIn")) {
                List<ReceivedMessage> polled = pollAll(in, 6);
                Transaction tx = p.beginTransaction();
                transform(tx, polled, "CrashOut");
                in.commit(tx);
                Files.createDirectory(offsetsFile.resolveSibling("offsets.tmp")); // every offsets persist fails from now on
                tx.commit(); // decided and applied in memory; APPLIED waits for an offsets file that never comes
                polled.forEach(m -> expected.add("out-" + new String(m.message().body(), StandardCharsets.UTF_8)));
            }
            assertCommittedToTheEnd(first[0], "ctp", "CrashIn");
        }
        brokers.kill(0);
        Files.delete(offsetsFile.resolveSibling("offsets.tmp"));
        assertThat(offsetsFile).as("the offsets were only in the transaction journal").doesNotExist();

        String[] second = brokers.start();
        assertCommittedToTheEnd(second[0], "ctp", "CrashIn");
        try (Producer p = Producer.builder().nameServers(second[0]).group("ctp").build()) {
            List<String> out = everythingIn(second[0], p, "CrashOut");
            expected.add("marker");
            assertThat(out).containsExactlyInAnyOrderElementsOf(expected);
            p.send(OutgoingMessage.to("CrashIn").body("after").build());
            try (PullConsumer in = transactional(second[0], "ctp", "CrashIn")) {
                List<ReceivedMessage> next = new ArrayList<>();
                await().atMost(Duration.ofSeconds(20)).until(() -> next.addAll(in.poll(Duration.ofMillis(100), 10)));
                assertThat(next).extracting(m -> new String(m.message().body(), StandardCharsets.UTF_8)).containsExactly("after");
            }
        }
    }

    @Test
    void offsetsHeldInAPreparedBranchSurviveSigkillAndApplyOnCommit() throws Exception {
        String[] first = brokers.start();
        Xid xid = new Xid(43, "ctp-gtrid".getBytes(StandardCharsets.UTF_8), new byte[] {8});
        try (Producer p = Producer.builder().nameServers(first[0]).group("ctp-xa").build()) {
            inputs(p, "XaCrashIn", "XaCrashOut", 5);
            try (PullConsumer in = transactional(first[0], "ctp-xa", "XaCrashIn")) {
                Transaction branch = p.beginTransaction(xid);
                transform(branch, pollAll(in, 5), "XaCrashOut");
                in.commit(branch);
                branch.prepare();
            }
        }
        brokers.kill(0);

        String[] second = brokers.start();
        try (Producer p = Producer.builder().nameServers(second[0]).group("ctp-recovery").build();
             Admin admin = new Admin(List.of(second[0]))) {
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> !admin.groupLag("ctp-xa", "XaCrashIn").isEmpty());
            assertThat(admin.groupLag("ctp-xa", "XaCrashIn")).allSatisfy(l -> assertThat(l.committedOffset()).isEqualTo(-1));
            assertThat(p.recover()).containsExactly(xid);
            p.commitPrepared(xid);
            assertCommittedToTheEnd(second[0], "ctp-xa", "XaCrashIn");
            assertThat(everythingIn(second[0], p, "XaCrashOut")).hasSize(7).doesNotHaveDuplicates().contains("before", "marker");
        }
    }
}
