package io.tern.broker;

import io.tern.client.Admin;
import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.client.PushConsumer;
import io.tern.message.MessageId;
import io.tern.message.ReceivedMessage;
import io.tern.protocol.CommandCode;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.FrameDescriptor;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.RetryTopics;
import io.tern.protocol.SendBackRequest;
import io.tern.remoting.RemotingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Retry topics and dead-letter queues end to end: push listeners, lease nacks and expiry, resend, bad send-backs. */
class RetryIT {
    private static final int MAX_DELIVERIES = 3;

    @TempDir
    Path dir;
    Cluster cluster;
    Producer producer;
    Admin admin;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b.maxDeliveries(MAX_DELIVERIES)
                .retryBackoff(List.of(Duration.ofMillis(100), Duration.ofMillis(200))));
        producer = Producer.builder().nameServers(cluster.nameServers()).build();
        admin = new Admin(List.of(cluster.nameServers()));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        admin.close();
        producer.close();
        cluster.close();
    }

    @Test
    void failingPushListenerRetriesThenDeadLettersWithIdPropertiesAndCount() {
        List<MessageId> good = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            good.add(producer.send(OutgoingMessage.to("orders").body("ok" + i).build()).id());
        }
        MessageId poison = producer.send(OutgoingMessage.to("orders").tag("bad").key("k1").property("region", "eu").body("poison").build()).id();
        Set<MessageId> processed = ConcurrentHashMap.newKeySet();
        List<Integer> poisonDeliveries = new CopyOnWriteArrayList<>();
        List<String> poisonTopics = new CopyOnWriteArrayList<>();
        PushConsumer push = PushConsumer.builder().nameServers(cluster.nameServers()).group("g-push").topic("orders")
                .from(PullConsumer.From.FIRST).concurrency(2).pull(p -> p.autoCommitInterval(Duration.ofMillis(100)))
                .listener(m -> {
                    if (m.message().id().equals(poison)) {
                        poisonDeliveries.add(m.deliveryCount());
                        poisonTopics.add(m.message().topic());
                        throw new IllegalStateException("cannot handle " + m.message().id());
                    }
                    processed.add(m.message().id());
                }).build();
        toClose.add(push);

        await().atMost(Duration.ofSeconds(20)).until(() -> admin.deadLetters("g-push", 10).size() == 1);
        assertThat(processed).containsExactlyInAnyOrderElementsOf(good); // the others flowed meanwhile
        assertThat(poisonDeliveries).containsExactly(1, 2, 3);
        assertThat(poisonTopics).containsOnly("orders"); // retries reach the listener under their original topic
        ReceivedMessage dead = admin.deadLetters("g-push", 10).get(0);
        assertThat(dead.message().id()).isEqualTo(poison);
        assertThat(dead.message().topic()).isEqualTo(RetryTopics.deadLetterTopic("g-push"));
        assertThat(dead.message().tag()).isEqualTo("bad");
        assertThat(dead.message().keys()).containsExactly("k1");
        assertThat(dead.message().properties().get("region")).isEqualTo("eu");
        assertThat(dead.message().properties().get(RetryTopics.ORIGIN_TOPIC)).isEqualTo("orders");
        assertThat(dead.message().properties().get(RetryTopics.DELIVERY_COUNT)).isEqualTo(MAX_DELIVERIES);
        assertThat(dead.message().properties().get(RetryTopics.DUE_AT)).isNull();
        assertThat(admin.browse(RetryTopics.retryTopic("g-push"), 10)).hasSize(MAX_DELIVERIES - 1); // retries are browsable too
    }

    @Test
    void leaseNacksAndExpiriesDeadLetterAfterMaxDeliveries() {
        MessageId nacked = producer.send(OutgoingMessage.to("jobs").body("nacked").build()).id();
        LeaseConsumer c = LeaseConsumer.builder().nameServers(cluster.nameServers()).group("g-lease").topic("jobs")
                .invisibility(Duration.ofMillis(300)).build();
        toClose.add(c);
        for (int delivery = 1; delivery <= MAX_DELIVERIES; delivery++) {
            LeasedMessage m = receiveOne(c);
            assertThat(m.message().id()).isEqualTo(nacked);
            assertThat(m.deliveryCount()).isEqualTo(delivery);
            c.nack(m, Duration.ZERO);
        }
        // moved at the last nack; the DLQ's consume queue shows it once dispatched, a moment after the nack's answer
        List<ReceivedMessage> dead = await().atMost(Duration.ofSeconds(10)).until(() -> admin.deadLetters("g-lease", 10), l -> !l.isEmpty());
        assertThat(dead).extracting(r -> r.message().id()).containsExactly(nacked);
        assertThat(dead.get(0).message().properties().get(RetryTopics.DELIVERY_COUNT)).isEqualTo(MAX_DELIVERIES);

        MessageId expired = producer.send(OutgoingMessage.to("jobs").body("expired").build()).id();
        for (int delivery = 1; delivery <= MAX_DELIVERIES; delivery++) {
            LeasedMessage m = receiveOne(c); // not acked: its lease expires
            assertThat(m.message().id()).isEqualTo(expired);
            assertThat(m.deliveryCount()).isEqualTo(delivery);
        }
        assertThat(c.receive(1, Duration.ofSeconds(1))).isEmpty(); // the expiry of the last lease moves it instead
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.deadLetters("g-lease", 10)).extracting(r -> r.message().id()).containsExactly(nacked, expired));
    }

    @Test
    void leaseNacksWithoutDelayComeBackAfterTheSeriesAndDeadLetterAtTheEnd() {
        MessageId id = producer.send(OutgoingMessage.to("series").body("x").build()).id();
        LeaseConsumer c = LeaseConsumer.builder().nameServers(cluster.nameServers()).group("g-series").topic("series")
                .invisibility(Duration.ofSeconds(60)).build();
        toClose.add(c);
        for (int delivery = 1; delivery <= MAX_DELIVERIES; delivery++) {
            LeasedMessage m = receiveOne(c); // after 100 ms, then 200 ms
            assertThat(m.message().id()).isEqualTo(id);
            assertThat(m.deliveryCount()).isEqualTo(delivery);
            c.nack(m);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.deadLetters("g-series", 10)).extracting(r -> r.message().id()).containsExactly(id));
    }

    @Test
    void resendFromDeadLetterQueueBringsTheSameIdBackToItsTopic() throws Exception {
        MessageId id = producer.send(OutgoingMessage.to("jobs2").property("p", 7).body("again").build()).id();
        LeaseConsumer c = LeaseConsumer.builder().nameServers(cluster.nameServers()).group("g-resend").topic("jobs2")
                .invisibility(Duration.ofSeconds(30)).build();
        toClose.add(c);
        for (int delivery = 1; delivery <= MAX_DELIVERIES; delivery++) {
            c.nack(receiveOne(c), Duration.ZERO);
        }
        // the DLQ is an ordinary topic: tern consume reads it once it is routable and the copy is dispatched
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> admin.deadLetters("g-resend", 10).size() == 1);
        Path ids = dir.resolve("dlq-ids");
        assertThat(io.tern.cli.Tern.run("consume", "--namesrv", cluster.nameServers(), "--topic", RetryTopics.deadLetterTopic("g-resend"),
                "--group", "dlq-reader", "--from", "first", "--count", "1", "--wait", "5", "--quiet", "--ids-out", ids.toString())).isZero();
        assertThat(Files.readAllLines(ids)).containsExactly(id.toString());

        assertThat(io.tern.cli.Tern.run("admin", "dlq", "resend", "--namesrv", cluster.nameServers(), "--group", "g-resend",
                "--id", id.toString())).isZero();
        LeasedMessage back = receiveOne(c);
        assertThat(back.message().id()).isEqualTo(id);
        assertThat(back.message().topic()).isEqualTo("jobs2");
        assertThat(back.message().properties().get("p")).isEqualTo(7);
        assertThat(back.message().properties().get(RetryTopics.DELIVERY_COUNT)).isNull();
        assertThat(back.deliveryCount()).isEqualTo(1); // a fresh start
        c.ack(back);
        assertThat(io.tern.cli.Tern.run("admin", "dlq", "list", "--namesrv", cluster.nameServers(), "--group", "g-resend")).isZero();
    }

    @Test
    void sendBackOfAnUnknownOffsetIsRefusedWithTheReason() {
        producer.send(OutgoingMessage.to("known").body("x").build());
        try (RemotingClient client = new RemotingClient("t", FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 8, 8)) {
            String broker = cluster.brokers.get(0).address();
            Frame f = client.invokeSync(broker, CommandCode.CONSUMER_SEND_BACK,
                    new SendBackRequest("g", "known", 0, 999, 1, -1).encode(), null, Duration.ofSeconds(3));
            assertThat(f.code()).isEqualTo(ResponseCode.INVALID_REQUEST);
            assertThat(ErrorHeader.decode(f.header()).message()).contains("no message is stored at known/0 offset 999");
            Frame g = client.invokeSync(broker, CommandCode.CONSUMER_SEND_BACK,
                    new SendBackRequest("g", "no-such-topic", 0, 0, 1, -1).encode(), null, Duration.ofSeconds(3));
            assertThat(g.code()).isEqualTo(ResponseCode.INVALID_REQUEST);
            Frame h = client.invokeSync(broker, CommandCode.CONSUMER_SEND_BACK,
                    new SendBackRequest("g", "known", 0, 0, 0, -1).encode(), null, Duration.ofSeconds(3));
            assertThat(ErrorHeader.decode(h.header()).message()).contains("deliveryCount 0 must be at least 1");
        }
    }

    /**
     * A dead-letter copy the store refuses (here: the disk is over its ceiling) must not lose the message: it stays
     * with the group and is moved once the store takes it, by the nack of its last delivery and by the expiry of its
     * last lease alike (issue 11, item 4).
     */
    @Test
    void aDeadLetterCopyTheStoreRefusesLeavesTheMessageWithTheGroupUntilItIsMoved() {
        java.util.concurrent.atomic.AtomicReference<Double> disk = new java.util.concurrent.atomic.AtomicReference<>(0.10);
        cluster.close();
        cluster = new Cluster(dir.resolve("full"));
        cluster.startBroker("broker-a", b -> b.maxDeliveries(MAX_DELIVERIES).retryBackoff(List.of(Duration.ofMillis(100)))
                .store(s -> s.diskSpace(disk::get)));
        producer.close();
        admin.close();
        producer = Producer.builder().nameServers(cluster.nameServers()).build();
        admin = new Admin(List.of(cluster.nameServers()));
        MessageId nacked = producer.send(OutgoingMessage.to("fragile").body("nacked").build()).id();
        LeaseConsumer c = LeaseConsumer.builder().nameServers(cluster.nameServers()).group("g-full").topic("fragile")
                .invisibility(Duration.ofMillis(300)).build();
        toClose.add(c);
        for (int delivery = 1; delivery < MAX_DELIVERIES; delivery++) {
            c.nack(receiveOne(c), Duration.ZERO);
        }
        LeasedMessage last = receiveOne(c);
        fillDisk(disk);
        assertThatThrownBy(() -> c.nack(last, Duration.ZERO)).hasMessageContaining("moving it to the dead-letter queue failed")
                .hasMessageContaining("stays with group g-full");
        disk.set(0.10);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(c.receive(1, Duration.ofMillis(200))).as("moved, not delivered again").isEmpty();
            assertThat(admin.deadLetters("g-full", 10)).extracting(r -> r.message().id()).containsExactly(nacked);
        });

        MessageId expired = producer.send(OutgoingMessage.to("fragile").body("expired").build()).id();
        for (int delivery = 1; delivery <= MAX_DELIVERIES; delivery++) {
            assertThat(receiveOne(c).message().id()).isEqualTo(expired); // not acked: its lease expires
        }
        fillDisk(disk);
        assertThat(c.receive(1, Duration.ofSeconds(1))).as("its move fails: the receive hands out nothing").isEmpty();
        disk.set(0.10);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            c.receive(1, Duration.ofMillis(200));
            assertThat(admin.deadLetters("g-full", 10)).extracting(r -> r.message().id()).containsExactly(nacked, expired);
        });
    }

    /** The store looks at the disk every 100 ms: a full disk counts once a send is refused for it. */
    private void fillDisk(java.util.concurrent.atomic.AtomicReference<Double> disk) {
        disk.set(0.99);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try {
                producer.send(OutgoingMessage.to("probe").body("p").build());
                return false;
            } catch (RuntimeException e) {
                return String.valueOf(e.getMessage()).contains("diskUsageCeiling");
            }
        });
    }

    private static LeasedMessage receiveOne(LeaseConsumer c) {
        List<LeasedMessage> got = c.receive(1, Duration.ofSeconds(5));
        assertThat(got).hasSize(1);
        return got.get(0);
    }
}
