package io.tern.broker;

import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** JMSPriority in lease mode: waiting messages of higher priority are delivered first, equal priorities in send order. */
class PriorityIT {
    @TempDir
    Path dir;
    Cluster cluster;
    Producer producer;
    LeaseConsumer consumer;

    @BeforeEach
    void start() {
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b);
        producer = Producer.builder().nameServers(cluster.nameServers()).build();
    }

    @AfterEach
    void stop() throws Exception {
        if (consumer != null) {
            consumer.close();
        }
        producer.close();
        cluster.close();
    }

    /** Sends body {@code name} with the given priority (null: no JMSPriority property, the default 4), all to one queue. */
    private void send(String topic, String name, Integer priority) {
        OutgoingMessage.Builder b = OutgoingMessage.to(topic).body(name);
        if (priority != null) {
            b.property("JMSPriority", priority);
        }
        producer.send(b.build(), "one-queue"); // one sharding key: priority is best effort within a queue's window
    }

    private List<String> receiveOneAtATime(String group, String topic, int n) {
        // "waiting" means dispatched to the consume queue, which follows the commit log a moment after a send returns
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatched(topic) == n);
        consumer = LeaseConsumer.builder().nameServers(cluster.nameServers()).group(group).topic(topic)
                .invisibility(Duration.ofSeconds(60)).build();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<LeasedMessage> got = consumer.receive(1, Duration.ofSeconds(5));
            assertThat(got).hasSize(1);
            order.add(new String(got.get(0).message().body(), StandardCharsets.UTF_8));
            consumer.ack(got.get(0));
        }
        assertThat(consumer.receive(1, Duration.ofMillis(200))).isEmpty();
        return order;
    }

    private long dispatched(String topic) {
        long n = 0;
        for (int q = 0; q < 4; q++) {
            n += cluster.brokers.get(0).store().maxOffset(topic, q);
        }
        return n;
    }

    @Test
    void higherPrioritiesSentLaterAreReceivedFirstAndEqualOnesInSendOrder() {
        for (int i = 0; i < 4; i++) {
            send("prio", "low" + i, 1);
        }
        for (int i = 0; i < 3; i++) {
            send("prio", "default" + i, null);
        }
        for (int i = 0; i < 4; i++) {
            send("prio", "high" + i, 9);
        }
        send("prio", "mid0", 6);
        assertThat(receiveOneAtATime("g-prio", "prio", 12)).containsExactly(
                "high0", "high1", "high2", "high3", "mid0", "default0", "default1", "default2", "low0", "low1", "low2", "low3");
    }

    @Test
    void withoutPrioritiesAQueueIsReceivedInSendOrder() {
        for (int i = 0; i < 10; i++) {
            send("fifo", "m" + i, i % 2 == 0 ? null : 4);
        }
        assertThat(receiveOneAtATime("g-fifo", "fifo", 10)).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
    }
}
