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
}
