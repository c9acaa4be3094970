package io.tern.broker;

import io.tern.acl.PasswordHash;
import io.tern.cli.Tern;
import io.tern.client.Admin;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.client.TernClientException;
import io.tern.client.Transaction;
import io.tern.message.MessageId;
import io.tern.protocol.CommandCode;
import io.tern.protocol.EndTransaction;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.Headers;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.Xid;
import io.tern.remoting.RemotingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A broker with an ACL file: logins, per-topic and per-group permissions, admin, anonymous access. */
class AclIT {
    @TempDir
    Path dir;
    Cluster cluster;

    @BeforeEach
    void start() throws Exception {
        Path acl = Files.writeString(dir.resolve("acl"), String.join("\n",
                "user alice " + PasswordHash.hash("alice-pw"),
                "user root " + PasswordHash.hash("root-pw"),
                "user ops " + PasswordHash.hash("ops-pw"),
                "allow ops admin group:billing",
                "allow alice produce topic:orders",
                "allow alice consume topic:orders",
                "allow alice consume group:billing",
                "user bob " + PasswordHash.hash("bob-pw"),
                "allow bob produce topic:orders",
                "allow bob consume topic:orders",
                "allow bob consume group:bob-readers",
                "allow root admin *",
                "allow root produce *",
                "anonymous deny"));
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b.aclFile(acl));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Producer producer(String user, String password) {
        return Producer.builder().nameServers(cluster.nameServers()).credentials(user, password).retries(0).build();
    }

    @Test
    void aUserDoesWhatTheFileAllowsAndNothingElse() {
        try (Producer root = producer("root", "root-pw"); Admin admin = new Admin(List.of(cluster.nameServers()), "root", "root-pw")) {
            admin.createTopic("orders", 2);
            admin.createTopic("payroll", 2);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> root.send(OutgoingMessage.to("orders").body("x").build()) != null);
        }
        try (Producer alice = producer("alice", "alice-pw")) {
            MessageId sent = alice.send(OutgoingMessage.to("orders").body("mine").build()).id();
            assertThatThrownBy(() -> alice.send(OutgoingMessage.to("payroll").body("no").build()))
                    .hasMessageContaining("user 'alice' may not produce topic:payroll")
                    .hasMessageContaining("allow alice produce topic:payroll");

            Set<MessageId> seen = new HashSet<>();
            try (PullConsumer billing = PullConsumer.builder().nameServers(cluster.nameServers()).credentials("alice", "alice-pw")
                    .group("billing").topic("orders").from(PullConsumer.From.FIRST).build()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    billing.poll(Duration.ofMillis(100), 100).forEach(m -> seen.add(m.message().id()));
                    return seen.contains(sent);
                });
            }
            try (Admin asAlice = new Admin(List.of(cluster.nameServers()), "alice", "alice-pw")) {
                assertThatThrownBy(() -> asAlice.createTopic("mine", 1)).hasMessageContaining("it needs admin");
            }
        }
    }

    @Test
    void aPushConsumersRetriesRunUnderItsOwnLogin() {
        try (Producer root = producer("root", "root-pw"); Admin admin = new Admin(List.of(cluster.nameServers()), "root", "root-pw")) {
            admin.createTopic("orders", 1);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> root.send(OutgoingMessage.to("orders").body("x").build()) != null);
        }
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        try (io.tern.client.PushConsumer push = io.tern.client.PushConsumer.builder().nameServers(cluster.nameServers())
                .credentials("alice", "alice-pw").group("billing").topic("orders").from(PullConsumer.From.FIRST)
                .listener(m -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("fail once: the message goes to %RETRY%billing");
                    }
                }).build()) {
            // the second attempt arrives through the group's retry topic, read with alice's login and her group permission
            await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() >= 2);
        }
    }

    @Test
    void badCredentialsAndAnonymousClientsAreRefusedWithTheReason() {
        try (Producer anonymous = producer(null, null); Producer wrong = producer("alice", "guess")) {
            assertThatThrownBy(() -> anonymous.send(OutgoingMessage.to("orders").body("x").build()))
                    .hasMessageContaining("anonymous access is off");
            assertThatThrownBy(() -> wrong.send(OutgoingMessage.to("orders").body("x").build()))
                    .hasMessageContaining("user 'alice' or its password is not accepted");
        }
    }

    @Test
    void theCommandLineHashesPasswordsAndLogsIn() throws Exception {
        assertThat(Tern.run("hash-password", "--user", "carol", "--password", "pw")).isZero();
        assertThat(Tern.run("produce", "--namesrv", cluster.nameServers(), "--topic", "orders", "--user", "root", "--password", "root-pw")).isZero();
        assertThat(Tern.run("produce", "--namesrv", cluster.nameServers(), "--topic", "orders", "--user", "root", "--password", "nope")).isEqualTo(1);
    }

    /** QUERY_DELIVERY_STATE: one group's state needs consume on the topic and the group, every group's needs admin. */
    @Test
    void deliveryStateOfOneGroupNeedsConsumeAndOfEveryGroupAdmin() {
        try (Producer root = producer("root", "root-pw"); Admin admin = new Admin(List.of(cluster.nameServers()), "root", "root-pw")) {
            admin.createTopic("orders", 1);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> root.send(OutgoingMessage.to("orders").body("x").build()) != null);
        }
        cluster.awaitDispatched();
        assertThat(deliveryState("alice", "alice-pw", "billing").code()).isEqualTo(io.tern.protocol.ResponseCode.OK);
        assertThat(deliveryState("root", "root-pw", null).code()).isEqualTo(io.tern.protocol.ResponseCode.OK);
        io.tern.protocol.Frame every = deliveryState("alice", "alice-pw", null);
        assertThat(every.code()).isEqualTo(io.tern.protocol.ResponseCode.NO_PERMISSION);
        assertThat(io.tern.protocol.ErrorHeader.decode(every.header()).message())
                .isEqualTo("user 'alice' may not use request code 71 for every group of topic orders: it needs admin"
                        + " (naming one group needs consume on it and the topic)");
        io.tern.protocol.Frame other = deliveryState("alice", "alice-pw", "payroll");
        assertThat(io.tern.protocol.ErrorHeader.decode(other.header()).message()).contains("user 'alice' may not consume group:payroll");
    }

    private io.tern.protocol.Frame deliveryState(String user, String password, String group) {
        try (io.tern.remoting.RemotingClient raw = new io.tern.remoting.RemotingClient("raw", io.tern.protocol.FrameDescriptor.DEFAULT_MAX_FRAME_SIZE,
                Duration.ofSeconds(3), 16, 16)) {
            raw.credentials(user, password);
            return raw.invokeSync(cluster.brokers.get(0).address(), io.tern.protocol.CommandCode.QUERY_DELIVERY_STATE,
                    new io.tern.protocol.DeliveryStateQuery("orders", 0, 0, group).encode(), null, Duration.ofSeconds(5));
        }
    }

    @Test
    void resettingAGroupNeedsAdminOnItAndDescribingItWhatReadingItsOffsetsNeeds() {
        try (Producer root = producer("root", "root-pw"); Admin admin = new Admin(List.of(cluster.nameServers()), "root", "root-pw")) {
            admin.createTopic("orders", 1);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> root.send(OutgoingMessage.to("orders").body("x").build()) != null);
        }
        try (io.tern.client.LeaseConsumer billing = io.tern.client.LeaseConsumer.builder().nameServers(cluster.nameServers())
                .credentials("alice", "alice-pw").group("billing").topic("orders").build();
             Admin alice = new Admin(List.of(cluster.nameServers()), "alice", "alice-pw");
             Admin ops = new Admin(List.of(cluster.nameServers()), "ops", "ops-pw")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !billing.receive(1, Duration.ofMillis(200)).isEmpty());
            assertThat(alice.describeGroup("billing", "orders")).singleElement().satisfies(q -> assertThat(q.lease().leased()).isEqualTo(1));
            assertThatThrownBy(() -> alice.resetGroup("billing", "orders", new Admin.End()))
                    .hasMessageContaining("user 'alice' may not admin group:billing");
            assertThat(ops.resetGroup("billing", "orders", new Admin.End())).singleElement()
                    .satisfies(q -> assertThat(q.leaseMode()).isTrue());
            assertThatThrownBy(() -> ops.resetGroup("payroll-readers", "orders", new Admin.End()))
                    .hasMessageContaining("user 'ops' may not admin group:payroll-readers");
        }
    }

    // ---- tenants: what one login opens, another cannot reach (issue 11, item 6) ----

    private RemotingClient raw(String user, String password) {
        RemotingClient c = new RemotingClient("raw-" + user, 1 << 20, Duration.ofSeconds(3), 8, 8);
        c.credentials(user, password);
        return c;
    }

    private void createOrders() {
        try (Producer root = producer("root", "root-pw"); Admin admin = new Admin(List.of(cluster.nameServers()), "root", "root-pw")) {
            admin.createTopic("orders", 1);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> root.send(OutgoingMessage.to("orders").body("x").build()) != null);
        }
    }

    @Test
    void joiningOrListingAnotherUsersConsumerGroupNeedsConsumeOnIt() throws Exception {
        String broker = cluster.brokers.get(0).address();
        try (RemotingClient alice = raw("alice", "alice-pw")) {
            Frame join = alice.invokeSync(broker, CommandCode.HEARTBEAT,
                    new Heartbeat("alice-1", List.of("billing", "bob-readers"), List.of()).encode(), null, Duration.ofSeconds(3));
            assertThat(join.code()).isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(ErrorHeader.decode(join.header()).message()).contains("user 'alice' may not consume group:bob-readers");
            Frame list = alice.invokeSync(broker, CommandCode.GET_CONSUMER_LIST, Headers.writer().str("bob-readers").toBytes(), null,
                    Duration.ofSeconds(3));
            assertThat(list.code()).isEqualTo(ResponseCode.NO_PERMISSION);
            Frame own = alice.invokeSync(broker, CommandCode.HEARTBEAT,
                    new Heartbeat("alice-1", List.of("billing"), List.of("any-producer-group")).encode(), null, Duration.ofSeconds(3));
            assertThat(own.code()).as("her own group, and any producer group").isEqualTo(ResponseCode.OK);
        }
    }

    @Test
    void anotherUsersTransactionCannotBeEndedJoinedOrRecovered() throws Exception {
        createOrders();
        String broker = cluster.brokers.get(0).address();
        Xid xid = new Xid(7, "bobs-global".getBytes(StandardCharsets.UTF_8), new byte[] {1});
        try (Producer bob = producer("bob", "bob-pw"); Producer alice = producer("alice", "alice-pw"); Producer root = producer("root", "root-pw");
             RemotingClient aliceRaw = raw("alice", "alice-pw")) {
            Transaction local = bob.beginTransaction();
            local.send(OutgoingMessage.to("orders").body("bob-local").build());
            Transaction branch = bob.beginTransaction(xid);
            branch.send(OutgoingMessage.to("orders").body("bob-xa").build());
            branch.prepare();

            assertThat(alice.recover()).as("alice sees only her own branches").doesNotContain(xid);
            assertThat(root.recover()).as("an admin sees every branch").contains(xid);
            assertThatThrownBy(() -> alice.commitPrepared(xid)).isInstanceOf(TernClientException.class)
                    .hasMessageContaining("opened by another login").hasMessageContaining("user 'alice'").hasMessageNotContaining("bob");
            assertThatThrownBy(() -> alice.rollbackPrepared(xid)).hasMessageContaining("opened by another login");

            Frame end = aliceRaw.invokeSync(broker, CommandCode.END_TRANSACTION,
                    new EndTransaction(local.id(), "pg", EndTransaction.ROLLBACK, false, EndTransaction.UNCOUNTED).encode(), null, Duration.ofSeconds(3));
            assertThat(end.code()).isEqualTo(ResponseCode.NO_PERMISSION);

            Transaction intrude = alice.beginTransaction(xid); // the same Xid: her sends would join bob's branch
            assertThatThrownBy(() -> intrude.send(OutgoingMessage.to("orders").body("alice").build()))
                    .hasMessageContaining("opened by another login");

            local.commit(); // bob's own decisions still work
            root.commitPrepared(xid); // and an admin resolves anybody's branch
            assertThat(root.recover()).doesNotContain(xid);
        }
    }

    @Test
    void aTransactionsCheckBacksGoOnlyToItsOwnersConnections() throws Exception {
        cluster.brokers.get(0).close();
        cluster.brokers.clear();
        cluster.startBroker("broker-a", b -> b.aclFile(dir.resolve("acl")).transactions(t -> t.withCheckTimeout(Duration.ofMillis(100))
                .withCheckInterval(Duration.ofMillis(50)).withMaxChecks(1000)));
        createOrders();
        java.util.Set<String> askedAlice = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<String> askedBob = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (Producer alice = Producer.builder().nameServers(cluster.nameServers()).credentials("alice", "alice-pw").group("shared-pg")
                .transactionChecker(tx -> { askedAlice.add(tx); return io.tern.client.TransactionResolution.UNKNOWN; }).build();
             Producer bob = Producer.builder().nameServers(cluster.nameServers()).credentials("bob", "bob-pw").group("shared-pg")
                .transactionChecker(tx -> { askedBob.add(tx); return io.tern.client.TransactionResolution.UNKNOWN; }).build()) {
            alice.send(OutgoingMessage.to("orders").body("alice joins").build()); // both connected and heartbeating
            Transaction bobs = bob.beginTransaction();
            bobs.send(OutgoingMessage.to("orders").body("bob-open").build());
            Transaction alices = alice.beginTransaction();
            alices.send(OutgoingMessage.to("orders").body("alice-open").build());
            await().atMost(Duration.ofSeconds(20)).until(() -> askedBob.contains(bobs.id()) && askedAlice.contains(alices.id()));
            assertThat(askedAlice).doesNotContain(bobs.id());
            assertThat(askedBob).doesNotContain(alices.id());
        }
    }
}
