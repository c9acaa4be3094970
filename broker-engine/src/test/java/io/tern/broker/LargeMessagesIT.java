package io.tern.broker;

import io.tern.client.Admin;
import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.client.TernClientException;
import io.tern.message.MessageId;
import io.tern.message.ReceivedMessage;
import io.tern.protocol.CommandCode;
import io.tern.protocol.FrameDescriptor;
import io.tern.protocol.PullRequest;
import io.tern.protocol.ResponseCode;
import io.tern.remoting.RemotingClient;
import io.tern.remoting.RemotingException;
import io.tern.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11, item 1: 8 messages of 4,000,000 bytes in a one-queue topic made a 32 MB pull answer, above the 16 MiB
 * frame limit, and the consumer never got one. Answers are bounded by bytes too; the largest message fits a frame
 * with its headers; a send above it is refused naming both limits; an answer a client cannot decode is said so.
 */
class LargeMessagesIT {
    static final int BODY = 4_000_000;
    static final int COUNT = 8;

    @TempDir
    Path dir;
    Cluster cluster;
    Producer producer;
    final List<AutoCloseable> toClose = new ArrayList<>();
    final List<MessageId> sent = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b.store(s -> s.segmentSize(64 << 20).flushMode(io.tern.store.FlushMode.ASYNC)));
        producer = Producer.builder().nameServers(cluster.nameServers()).build();
        try (Admin admin = new Admin(List.of(cluster.nameServers()))) {
            admin.createTopic("big", 1);
        }
        for (int i = 0; i < COUNT; i++) {
            byte[] body = new byte[BODY];
            Arrays.fill(body, (byte) i);
            sent.add(producer.send(OutgoingMessage.to("big").body(body).build()).id());
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

    @Test
    void aPullConsumerGetsEveryLargeMessageInOrder() throws InterruptedException {
        PullConsumer c = PullConsumer.builder().nameServers(cluster.nameServers()).group("g").topic("big")
                .from(PullConsumer.From.FIRST).build();
        toClose.add(c);
        List<ReceivedMessage> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            got.addAll(c.poll(Duration.ofMillis(200), COUNT));
            return got.size() >= COUNT;
        });
        assertThat(got).extracting(m -> m.message().id()).containsExactlyElementsOf(sent);
        assertThat(got.get(5).message().body()).hasSize(BODY).containsOnly((byte) 5);
    }

    @Test
    void aPullAnswerStopsBelowTheFrameLimitAndTakesAtLeastOneMessage() {
        RemotingClient raw = new RemotingClient("raw", FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 8, 8);
        toClose.add(raw);
        String broker = cluster.brokers.get(0).address();
        long offset = 0;
        List<Integer> perAnswer = new ArrayList<>();
        while (offset < COUNT) {
            PullRequest req = new PullRequest("g", "big", 0, offset, 32, 0, null, null);
            io.tern.protocol.Frame f = raw.invokeSync(broker, CommandCode.PULL, req.encode(), null, Duration.ofSeconds(10));
            assertThat(f.code()).isEqualTo(ResponseCode.OK);
            assertThat(f.length()).isLessThanOrEqualTo(FrameDescriptor.DEFAULT_MAX_FRAME_SIZE - FrameDescriptor.HEADROOM + 1024);
            int n = io.tern.protocol.MessageCodec.decodeReceived(f.body(), "b").size();
            assertThat(n).isPositive();
            perAnswer.add(n);
            offset = PullRequest.Result.decode(f.header()).nextOffset();
        }
        assertThat(perAnswer).containsExactly(4, 4); // 4 x 4,000,xxx bytes fit 16 MiB less the headroom, 5 do not
    }

    @Test
    void aLeaseConsumerGetsEveryLargeMessageInAnswersThatFitAFrame() {
        LeaseConsumer c = LeaseConsumer.builder().nameServers(cluster.nameServers()).group("lg").topic("big")
                .invisibility(Duration.ofSeconds(60)).build();
        toClose.add(c);
        List<LeasedMessage> got = new ArrayList<>();
        List<Integer> perAnswer = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<LeasedMessage> batch = c.receive(COUNT, Duration.ofMillis(500));
            if (!batch.isEmpty()) {
                perAnswer.add(batch.size());
            }
            batch.forEach(c::ack);
            got.addAll(batch);
            return got.size() >= COUNT;
        });
        assertThat(got).extracting(m -> m.message().id()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(perAnswer).allMatch(n -> n <= 4);
    }

    @Test
    void aSendAboveMaxMessageSizeIsRefusedNamingBothLimits() {
        byte[] body = new byte[StoreConfig.DEFAULT_MAX_MESSAGE_SIZE];
        assertThatThrownBy(() -> producer.send(OutgoingMessage.to("big").body(body).build())).isInstanceOf(TernClientException.class)
                .hasMessageContaining("maxMessageSize " + StoreConfig.DEFAULT_MAX_MESSAGE_SIZE)
                .hasMessageContaining("maxFrameSize " + FrameDescriptor.DEFAULT_MAX_FRAME_SIZE)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.INVALID_REQUEST));
        byte[] huge = new byte[FrameDescriptor.DEFAULT_MAX_FRAME_SIZE];
        assertThatThrownBy(() -> producer.send(OutgoingMessage.to("big").body(huge).build())).isInstanceOf(TernClientException.class)
                .hasMessageContaining("does not fit a frame").hasMessageContaining(Integer.toString(FrameDescriptor.DEFAULT_MAX_FRAME_SIZE))
                .hasMessageContaining("maxMessageSize");
        assertThatThrownBy(() -> BrokerConfig.builder(dir.resolve("x")).maxFrameSize(8 << 20).store(s -> s.maxMessageSize(8 << 20)).build())
                .hasMessageContaining("maxFrameSize").hasMessageContaining("maxMessageSize " + (8 << 20)).hasMessageContaining("headroom");
    }

    @Test
    void anAnswerAboveTheClientsFrameLimitFailsTheCallSayingWhy() {
        RemotingClient small = new RemotingClient("small", 1 << 20, Duration.ofSeconds(3), 8, 8); // 1 MiB: one message is 4 MB
        toClose.add(small);
        PullRequest req = new PullRequest("g", "big", 0, 0, 1, 0, null, null);
        assertThatThrownBy(() -> small.invokeSync(cluster.brokers.get(0).address(), CommandCode.PULL, req.encode(), null, Duration.ofSeconds(10)))
                .isInstanceOf(RemotingException.Undecodable.class).hasMessageContaining("could not be decoded")
                .hasMessageContaining("exceeds the maximum of " + (1 << 20));
    }
}
