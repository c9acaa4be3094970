package io.tern.cli;

import io.tern.broker.Broker;
import io.tern.broker.BrokerConfig;
import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import io.tern.client.Admin;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.Transaction;
import io.tern.protocol.Transactions;
import io.tern.protocol.Xid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tern produce --transaction}: committed messages are consumable; unresolved ones end up parked.
 * {@code tern bench ctp}: a topic copied in consume-transform-produce transactions.
 */
class TransactionCommandIT {
    @TempDir
    Path dir;

    @Test
    void commitDeliversAndUnresolvedIsParked() throws Exception {
        try (NameServer ns = NameServer.start(NameServerConfig.builder().port(0).build());
             Broker broker = Broker.start(BrokerConfig.builder(dir.resolve("b")).port(0).nameServers(List.of(ns.address()))
                     .transactions(t -> t.withCheckTimeout(Duration.ofMillis(100)).withCheckInterval(Duration.ofMillis(50)).withMaxChecks(1))
                     .store(s -> s.segmentSize(16 << 20).indexSlots(4096).indexEntries(65536).consumeQueueFileEntries(100_000)).build())) {
            Path sent = dir.resolve("sent");
            Path got = dir.resolve("got");
            assertThat(Tern.run("produce", "--namesrv", ns.address(), "--topic", "cli-tx", "--count", "3", "--size", "8",
                    "--transaction", "commit", "--ids-out", sent.toString())).isZero();
            assertThat(Tern.run("consume", "--namesrv", ns.address(), "--topic", "cli-tx", "--group", "g", "--from", "first",
                    "--count", "3", "--wait", "5", "--quiet", "--ids-out", got.toString())).isZero();
            assertThat(Files.readAllLines(got)).containsExactlyInAnyOrderElementsOf(Files.readAllLines(sent));

            Path orphans = dir.resolve("orphans");
            Path parked = dir.resolve("parked");
            assertThat(Tern.run("produce", "--namesrv", ns.address(), "--topic", "cli-tx", "--count", "2", "--size", "8",
                    "--transaction", "unresolved", "--ids-out", orphans.toString())).isZero();
            assertThat(Tern.run("consume", "--namesrv", ns.address(), "--topic", Transactions.UNRESOLVED_TOPIC, "--group", "inspect",
                    "--from", "first", "--count", "2", "--wait", "10", "--quiet", "--ids-out", parked.toString())).isZero();
            assertThat(Files.readAllLines(parked)).containsExactlyInAnyOrderElementsOf(Files.readAllLines(orphans));

            Xid xid = new Xid(5, new byte[] {1, 2}, new byte[] {3});
            try (Producer p = Producer.builder().nameServers(ns.address()).group("cli-xa").build();
                 Admin admin = new Admin(List.of(ns.address()))) {
                Transaction branch = p.beginTransaction(xid);
                branch.send(OutgoingMessage.to("cli-tx").body("xa").build());
                branch.prepare();
                assertThat(admin.preparedTransactions()).containsEntry(broker.address(), List.of(xid));
                assertThat(Tern.run("admin", "transactions", "--namesrv", ns.address())).isZero();
                branch.rollback();
                assertThat(admin.preparedTransactions()).containsEntry(broker.address(), List.of());
            }
        }
    }

    @Test
    void benchCtpCopiesATopicInTransactionsThatCommitTheOffsetsToo() throws Exception {
        try (NameServer ns = NameServer.start(NameServerConfig.builder().port(0).build());
             Broker broker = Broker.start(BrokerConfig.builder(dir.resolve("b")).port(0).nameServers(List.of(ns.address()))
                     .store(s -> s.segmentSize(16 << 20).indexSlots(4096).indexEntries(65536).consumeQueueFileEntries(100_000)).build());
             Admin admin = new Admin(List.of(ns.address()))) {
            assertThat(Tern.run("produce", "--namesrv", ns.address(), "--topic", "ctp-in", "--count", "10", "--size", "8")).isZero();
            assertThat(Tern.run("bench", "ctp", "--namesrv", ns.address(), "--topic", "ctp-in", "--duration", "1",
                    "--transaction-batch", "4", "--size", "8")).isZero();
            assertThat(admin.describeTopic("ctp-in-out").stream().mapToLong(q -> q.maxOffset()).sum()).as("10 copies and the warm-up")
                    .isEqualTo(11);
            String group = admin.listGroups().stream().filter(g -> g.startsWith("bench-ctp-")).findFirst().orElseThrow();
            assertThat(admin.groupLag(group, "ctp-in")).allSatisfy(q -> assertThat(q.committedOffset()).isEqualTo(q.maxOffset()));
        }
    }
}
