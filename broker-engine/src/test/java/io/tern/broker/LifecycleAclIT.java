package io.tern.broker;

import io.tern.acl.PasswordHash;
import io.tern.client.Admin;
import io.tern.client.LeaseConsumer;
import io.tern.client.TernClientException;
import io.tern.protocol.GroupOpenRequest.Start;
import io.tern.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who may use the lifecycle commands on a broker with an ACL file (rules in BrokerAccessPolicy and docs/lifecycle.md). */
class LifecycleAclIT {
    @TempDir
    Path dir;
    Cluster cluster;

    @BeforeEach
    void start() throws Exception {
        Path acl = Files.writeString(dir.resolve("acl"), String.join("\n",
                "user alice " + PasswordHash.hash("alice-pw"),
                "user root " + PasswordHash.hash("root-pw"),
                "allow alice consume topic:orders",
                "allow alice consume group:billing",
                "allow alice produce topic:scratch",
                "allow root admin *",
                "anonymous deny"));
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b.aclFile(acl));
        try (Admin root = new Admin(List.of(cluster.nameServers()), "root", "root-pw")) {
            root.createTopic("orders", 1);
        }
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static void assertDenied(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOf(TernClientException.class)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.NO_PERMISSION))
                .hasMessageContaining(message);
    }

    @Test
    void openingAndDeletingAGroupNeedConsumeOnTheTopicAndTheGroup() {
        try (LeaseConsumer billing = LeaseConsumer.builder().nameServers(cluster.nameServers()).credentials("alice", "alice-pw")
                .group("billing").topic("orders").build();
             LeaseConsumer payroll = LeaseConsumer.builder().nameServers(cluster.nameServers()).credentials("alice", "alice-pw")
                     .group("payroll").topic("orders").build()) {
            assertThat(billing.open(Start.END, true)).isTrue();
            assertDenied(() -> payroll.open(Start.END, true), "user 'alice' may not consume group:payroll");
            assertDenied(payroll::deleteGroup, "(or admin on group:payroll)");
            assertThat(billing.deleteGroup()).isTrue();
        }
    }

    @Test
    void anOwnedTopicNeedsProduceOnItAndDeletingATopicNeedsAdminOnIt() {
        try (Admin alice = new Admin(List.of(cluster.nameServers()), "alice", "alice-pw")) {
            alice.createOwnedTopic("scratch", 1);
            assertDenied(() -> alice.createOwnedTopic("other", 1), "user 'alice' may not produce topic:other");
            assertDenied(() -> alice.deleteTopic("orders"), "user 'alice' may not admin topic:orders");
            alice.claimClientId("alice-1"); // any login
            alice.releaseClientId("alice-1");
        }
    }
}
