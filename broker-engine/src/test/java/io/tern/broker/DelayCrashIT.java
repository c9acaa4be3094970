package io.tern.broker;

import io.tern.client.Admin;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.client.SendResult;
import io.tern.message.MessageId;
import io.tern.message.ReceivedMessage;
import io.tern.message.SystemProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker in a child JVM is killed with SIGKILL while its timer delivers delayed messages; restarted on the same data
 * directory it delivers every message exactly once (the real topic holds each id once), none before its due time.
 */
class DelayCrashIT {
    private static final int COUNT = 3000;

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

    private static long stored(String nameServer, String topic) {
        try (Admin admin = new Admin(List.of(nameServer))) {
            return admin.describeTopic(topic).stream().mapToLong(q -> q.maxOffset() - q.minOffset()).sum();
        } catch (RuntimeException e) {
            return 0; // the topic's route is not known yet
        }
    }

    @Test
    void afterSigkillMidDeliveryEveryDelayedMessageIsDeliveredExactlyOnce() throws Exception {
        String[] first = brokers.start();
        Set<MessageId> sent = new HashSet<>();
        try (Producer producer = Producer.builder().nameServers(first[0]).build()) {
            try (Admin admin = new Admin(List.of(first[0]))) {
                admin.createTopic("dc", 4);
            }
            Random random = new Random(7);
            Semaphore window = new Semaphore(500);
            List<CompletableFuture<SendResult>> sends = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                window.acquire();
                CompletableFuture<SendResult> f = producer.sendAsync(OutgoingMessage.to("dc")
                        .delay(Duration.ofMillis(1 + random.nextInt(3000))).body("m" + i).build());
                f.whenComplete((r, e) -> window.release());
                sends.add(f);
            }
            sends.forEach(f -> sent.add(f.join().id()));
        }
        long[] beforeKill = new long[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> (beforeKill[0] = stored(first[0], "dc")) >= COUNT / 3);
        brokers.kill(0); // SIGKILL mid-delivery: no final timer checkpoint

        String[] second = brokers.start();
        Set<MessageId> got = new HashSet<>();
        try (PullConsumer c = PullConsumer.builder().nameServers(second[0]).group("g-dc").topic("dc")
                .from(PullConsumer.From.FIRST).rebalanceInterval(Duration.ofMillis(300)).build()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ReceivedMessage m : c.poll(Duration.ofMillis(100), 1000)) {
                    assertThat(m.storeTimestamp()).isGreaterThanOrEqualTo((Long) m.message().properties().get(SystemProperties.DELIVER_AT));
                    got.add(m.message().id());
                }
                return got.size() >= COUNT;
            });
        }
        assertThat(got).isEqualTo(sent);
        assertThat(stored(second[0], "dc")).as("each id stored once in the real topic").isEqualTo(COUNT);
        System.out.printf("DelayCrashIT: %d sent, at least %d delivered before SIGKILL, all %d delivered once after restart%n",
                COUNT, beforeKill[0], got.size());
    }
}
