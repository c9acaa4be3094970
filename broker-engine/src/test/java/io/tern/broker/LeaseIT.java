package io.tern.broker;

import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.SendResult;
import io.tern.client.TernClientException;
import io.tern.message.MessageId;
import io.tern.protocol.CommandCode;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.FrameDescriptor;
import io.tern.protocol.NackRequest;
import io.tern.protocol.ResponseCode;
import io.tern.remoting.RemotingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Lease-mode consumers against a real NameServer and broker over loopback. */
class LeaseIT {
    @TempDir
    Path dir;
    Cluster cluster;
    Producer producer;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b);
        producer = Producer.builder().nameServers(cluster.nameServers()).build();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        producer.close();
        cluster.close();
    }

    private LeaseConsumer consumer(String group, String topic, Duration invisibility) {
        LeaseConsumer c = LeaseConsumer.builder().nameServers(cluster.nameServers()).group(group).topic(topic)
                .invisibility(invisibility).build();
        toClose.add(c);
        return c;
    }

    private Set<MessageId> send(String topic, int n) {
        Set<MessageId> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            SendResult r = producer.send(OutgoingMessage.to(topic).tag(i % 2 == 0 ? "even" : "odd").body("m" + i).build());
            ids.add(r.id());
        }
        return ids;
    }

    private static LeasedMessage receiveOne(LeaseConsumer c) {
        List<LeasedMessage> got = c.receive(1, Duration.ofSeconds(5));
        assertThat(got).hasSize(1);
        return got.get(0);
    }

    @Test
    void eightConsumersOnFourQueuesGetEveryMessageOnceAndAckOutOfOrder() throws Exception {
        Set<MessageId> sent = send("work", 400);
        Map<MessageId, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> perConsumer = new ConcurrentHashMap<>();
        AtomicInteger acked = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                LeaseConsumer c = consumer("g-work", "work", Duration.ofSeconds(60));
                int me = i;
                running.add(pool.submit(() -> {
                    while (acked.get() < 400) {
                        List<LeasedMessage> batch = new ArrayList<>(c.receive(4, Duration.ofMillis(200)));
                        Collections.reverse(batch); // acks out of offset order
                        for (LeasedMessage m : batch) {
                            deliveries.computeIfAbsent(m.message().id(), k -> new AtomicInteger()).incrementAndGet();
                            perConsumer.computeIfAbsent(me, k -> new AtomicInteger()).incrementAndGet();
                            assertThat(m.deliveryCount()).isEqualTo(1);
                            c.ack(m);
                            acked.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(deliveries.keySet()).isEqualTo(sent);
        assertThat(deliveries.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(perConsumer).as("every consumer, though there are twice as many as queues, got work").hasSize(8);
        assertThat(consumer("g-work", "work", Duration.ofSeconds(60)).receive(10, Duration.ZERO)).isEmpty();
    }

    @Test
    void anExpiredLeaseIsRedeliveredWithItsCountIncrementedAndTheOldHandleIsRefused() {
        send("expiry", 1);
        LeaseConsumer c = consumer("g-expiry", "expiry", Duration.ofMillis(300));
        LeasedMessage first = receiveOne(c);
        assertThat(first.deliveryCount()).isEqualTo(1);
        assertThat(first.redelivered()).isFalse();
        List<LeasedMessage> again = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            again.addAll(c.receive(1, Duration.ofSeconds(2))); // held until the lease expires
            return !again.isEmpty();
        });
        LeasedMessage second = again.get(0);
        assertThat(second.message().id()).isEqualTo(first.message().id());
        assertThat(second.deliveryCount()).isEqualTo(2);
        assertThat(second.redelivered()).isTrue();
        assertThatThrownBy(() -> c.ack(first)).isInstanceOf(TernClientException.class)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.LEASE_EXPIRED))
                .hasMessageContaining("no longer holds the lease");
        c.changeInvisibility(second, Duration.ofSeconds(60));
        c.ack(second);
        assertThatThrownBy(() -> c.ack(second)).hasMessageContaining("already acknowledged");
    }

    @Test
    void nackRedeliversAtOnceAndShorteningTheLeaseToZeroToo() {
        send("nack", 1);
        LeaseConsumer c = consumer("g-nack", "nack", Duration.ofSeconds(60));
        LeasedMessage m = receiveOne(c);
        c.nack(m, Duration.ZERO);
        LeasedMessage m2 = receiveOne(c);
        assertThat(m2.message().id()).isEqualTo(m.message().id());
        assertThat(m2.deliveryCount()).isEqualTo(2);
        c.changeInvisibility(m2, Duration.ZERO);
        LeasedMessage m3 = receiveOne(c);
        assertThat(m3.deliveryCount()).isEqualTo(3);
        c.nack(m3, Duration.ofMillis(200)); // parked, then ready: the held receive is woken by the parked lease's deadline
        LeasedMessage m4 = receiveOne(c);
        assertThat(m4.deliveryCount()).isEqualTo(4);
        c.ack(m4);
    }

    @Test
    void aNackWithoutDelayParksTheMessageForTheBrokersBackOffAndBadDelaysAreRefused() {
        send("nack-series", 1);
        LeaseConsumer c = consumer("g-series", "nack-series", Duration.ofSeconds(60));
        LeasedMessage m = receiveOne(c);
        c.nack(m); // the default series starts at 10 s: parked, not ready
        assertThat(c.receive(1, Duration.ZERO)).isEmpty();
        assertThatThrownBy(() -> c.nack(m, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");

        send("nack-bad", 1);
        LeaseConsumer d = consumer("g-bad-delay", "nack-bad", Duration.ofSeconds(60));
        LeasedMessage held = receiveOne(d);
        try (RemotingClient raw = new RemotingClient("t", FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 8, 8)) {
            for (long delay : new long[] {-2, Duration.ofHours(13).toMillis()}) {
                Frame f = raw.invokeSync(cluster.brokers.get(0).address(), CommandCode.NACK,
                        new NackRequest("g-bad-delay", "nack-bad", held.receiptHandle(), delay).encode(), null, Duration.ofSeconds(3));
                assertThat(f.code()).isEqualTo(ResponseCode.INVALID_REQUEST);
                assertThat(ErrorHeader.decode(f.header()).message()).contains("redeliverDelayMillis " + delay, "or -1 for the broker's back-off");
            }
        }
        d.ack(held); // the refused nacks changed nothing: the lease still holds
    }

    @Test
    void tagFilteredMessagesNeverCrossTheNetwork() {
        send("tags", 20);
        LeaseConsumer c = consumer("g-tags", "tags", Duration.ofSeconds(60));
        List<LeasedMessage> got = c.receive(100, Duration.ofSeconds(1));
        assertThat(got).isNotEmpty();
        LeaseConsumer odd = LeaseConsumer.builder().nameServers(cluster.nameServers()).group("g-odd").topic("tags").tags("odd").build();
        toClose.add(odd);
        List<LeasedMessage> odds = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            odds.addAll(odd.receive(100, Duration.ofMillis(200)));
            return odds.size() >= 10;
        });
        assertThat(odds).hasSize(10).allMatch(m -> "odd".equals(m.message().tag()));
    }

    private LeaseConsumer selecting(String group, String topic, String selector) {
        LeaseConsumer c = LeaseConsumer.builder().nameServers(cluster.nameServers()).group(group).topic(topic)
                .selector(selector).invisibility(Duration.ofSeconds(60)).build();
        toClose.add(c);
        return c;
    }

    private Map<MessageId, Integer> sendColours(String topic, int n) {
        Map<MessageId, Integer> ids = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String colour = i % 3 == 0 ? "red" : i % 3 == 1 ? "blue" : "green";
            ids.put(producer.send(OutgoingMessage.to(topic).property("colour", colour).property("i", i).body("m" + i).build()).id(), i);
        }
        return ids;
    }

    private static List<Integer> drain(LeaseConsumer c, Map<MessageId, Integer> sent, int want) {
        return LeaseDrain.drain(c, sent, want, 5);
    }

    @Test
    void receiversOfOneGroupWithComplementarySelectorsEachGetExactlyTheirMessages() {
        Map<MessageId, Integer> sent = sendColours("colours", 30);
        LeaseConsumer red = selecting("g-colours", "colours", "colour = 'red'");
        LeaseConsumer notRed = selecting("g-colours", "colours", "colour <> 'red'");
        List<Integer> reds = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> { // interleaved, so each one's receives pass the other's messages
            for (LeasedMessage m : red.receive(3, Duration.ofMillis(100))) {
                reds.add(sent.get(m.message().id()));
                red.ack(m);
            }
            for (LeasedMessage m : notRed.receive(3, Duration.ofMillis(100))) {
                others.add(sent.get(m.message().id()));
                notRed.ack(m);
            }
            return reds.size() + others.size() >= 30;
        });
        assertThat(red.receive(10, Duration.ofMillis(300))).isEmpty();
        assertThat(notRed.receive(10, Duration.ofMillis(300))).isEmpty();
        assertThat(reds).containsExactlyInAnyOrder(0, 3, 6, 9, 12, 15, 18, 21, 24, 27);
        assertThat(others).hasSize(20).allMatch(i -> i % 3 != 0).doesNotHaveDuplicates();
    }

    @Test
    void aMessageNoReceiverSelectsStaysForALaterReceiverThatSelectsIt() {
        Map<MessageId, Integer> sent = sendColours("stays", 12);
        List<Integer> blue = drain(selecting("g-stays", "stays", "colour = 'blue'"), sent, 4);
        assertThat(blue).containsExactlyInAnyOrder(1, 4, 7, 10);
        List<Integer> red = drain(selecting("g-stays", "stays", "colour = 'red'"), sent, 4);
        assertThat(red).containsExactlyInAnyOrder(0, 3, 6, 9);
        LeaseConsumer late = selecting("g-stays", "stays", "colour = 'green'");
        List<Integer> green = drain(late, sent, 4);
        assertThat(green).as("never acked for the group while nobody selected them").containsExactlyInAnyOrder(2, 5, 8, 11);
        assertThat(consumer("g-stays", "stays", Duration.ofSeconds(60)).receive(10, Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void aLongPolledReceiveIsAnsweredPromptlyAfterASend() throws Exception {
        send("poll", 1);
        LeaseConsumer c = consumer("g-poll", "poll", Duration.ofSeconds(60));
        c.ack(receiveOne(c));
        CompletableFuture<List<LeasedMessage>> held = CompletableFuture.supplyAsync(() -> c.receive(1, Duration.ofSeconds(30)));
        long start = System.nanoTime();
        MessageId id = send("poll", 1).iterator().next();
        List<LeasedMessage> got = held.get(20, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(got).singleElement().satisfies(m -> assertThat(m.message().id()).isEqualTo(id));
        assertThat(millis).as("answered by the send, far sooner than the 30 s hold").isLessThan(10_000);
    }

    @Test
    void badRequestsGetClearErrors() {
        send("bad", 1);
        LeaseConsumer c = consumer("g-bad", "bad", Duration.ofSeconds(60));
        LeasedMessage m = receiveOne(c);
        LeasedMessage forged = new LeasedMessage(m.received(), "not-a-handle", 1);
        assertThatThrownBy(() -> c.ack(forged)).isInstanceOf(TernClientException.class).hasMessageContaining("not-a-handle")
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.INVALID_REQUEST));
        LeaseConsumer stranger = consumer("g-other", "bad", Duration.ofSeconds(60));
        assertThatThrownBy(() -> stranger.ack(m)).isInstanceOf(TernClientException.class)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.LEASE_EXPIRED));
        assertThatThrownBy(() -> LeaseConsumer.builder().nameServers(cluster.nameServers()).group("g").topic("never-made").build())
                .isInstanceOf(TernClientException.class);
        c.ack(m);
    }
}
