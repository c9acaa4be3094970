package io.tern.broker;

import io.tern.acl.PasswordHash;
import io.tern.cli.Tern;
import io.tern.client.Admin;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.message.MessageId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
