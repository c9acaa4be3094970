package io.tern.broker;

import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.TernClientException;
import io.tern.message.MessageId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker in a child JVM is killed with SIGKILL while a lease-mode consumer works; restarted on the same data
 * directory it redelivers every message not acked (marked redelivered) and none that was.
 */
class LeaseCrashIT {
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

    @Test
    void afterSigkillAckedMessagesStayAckedAndEveryUnackedOneComesBackRedelivered() throws Exception {
        String[] first = brokers.start();
        Set<MessageId> sent = new HashSet<>();
        try (Producer producer = Producer.builder().nameServers(first[0]).build()) {
            for (int i = 0; i < 300; i++) {
                sent.add(producer.send(OutgoingMessage.to("crash").body("m" + i).build()).id());
            }
        }
        // a consumer works in the background: acks two messages of three, keeps the third leased; the broker is killed
        // under it once 100 acks are confirmed, with receives and acks still in flight
        Set<MessageId> acked = ConcurrentHashMap.newKeySet();
        Set<MessageId> leasedNotAcked = ConcurrentHashMap.newKeySet();
        Set<MessageId> ackInFlight = ConcurrentHashMap.newKeySet(); // outcome unknown: the kill may have come before or after the force
        CountDownLatch enoughAcked = new CountDownLatch(100);
        LeaseConsumer working = LeaseConsumer.builder().nameServers(first[0]).group("g-crash").topic("crash")
                .invisibility(Duration.ofMinutes(5)).build();
        Thread worker = new Thread(() -> {
            int n = 0;
            try {
                while (true) {
                    for (LeasedMessage m : working.receive(4, Duration.ofSeconds(2))) {
                        if (n++ % 3 == 0) {
                            leasedNotAcked.add(m.message().id());
                            continue;
                        }
                        ackInFlight.add(m.message().id());
                        working.ack(m); // answered only once the journal is forced
                        ackInFlight.remove(m.message().id());
                        acked.add(m.message().id());
                        enoughAcked.countDown();
                    }
                }
            } catch (TernClientException e) {
                // the broker is gone
            }
        }, "lease-crash-consumer");
        worker.start();
        try {
            assertThat(enoughAcked.await(30, TimeUnit.SECONDS)).isTrue();
            brokers.kill(0); // SIGKILL: no shutdown hook, no final checkpoint
            worker.join(30_000);
            assertThat(worker.isAlive()).isFalse();
        } finally {
            working.close();
        }

        String[] second = brokers.start();
        Map<MessageId, LeasedMessage> after = new HashMap<>();
        try (LeaseConsumer c = LeaseConsumer.builder().nameServers(second[0]).group("g-crash").topic("crash")
                .invisibility(Duration.ofMinutes(5)).build()) {
            List<LeasedMessage> batch;
            while (!(batch = c.receive(64, Duration.ofMillis(500))).isEmpty()) {
                for (LeasedMessage m : batch) {
                    assertThat(after.put(m.message().id(), m)).as("delivered twice after restart: %s", m.message().id()).isNull();
                    c.ack(m);
                }
            }
        }
        assertThat(after.keySet()).as("no acked message comes back").doesNotContainAnyElementsOf(acked);
        Set<MessageId> expected = new HashSet<>(sent);
        expected.removeAll(acked);
        Set<MessageId> back = new HashSet<>(after.keySet());
        back.addAll(ackInFlight); // an ack the kill cut off may or may not have been forced first
        assertThat(back).as("every unacked message comes back").isEqualTo(expected);
        assertThat(leasedNotAcked).allSatisfy(id -> assertThat(after.get(id).redelivered()).isTrue());
        assertThat(after.values()).allSatisfy(m -> assertThat(m.deliveryCount()).isGreaterThanOrEqualTo(2));
        System.out.printf("lease crash: %d sent, %d acked before SIGKILL (%d more in flight), %d leased and not acked, %d redelivered after restart%n",
                sent.size(), acked.size(), ackInFlight.size(), leasedNotAcked.size(), after.size());
    }

    /** Receives and acks until {@code n} messages came; returns their ids. */
    private static Set<MessageId> receiveAndAck(LeaseConsumer c, int n) {
        Set<MessageId> got = new HashSet<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (LeasedMessage m : c.receive(n - got.size(), Duration.ofMillis(500))) {
                c.ack(m);
                got.add(m.message().id());
            }
            return got.size() >= n;
        });
        return got;
    }

    @Test
    void aResetSurvivesASigkillBeforeTheNextCheckpoint() throws Exception {
        String[] first = brokers.start();
        Set<MessageId> sent = new HashSet<>();
        try (Producer producer = Producer.builder().nameServers(first[0]).build()) {
            for (int i = 0; i < 20; i++) {
                sent.add(producer.send(OutgoingMessage.to("crash-reset").body("m" + i).build()).id());
            }
        }
        Set<MessageId> ackedAfterReset;
        try (LeaseConsumer c = LeaseConsumer.builder().nameServers(first[0]).group("g-reset").topic("crash-reset")
                .invisibility(Duration.ofMinutes(5)).build();
             io.tern.client.Admin admin = new io.tern.client.Admin(List.of(first[0]))) {
            assertThat(receiveAndAck(c, 20)).isEqualTo(sent);
            admin.resetGroup("g-reset", "crash-reset", new io.tern.client.Admin.Start()); // answered once journaled
            ackedAfterReset = receiveAndAck(c, 5);
        }
        brokers.kill(0); // checkpoints come every 5 s: this one, if it came, only folded the same records in

        String[] second = brokers.start();
        Set<MessageId> after = new HashSet<>();
        try (LeaseConsumer c = LeaseConsumer.builder().nameServers(second[0]).group("g-reset").topic("crash-reset")
                .invisibility(Duration.ofMinutes(5)).build()) {
            List<LeasedMessage> batch;
            while (!(batch = c.receive(64, Duration.ofMillis(500))).isEmpty()) {
                for (LeasedMessage m : batch) {
                    assertThat(after.add(m.message().id())).as("delivered twice after restart: %s", m.message().id()).isTrue();
                    c.ack(m);
                }
            }
        }
        Set<MessageId> expected = new HashSet<>(sent);
        expected.removeAll(ackedAfterReset);
        assertThat(after).as("the reset un-acked everything; only the acks after it stay").isEqualTo(expected);
    }
}
