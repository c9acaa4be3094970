package io.tern.broker;

import io.tern.acl.Login;
import io.tern.acl.PasswordHash;
import io.tern.client.Admin;
import io.tern.client.LeaseConsumer;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.client.PushConsumer;
import io.tern.message.MessageId;
import io.tern.protocol.ClusterInfo;
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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Brokers and every kind of client against a NameServer (and brokers) protected by one ACL file. */
class NameServerAccessIT {
    @TempDir
    Path dir;
    Path acl;
    Cluster cluster;

    @BeforeEach
    void start() throws Exception {
        acl = Files.writeString(dir.resolve("acl"), String.join("\n",
                "user root " + PasswordHash.hash("root-pw"),
                "user alice " + PasswordHash.hash("alice-pw"),
                "user broker " + PasswordHash.hash("broker-pw"),
                "allow root admin *",
                "allow root produce *",
                "allow broker admin cluster:DefaultCluster",
                "allow alice produce topic:orders",
                "allow alice consume topic:orders",
                "allow alice consume group:billing",
                "allow alice consume group:leases",
                "anonymous deny"));
        cluster = new Cluster(dir, ns -> ns.aclFile(acl));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aBrokerWithoutTheRightNameServerLoginIsNotRoutedAndSaysWhy() {
        Broker anonymous = cluster.startBroker("broker-x", b -> b.aclFile(acl));
        Broker wrong = cluster.startBroker("broker-y", b -> b.aclFile(acl).nameServerLogin(new Login("broker", "guess")));
        Broker right = cluster.startBroker("broker-z", b -> b.aclFile(acl).nameServerLogin(new Login("broker", "broker-pw")));

        assertThat(anonymous.registrationFailures()).containsOnlyKeys(cluster.nameServers());
        assertThat(anonymous.registrationFailures().get(cluster.nameServers())).contains("anonymous access is off on this NameServer");
        assertThat(wrong.registrationFailures().get(cluster.nameServers()))
                .contains("user 'broker' or its password is not accepted by this NameServer");
        assertThat(right.registrationFailures()).isEmpty();
        try (Admin admin = new Admin(List.of(cluster.nameServers()), "root", "root-pw")) {
            assertThat(admin.cluster().brokers()).extracting(ClusterInfo.Entry::brokerName).containsExactly("broker-z");
        }
    }

    @Test
    void everyClientLogsInToTheNameServerAsToTheBrokers() {
        cluster.startBroker("broker-a", b -> b.aclFile(acl).nameServerLogin(new Login("broker", "broker-pw")));
        try (Admin admin = new Admin(List.of(cluster.nameServers()), "root", "root-pw")) {
            admin.createTopic("orders", 2); // the admin finds the masters through the NameServer's cluster info
            admin.createTopic("payroll", 2);
        }
        try (Producer alice = producer("alice", "alice-pw")) {
            MessageId sent = alice.send(OutgoingMessage.to("orders").body("mine").build()).id();
            assertThatThrownBy(() -> alice.send(OutgoingMessage.to("payroll").body("no").build()))
                    .hasMessageContaining("user 'alice' may not look up the route of topic 'payroll'");

            Set<MessageId> seen = new HashSet<>();
            try (PullConsumer billing = PullConsumer.builder().nameServers(cluster.nameServers()).credentials("alice", "alice-pw")
                    .group("billing").topic("orders").from(PullConsumer.From.FIRST).build()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    billing.poll(Duration.ofMillis(100), 100).forEach(m -> seen.add(m.message().id()));
                    return seen.contains(sent);
                });
            } // commits past it: the push consumer of the same group below starts after it

            AtomicInteger attempts = new AtomicInteger();
            try (PushConsumer push = PushConsumer.builder().nameServers(cluster.nameServers()).credentials("alice", "alice-pw")
                    .group("billing").topic("orders").from(PullConsumer.From.FIRST).listener(m -> { // FIRST where nothing is committed
                        if (attempts.incrementAndGet() == 1) {
                            throw new IllegalStateException("fail once: the retry comes through %RETRY%billing, routed by her group right");
                        }
                    }).build()) {
                alice.send(OutgoingMessage.to("orders").body("fails once").build());
                await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() >= 2);
            }

            try (LeaseConsumer leases = LeaseConsumer.builder().nameServers(cluster.nameServers()).credentials("alice", "alice-pw")
                    .group("leases").topic("orders").build()) {
                MessageId leased = alice.send(OutgoingMessage.to("orders").body("leased").build()).id();
                await().atMost(Duration.ofSeconds(20)).until(() -> leases.receive(10, Duration.ofMillis(200)).stream()
                        .peek(leases::ack).anyMatch(m -> m.message().id().equals(leased)));
            }
        }
    }

    @Test
    void clientsTheNameServerRefusesAreToldWhy() {
        cluster.startBroker("broker-a", b -> b.aclFile(acl).nameServerLogin(new Login("broker", "broker-pw")));
        try (Producer wrong = producer("alice", "guess"); Producer anonymous = producer(null, null)) {
            assertThatThrownBy(() -> wrong.send(OutgoingMessage.to("orders").body("x").build()))
                    .hasMessageContaining("NameServer " + cluster.nameServers() + " refused the handshake: user 'alice' or its password"
                            + " is not accepted by this NameServer");
            assertThatThrownBy(() -> anonymous.send(OutgoingMessage.to("orders").body("x").build()))
                    .hasMessageContaining("anonymous access is off on this NameServer");
        }
        try (Admin asAlice = new Admin(List.of(cluster.nameServers()), "alice", "alice-pw")) {
            assertThat(asAlice.cluster().brokers()).hasSize(1); // a login reads cluster info; creating topics still needs admin
            assertThatThrownBy(() -> asAlice.createTopic("mine", 1)).hasMessageContaining("it needs admin");
        }
    }

    private Producer producer(String user, String password) {
        return Producer.builder().nameServers(cluster.nameServers()).credentials(user, password).retries(0).build();
    }
}
