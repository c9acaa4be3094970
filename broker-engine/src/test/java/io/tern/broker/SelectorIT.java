package io.tern.broker;

import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.message.MessageId;
import io.tern.message.ReceivedMessage;
import io.tern.protocol.CommandCode;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.FrameDescriptor;
import io.tern.protocol.MessageCodec;
import io.tern.protocol.PullRequest;
import io.tern.protocol.ResponseCode;
import io.tern.remoting.RemotingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** JMS selectors evaluated on the broker: only matching messages cross the network; offsets move past the rest. */
class SelectorIT {
    private static final int COUNT = 40;

    @TempDir
    Path dir;
    Cluster cluster;
    Producer producer;
    final List<AutoCloseable> toClose = new ArrayList<>();
    /** Message id to its index i, for every message sent. */
    final Map<MessageId, Integer> sent = new HashMap<>();

    @BeforeEach
    void start() {
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b);
        producer = Producer.builder().nameServers(cluster.nameServers()).build();
        for (int i = 0; i < COUNT; i++) {
            OutgoingMessage m = OutgoingMessage.to("orders").tag(i % 2 == 0 ? "even" : "odd").property("i", i)
                    .property("region", i % 4 == 0 ? "eu" : "us").property("amount", i * 1.5).body("m" + i).build();
            sent.put(producer.send(m).id(), i);
        }
        cluster.awaitDispatched();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        producer.close();
        cluster.close();
    }

    private Set<Integer> expected(IntPredicate p) {
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < COUNT; i++) {
            if (p.test(i)) {
                out.add(i);
            }
        }
        return out;
    }

    /** Polls until {@code want} messages arrived, then once more, and returns their indexes (duplicates kept). */
    private List<Integer> pullAll(String selector, int want) throws InterruptedException {
        PullConsumer c = PullConsumer.builder().nameServers(cluster.nameServers()).group("g-" + Math.abs(selector.hashCode()))
                .topic("orders").selector(selector).from(PullConsumer.From.FIRST).rebalanceInterval(Duration.ofMillis(300)).build();
        toClose.add(c);
        List<Integer> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ReceivedMessage m : c.poll(Duration.ofMillis(100), 500)) {
                got.add(sent.get(m.message().id()));
            }
            return got.size() >= want;
        });
        for (ReceivedMessage m : c.poll(Duration.ofMillis(300), 500)) {
            got.add(sent.get(m.message().id())); // anything more would be a message the selector should have kept back
        }
        return got;
    }

    @Test
    void aPullConsumerGetsExactlyTheMatchingMessages() throws InterruptedException {
        Set<Integer> want = expected(i -> i % 4 == 0 && i >= 10 && i * 1.5 < 50);
        List<Integer> got = pullAll("region = 'eu' AND i >= 10 AND amount < 50", want.size());
        assertThat(got).containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void aTagOnlySelectorFiltersByTag() throws InterruptedException {
        List<Integer> got = pullAll("JMSType IN ('odd')", COUNT / 2);
        assertThat(got).containsExactlyInAnyOrderElementsOf(expected(i -> i % 2 == 1));
    }

    @Test
    void aSelectorAndTagsTogetherTakeTheIntersection() {
        PullConsumer c = PullConsumer.builder().nameServers(cluster.nameServers()).group("g-both").topic("orders").tags("even")
                .selector("i < 10 OR missing IS NOT NULL").from(PullConsumer.From.FIRST).build();
        toClose.add(c);
        Set<Integer> got = new HashSet<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            c.poll(Duration.ofMillis(100), 500).forEach(m -> got.add(sent.get(m.message().id())));
            return got.size() >= 5;
        });
        assertThat(got).isEqualTo(expected(i -> i % 2 == 0 && i < 10));
    }

    /** Over the wire: a pull whose selector matches nothing returns no bytes of messages and moves to the queue's end. */
    @Test
    void skippedMessagesNeverCrossTheNetworkAndAdvanceTheOffset() {
        try (RemotingClient raw = new RemotingClient("raw", FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 16, 16)) {
            String broker = cluster.brokers.get(0).address();
            int matched = 0;
            for (int q = 0; ; q++) {
                Frame f = pull(raw, broker, q, "i >= 38");
                if (f.code() != ResponseCode.OK) {
                    assertThat(q).as("the topic's queues were all read").isPositive();
                    break;
                }
                PullRequest.Result r = PullRequest.Result.decode(f.header());
                assertThat(r.nextOffset()).as("queue " + q + " read to its end").isEqualTo(r.maxOffset());
                List<ReceivedMessage> msgs = MessageCodec.decodeReceived(f.body(), "broker-a");
                assertThat(msgs).allSatisfy(m -> assertThat((Integer) m.message().properties().get("i")).isGreaterThanOrEqualTo(38));
                matched += msgs.size();
            }
            assertThat(matched).isEqualTo(2);
        }
    }

    @Test
    void aBadSelectorIsRefusedWithItsPositionAndReason() {
        try (RemotingClient raw = new RemotingClient("raw", FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 16, 16)) {
            Frame f = pull(raw, cluster.brokers.get(0).address(), 0, "i >= AND");
            assertThat(f.code()).isEqualTo(ResponseCode.INVALID_REQUEST);
            assertThat(ErrorHeader.decode(f.header()).message())
                    .isEqualTo("invalid selector \"i >= AND\": at position 5: expected an operand after '>=', found AND");
        }
        assertThatThrownBy(() -> PullConsumer.builder().nameServers(cluster.nameServers()).group("g").topic("orders")
                .selector("region = 'eu").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at position 9: unterminated string literal");
        assertThatThrownBy(() -> LeaseConsumer.builder().nameServers(cluster.nameServers()).group("g").topic("orders")
                .selector("i IN (1)").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at position 6: expected a string literal in the IN list");
    }

    private static Frame pull(RemotingClient raw, String broker, int queue, String selector) {
        byte[] header = new PullRequest("g-raw", "orders", queue, 0, PullRequest.MAX_MESSAGES, 0, null, selector).encode();
        return raw.invokeSync(broker, CommandCode.PULL, header, null, Duration.ofSeconds(5));
    }

    @Test
    void aLeaseConsumerGetsExactlyTheMatchingMessages() {
        LeaseConsumer c = LeaseConsumer.builder().nameServers(cluster.nameServers()).group("g-lease").topic("orders")
                .selector("i BETWEEN 5 AND 9 AND NOT region = 'eu'").build();
        toClose.add(c);
        Set<Integer> want = expected(i -> i >= 5 && i <= 9 && i % 4 != 0);
        List<Integer> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (LeasedMessage m : c.receive(100, Duration.ofMillis(200))) {
                got.add(sent.get(m.message().id()));
                c.ack(m);
            }
            return got.size() >= want.size();
        });
        assertThat(c.receive(100, Duration.ofMillis(300))).isEmpty();
        assertThat(got).containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void aSelectorNestedBeyondTheBoundIsRefusedByTheBrokerNamingTheLimitAndTheBrokerGoesOn() {
        io.tern.remoting.RemotingClient raw = new io.tern.remoting.RemotingClient("raw", io.tern.protocol.FrameDescriptor.DEFAULT_MAX_FRAME_SIZE,
                Duration.ofSeconds(3), 8, 8);
        toClose.add(raw);
        String broker = cluster.brokers.get(0).address();
        String deep = "(".repeat(5000) + "i = 1" + ")".repeat(5000); // overflowed the parser's stack before the bound
        for (int i = 0; i < 3; i++) { // a handler thread that died would leave later calls unanswered
            byte[] receive = new io.tern.protocol.ReceiveRequest("g-deep", "orders", 1, 30_000, 0, null, deep).encode();
            io.tern.protocol.Frame f = raw.invokeSync(broker, io.tern.protocol.CommandCode.RECEIVE, receive, null, Duration.ofSeconds(5));
            assertThat(f.code()).isEqualTo(io.tern.protocol.ResponseCode.INVALID_REQUEST);
            assertThat(io.tern.protocol.ErrorHeader.decode(f.header()).message()).contains("more than 100 deep");
            byte[] pull = new io.tern.protocol.PullRequest("g-deep", "orders", 0, 0, 1, 0, null, deep).encode();
            io.tern.protocol.Frame p = raw.invokeSync(broker, io.tern.protocol.CommandCode.PULL, pull, null, Duration.ofSeconds(5));
            assertThat(p.code()).isEqualTo(io.tern.protocol.ResponseCode.INVALID_REQUEST);
        }
        LeaseConsumer c = LeaseConsumer.builder().nameServers(cluster.nameServers()).group("g-after").topic("orders").selector("i = 3").build();
        toClose.add(c);
        await().atMost(Duration.ofSeconds(20)).until(() -> !c.receive(1, Duration.ofMillis(200)).isEmpty());
    }
}
