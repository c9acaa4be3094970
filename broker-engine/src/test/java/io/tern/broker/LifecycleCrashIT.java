package io.tern.broker;

import io.tern.client.Admin;
import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.protocol.GroupOpenRequest.Start;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker in a child JVM is killed with SIGKILL after deleting a group and a topic, with an ephemeral group and an
 * owned topic still open: restarted on the same data directory, all four are gone and the rest is as it was.
 */
class LifecycleCrashIT {
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

    private static List<LeasedMessage> receive(LeaseConsumer c, int n) {
        List<LeasedMessage> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            got.addAll(c.receive(n - got.size(), Duration.ofMillis(500)));
            return got.size() >= n;
        });
        return got;
    }

    private static boolean leaseMode(Admin admin, String group, String topic) {
        return admin.describeGroup(group, topic).stream().anyMatch(Admin.GroupQueue::leaseMode);
    }

    private static boolean listed(Admin admin, String topic) {
        return admin.listTopics().stream().anyMatch(t -> t.name().equals(topic));
    }

    @Test
    void deletedAndConnectionBoundGroupsAndTopicsStayGoneAfterSigkill() throws Exception {
        String[] first = brokers.start();
        try (Producer producer = Producer.builder().nameServers(first[0]).build();
             Admin admin = new Admin(List.of(first[0]))) {
            admin.createTopic("keep", 1);
            admin.createTopic("gone", 1);
            for (int i = 0; i < 3; i++) {
                producer.send(OutgoingMessage.to("keep").body("k" + i).build());
                producer.send(OutgoingMessage.to("gone").body("g" + i).build());
            }
            LeaseConsumer deleted = LeaseConsumer.builder().nameServers(first[0]).group("g-del").topic("keep").build();
            LeaseConsumer kept = LeaseConsumer.builder().nameServers(first[0]).group("g-kept").topic("keep").build();
            LeaseConsumer ephemeral = LeaseConsumer.builder().nameServers(first[0]).group("g-eph").topic("keep").build();
            receive(deleted, 3).forEach(deleted::ack);
            receive(kept, 3).forEach(kept::ack);
            assertThat(ephemeral.open(Start.FIRST, true)).isTrue();
            receive(ephemeral, 1).forEach(ephemeral::ack);
            assertThat(deleted.deleteGroup()).isTrue();
            admin.deleteTopic("gone");
            admin.createOwnedTopic("owned-x", 1);
            producer.send(OutgoingMessage.to("owned-x").body("o").build());

            brokers.kill(0); // the ephemeral group's and the owned topic's connections are still open
            deleted.close();
            kept.close();
            ephemeral.close();
        }

        String[] second = brokers.start();
        try (Admin admin = new Admin(List.of(second[0]))) {
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> listed(admin, "keep"));
            assertThat(listed(admin, "gone")).isFalse();
            assertThat(listed(admin, "owned-x")).isFalse();
            assertThat(leaseMode(admin, "g-del", "keep")).isFalse();
            assertThat(leaseMode(admin, "g-eph", "keep")).isFalse();
            assertThat(admin.describeGroup("g-kept", "keep")).singleElement().satisfies(q -> assertThat(q.lease().watermark()).isEqualTo(3));
            Path data = dir.resolve("broker");
            assertThat(data.resolve("consumequeue/gone")).doesNotExist();
            assertThat(data.resolve("consumequeue/owned-x")).doesNotExist();
        }
    }
}
