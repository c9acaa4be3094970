package io.tern.broker;

import io.tern.client.Admin;
import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.client.TernClientException;
import io.tern.message.ReceivedMessage;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A topic's maxBacklogMessages (policy FAIL) over the wire: sends past it are refused at once with BACKLOG_FULL. */
class BacklogLimitIT {
    @TempDir
    Path dir;
    Cluster cluster;
    Broker broker;
    Producer producer;
    Admin admin;

    @BeforeEach
    void start() {
        cluster = new Cluster(dir);
        broker = cluster.startBroker("broker-a", b -> b.autoCreateTopics(false));
        producer = Producer.builder().nameServers(cluster.nameServers()).build();
        admin = new Admin(List.of(cluster.nameServers()));
    }

    @AfterEach
    void stop() {
        admin.close();
        producer.close();
        cluster.close();
    }

    @Test
    void aTopicWithoutConsumersTakesItsLimitThenRefusesNamingIt() {
        admin.createTopic(TopicConfig.of("sale", 2).withMaxBacklogMessages(10));
        for (int i = 0; i < 10; i++) {
            producer.send(OutgoingMessage.to("sale").body("order " + i).build());
        }
        assertThatThrownBy(() -> producer.send(OutgoingMessage.to("sale").body("one too many").build()))
                .isInstanceOfSatisfying(TernClientException.class, e -> assertThat(e.code()).isEqualTo(ResponseCode.BACKLOG_FULL))
                .hasMessageContaining("topic sale holds 10 message(s) not yet consumed by its slowest consumer group")
                .hasMessageContaining("maxBacklogMessages 10 (policy FAIL)");
        cluster.awaitDispatched(); // sends are answered before their queues show them
        assertThat(broker.store().maxOffset("sale", 0) + broker.store().maxOffset("sale", 1)).isEqualTo(10); // nothing stored
    }

    @Test
    void aBurstOfConcurrentSendsStoresExactlyTheLimit() {
        admin.createTopic(TopicConfig.of("burst", 4).withMaxBacklogMessages(50));
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            sends.add(producer.sendAsync(OutgoingMessage.to("burst").body("p" + i).build()));
        }
        int ok = 0;
        int full = 0;
        for (CompletableFuture<?> f : sends) {
            try {
                f.join();
                ok++;
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(TernClientException.class,
                        t -> assertThat(t.code()).isEqualTo(ResponseCode.BACKLOG_FULL));
                full++;
            }
        }
        assertThat(ok).isEqualTo(50);
        assertThat(full).isEqualTo(350);
    }

    @Test
    void consumingMakesRoomAndTheSlowestLeaseGroupCounts() {
        admin.createTopic(TopicConfig.of("work", 1).withMaxBacklogMessages(5));
        try (LeaseConsumer fast = lease("fast", "work"); LeaseConsumer slow = lease("slow", "work")) {
            fill("work", 5);
            ackSome(fast, 3);
            ackSome(slow, 1); // slow has 4 of 5 unconsumed: room for 1
            fill("work", 1);
            assertBacklogFull("work");
            ackSome(slow, 5); // slow consumed all 6; fast (3 of 6) is now the slowest: room for 2
            fill("work", 2);
            assertBacklogFull("work");
        }
    }

    @Test
    void anOffsetGroupsCommitsMakeRoom() throws Exception {
        admin.createTopic(TopicConfig.of("pulled", 1).withMaxBacklogMessages(3));
        fill("pulled", 3);
        assertBacklogFull("pulled");
        try (PullConsumer c = PullConsumer.builder().nameServers(cluster.nameServers()).group("reader").topic("pulled")
                .from(PullConsumer.From.FIRST).build()) {
            List<ReceivedMessage> got = new ArrayList<>();
            while (got.size() < 3) {
                got.addAll(c.poll(Duration.ofSeconds(5), 3));
            }
            c.commit();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(admin.groupLag("reader", "pulled").get(0).committedOffset()).isEqualTo(3));
            fill("pulled", 3);
            assertBacklogFull("pulled");
        }
    }

    private LeaseConsumer lease(String group, String topic) {
        return LeaseConsumer.builder().nameServers(cluster.nameServers()).group(group).topic(topic).invisibility(Duration.ofSeconds(60)).build();
    }

    @Test
    void theLimitIsUpdatedRemovedAndKeptAcrossARestart() throws Exception {
        admin.createTopic(TopicConfig.of("kept", 1).withMaxBacklogMessages(2));
        fill("kept", 2);
        assertBacklogFull("kept");
        assertThat(admin.setMaxBacklog("kept", 3).maxBacklogMessages()).isEqualTo(3);
        fill("kept", 1);
        assertBacklogFull("kept");
        assertThat(admin.listTopics()).contains(new TopicConfig("kept", 1, 1, TopicConfig.PERM_READ_WRITE, 3));

        broker.close();
        cluster.brokers.remove(broker);
        assertThat(Files.readString(dir.resolve("broker-a").resolve("topics"))).contains("kept 1 1 6 3");
        broker = cluster.startBroker("broker-a", b -> b.autoCreateTopics(false));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.listTopics()).contains(new TopicConfig("kept", 1, 1, TopicConfig.PERM_READ_WRITE, 3)));
        producer.close();
        producer = Producer.builder().nameServers(cluster.nameServers()).build(); // the broker listens on a new port
        assertBacklogFull("kept"); // the 3 stored before the restart still count
        admin.setMaxBacklog("kept", 0);
        fill("kept", 20);
        assertThatThrownBy(() -> admin.setMaxBacklog("unknown", 1)).isInstanceOfSatisfying(TernClientException.class,
                e -> assertThat(e.code()).isEqualTo(ResponseCode.TOPIC_NOT_FOUND));
    }

    private void fill(String topic, int n) {
        for (int i = 0; i < n; i++) {
            producer.send(OutgoingMessage.to(topic).body("m" + i).build());
        }
    }

    private void assertBacklogFull(String topic) {
        assertThatThrownBy(() -> producer.send(OutgoingMessage.to(topic).body("refused").build()))
                .isInstanceOfSatisfying(TernClientException.class, e -> assertThat(e.code()).isEqualTo(ResponseCode.BACKLOG_FULL));
    }

    private static void ackSome(LeaseConsumer c, int n) {
        int acked = 0;
        while (acked < n) {
            for (LeasedMessage m : c.receive(n - acked, Duration.ofSeconds(5))) {
                c.ack(m);
                acked++;
            }
        }
    }
}
