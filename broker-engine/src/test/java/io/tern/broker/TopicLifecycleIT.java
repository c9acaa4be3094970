package io.tern.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tern.client.Admin;
import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.TernClientException;
import io.tern.message.Message;
import io.tern.message.MessageId;
import io.tern.protocol.CommandCode;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.FrameDescriptor;
import io.tern.protocol.FrameEncoder;
import io.tern.protocol.Handshake;
import io.tern.protocol.Headers;
import io.tern.protocol.MessageCodec;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.SendRequest;
import io.tern.protocol.TopicConfig;
import io.tern.remoting.RemotingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * DELETE_TOPIC and connection-owned topics (CREATE_OWNED_TOPIC) over real sockets: what goes (table line, consume
 * queue files, groups, routes), refused sends, a restart, an owner that closes, one whose socket is killed.
 */
class TopicLifecycleIT {
    @TempDir
    Path dir;
    Cluster cluster;
    Producer producer;
    Admin admin;
    RemotingClient raw;
    final List<LeaseConsumer> toClose = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b);
        producer = Producer.builder().nameServers(cluster.nameServers()).build();
        admin = new Admin(List.of(cluster.nameServers()));
        raw = new RemotingClient("raw", FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 16, 16);
    }

    @AfterEach
    void stop() {
        toClose.forEach(LeaseConsumer::close);
        raw.close();
        admin.close();
        producer.close();
        cluster.close();
    }

    private Broker broker() {
        return cluster.brokers.get(0);
    }

    private void restart() {
        cluster.brokers.remove(0).close();
        cluster.startBroker("broker-a", b -> b);
    }

    private List<MessageId> send(String topic, int n) {
        List<MessageId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(producer.send(OutgoingMessage.to(topic).body("m" + i).build()).id());
        }
        cluster.awaitDispatched();
        return ids;
    }

    /** A send straight to the broker (no route cache): the broker's own answer. */
    private Frame sendDirect(String topic) {
        Message m = new Message(new MessageId(1, System.nanoTime()), topic, 0, System.currentTimeMillis(), 0, null, List.of(),
                io.tern.message.Properties.builder().build(), "x".getBytes());
        byte[] header = new SendRequest(null, topic, 0).encode();
        return raw.invokeSync(broker().address(), CommandCode.SEND, header, MessageCodec.encode(m), Duration.ofSeconds(3));
    }

    private LeaseConsumer consumer(String group, String topic) {
        LeaseConsumer c = LeaseConsumer.builder().nameServers(cluster.nameServers()).group(group).topic(topic).build();
        toClose.add(c);
        return c;
    }

    private static List<LeasedMessage> receive(LeaseConsumer c, int n) {
        List<LeasedMessage> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            got.addAll(c.receive(n - got.size(), Duration.ofMillis(500)));
            return got.size() >= n;
        });
        return got;
    }

    private boolean listed(String topic) {
        return admin.listTopics().stream().anyMatch(t -> t.name().equals(topic));
    }

    private Path queueDir(String topic) {
        return broker().config().store().dataDir().resolve("consumequeue").resolve(topic);
    }

    @Test
    void aDeletedTopicLosesItsQueuesGroupsAndRouteAndSendsToItAreRefusedUntilItIsCreatedAgain() {
        admin.createTopic("dt", 2);
        send("dt", 4);
        LeaseConsumer c = consumer("g-dt", "dt");
        receive(c, 4).forEach(c::ack);
        assertThat(queueDir("dt")).isDirectory();

        admin.deleteTopic("dt");

        assertThat(listed("dt")).isFalse();
        assertThat(queueDir("dt")).doesNotExist();
        assertThat(broker().store().maxOffset("dt", 0) + broker().store().maxOffset("dt", 1)).isZero();
        Frame refused = sendDirect("dt");
        assertThat(refused.code()).isEqualTo(ResponseCode.TOPIC_DELETED);
        assertThat(ErrorHeader.decode(refused.header()).message()).contains("topic dt was deleted");
        assertThatThrownBy(() -> admin.describeGroup("g-dt", "dt")).isInstanceOf(TernClientException.class);
        assertThatThrownBy(() -> admin.deleteTopic("dt")).isInstanceOf(TernClientException.class)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.TOPIC_NOT_FOUND));

        admin.createTopic("dt", 1);
        List<MessageId> fresh = send("dt", 1);
        LeaseConsumer again = consumer("g-dt", "dt");
        assertThat(receive(again, 1)).singleElement().satisfies(m -> {
            assertThat(m.message().id()).isEqualTo(fresh.get(0));
            assertThat(m.deliveryCount()).isEqualTo(1);
        });
    }

    @Test
    void aDeletedTopicStaysDeletedAfterARestart() {
        admin.createTopic("dr", 1);
        send("dr", 3);
        admin.deleteTopic("dr");

        restart();

        assertThat(listed("dr")).isFalse();
        assertThat(queueDir("dr")).doesNotExist();
        assertThat(broker().store().maxOffset("dr", 0)).isZero();
        assertThat(sendDirect("dr").code()).isEqualTo(ResponseCode.TOPIC_DELETED);
    }

    @Test
    void anUnknownTemporaryTopicIsNeverAutoCreated() {
        Frame f = sendDirect("TMPQ.nobody");
        assertThat(f.code()).isEqualTo(ResponseCode.TOPIC_NOT_FOUND);
        assertThat(ErrorHeader.decode(f.header()).message()).contains("never auto-created");
        assertThat(listed("TMPQ.nobody")).isFalse();
    }

    @Test
    // names without dots until slice eng-names lets topic names hold them (TMPQ.<uuid> then works the same)
    void anOwnedTopicIsDeletedWhenItsConnectionClosesAndAtARestartIfTheBrokerStoppedFirst() throws Exception {
        Admin owner = new Admin(List.of(cluster.nameServers()));
        owner.createOwnedTopic("owned-a", 1);
        send("owned-a", 2);
        assertThat(listed("owned-a")).isTrue();
        assertThatThrownBy(() -> admin.createOwnedTopic("owned-a", 1)).isInstanceOf(TernClientException.class)
                .hasMessageContaining("owned by another connection");

        owner.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> !listed("owned-a"));
        assertThat(sendDirect("owned-a").code()).isEqualTo(ResponseCode.TOPIC_DELETED);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(queueDir("owned-a")));

        try (Admin survivor = new Admin(List.of(cluster.nameServers()))) {
            survivor.createOwnedTopic("owned-b", 1);
            send("owned-b", 1);
            restart(); // the owner's connection is still open when the broker stops
            assertThat(listed("owned-b")).isFalse();
            assertThat(queueDir("owned-b")).doesNotExist();
        }
    }

    @Test
    void anOwnedTopicIsDeletedWhenItsOwnersSocketIsKilled() throws Exception {
        String address = broker().address();
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        Socket s = new Socket("127.0.0.1", port);
        OutputStream out = s.getOutputStream();
        out.write(bytes(Frame.request(CommandCode.HANDSHAKE, 1, new Handshake(Handshake.PROTOCOL_VERSION, "crasher").encode(), null)));
        Headers.Writer w = Headers.writer();
        TopicConfig.of("owned-killed", 1).writeTo(w);
        out.write(bytes(Frame.request(CommandCode.CREATE_OWNED_TOPIC, 2, w.toBytes(), null)));
        out.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker().registration().topics().stream().anyMatch(t -> t.name().equals("owned-killed")));

        s.setSoLinger(true, 0); // close with a reset: what the kernel does for a killed process's socket
        s.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> broker().registration().topics().stream().noneMatch(t -> t.name().equals("owned-killed")));
        assertThat(sendDirect("owned-killed").code()).isEqualTo(ResponseCode.TOPIC_DELETED);
    }

    private static byte[] bytes(Frame f) {
        ByteBuf b = Unpooled.buffer();
        FrameEncoder.write(f, b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }
}
