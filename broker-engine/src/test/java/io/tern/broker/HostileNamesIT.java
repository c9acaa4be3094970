package io.tern.broker;

import io.tern.client.Admin;
import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.TernClientException;
import io.tern.client.Transaction;
import io.tern.message.MessageId;
import io.tern.message.ReceivedMessage;
import io.tern.protocol.CommandCode;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.FrameDescriptor;
import io.tern.protocol.Names;
import io.tern.protocol.OffsetRequest;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.TopicConfig;
import io.tern.protocol.Xid;
import io.tern.remoting.RemotingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Names a client may give (issue 11, items 2 and 3) through every file the broker keeps, each test ending in a restart
 * that must start and find the state: offsets and topics (line files), consume-queue directories, lease checkpoint,
 * retry and dead-letter topics, the transaction journal, the timer. Names no file may hold are refused at the request.
 */
class HostileNamesIT {
    /** Valid, and each one broke or could break a file before: spaces, '%', '#', Unicode, the longest, JMS-style. */
    static final List<String> GROUPS = List.of("a b", "50% off", "#v2 a b 0 1", "订阅 é 🎉", "x".repeat(Names.MAX_GROUP_BYTES),
            "sub/name.with:colons", "g\u2028h\u00A0i");
    static final List<String> TOPICS = List.of("orders.eu", "a/b", "a", "..", ".", "app:events", "t".repeat(Names.MAX_TOPIC_LENGTH),
            ".".repeat(Names.MAX_TOPIC_LENGTH), "%41");

    @TempDir
    Path dir;
    Cluster cluster;
    Admin admin;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b.maxDeliveries(2));
        admin = new Admin(List.of(cluster.nameServers()));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        admin.close();
        cluster.close();
    }

    private void restart(UnaryOperator<BrokerConfig.Builder> tune) {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        toClose.clear();
        cluster.brokers.remove(0).close();
        cluster.startBroker("broker-a", tune); // throws if the files do not read back
    }

    private Producer producer(String group) {
        Producer p = Producer.builder().nameServers(cluster.nameServers()).group(group).build();
        toClose.add(p);
        return p;
    }

    private LeaseConsumer consumer(String group, String topic) {
        LeaseConsumer c = LeaseConsumer.builder().nameServers(cluster.nameServers()).group(group).topic(topic)
                .invisibility(Duration.ofSeconds(30)).build();
        toClose.add(c);
        return c;
    }

    private RemotingClient raw() {
        RemotingClient c = new RemotingClient("raw", FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 8, 8);
        toClose.add(c);
        return c;
    }

    private static List<LeasedMessage> receive(LeaseConsumer c, int n) {
        List<LeasedMessage> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            got.addAll(c.receive(n - got.size(), Duration.ofMillis(300)));
            return got.size() >= n;
        });
        return got;
    }

    private Frame offsetCall(RemotingClient c, short code, String group, String topic, long offset) {
        return c.invokeSync(cluster.brokers.get(0).address(), code, new OffsetRequest(group, topic, 0, offset).encode(), null,
                Duration.ofSeconds(3));
    }

    @Test
    void committedOffsetsOfHostileGroupsSurviveARestart() {
        admin.createTopic("off.t", 1);
        Producer p = producer("p");
        for (int i = 0; i < 10 + GROUPS.size(); i++) { // offsets beyond a queue's end are moved back to it at a restart
            io.tern.client.OutgoingMessage m = io.tern.client.OutgoingMessage.to("off.t").body("m" + i).build();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).ignoreExceptions().until(() -> p.send(m) != null);
        }
        cluster.awaitDispatched();
        RemotingClient c = raw();
        for (int i = 0; i < GROUPS.size(); i++) {
            assertThat(offsetCall(c, CommandCode.COMMIT_OFFSET, GROUPS.get(i), "off.t", 10 + i).code()).isEqualTo(ResponseCode.OK);
        }
        restart(b -> b);
        RemotingClient after = raw();
        for (int i = 0; i < GROUPS.size(); i++) {
            Frame f = offsetCall(after, CommandCode.QUERY_OFFSET, GROUPS.get(i), "off.t", 0);
            assertThat(OffsetRequest.decodeOffset(f.header())).as(GROUPS.get(i)).isEqualTo(10 + i);
        }
        assertThat(admin.listGroups()).containsAll(GROUPS);
    }

    @Test
    void namesNoFileMayHoldAreRefusedAtTheRequestNamingTheRule() {
        admin.createTopic("ref.t", 1);
        RemotingClient c = raw();
        for (String bad : List.of("a\nb ref.t 0 5", "cr\r", "nul\u0000", "x".repeat(Names.MAX_GROUP_BYTES + 1), "")) {
            Frame f = offsetCall(c, CommandCode.COMMIT_OFFSET, bad, "ref.t", 5);
            assertThat(f.code()).as(bad).isEqualTo(ResponseCode.INVALID_REQUEST);
            assertThat(ErrorHeader.decode(f.header()).message()).contains(Names.GROUP_RULE);
        }
        Frame badTopic = offsetCall(c, CommandCode.QUERY_OFFSET, "g", "a b", 0);
        assertThat(badTopic.code()).isEqualTo(ResponseCode.INVALID_REQUEST);
        assertThat(ErrorHeader.decode(badTopic.header()).message()).contains(Names.TOPIC_RULE);
        restart(b -> b);
        assertThat(admin.listGroups()).isEmpty();
    }

    @Test
    void aSendToAnInvalidTopicSaysItIsInvalidAndToAMissingOneThatItIsMissing() {
        Producer p = producer("p");
        assertThatThrownBy(() -> p.send(OutgoingMessage.to("a b").body("x").build())).isInstanceOf(TernClientException.class)
                .hasMessageContaining(Names.TOPIC_RULE).hasMessageNotContaining("auto-creation");
        Frame raw = raw().invokeSync(cluster.brokers.get(0).address(), CommandCode.SEND,
                new io.tern.protocol.SendRequest(null, "orders eu", 0).encode(), new byte[0], Duration.ofSeconds(3));
        assertThat(raw.code()).isEqualTo(ResponseCode.INVALID_REQUEST); // the broker's own check, for clients that skip theirs
        assertThat(ErrorHeader.decode(raw.header()).message()).contains(Names.TOPIC_RULE).doesNotContain("auto-creation");
        restart(b -> b.autoCreateTopics(false));
        Producer q = producer("p");
        assertThatThrownBy(() -> q.send(OutgoingMessage.to("missing.topic").body("x").build())).isInstanceOf(TernClientException.class)
                .hasMessageContaining("no broker creates topics on first send").hasMessageNotContaining("invalid")
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.TOPIC_NOT_FOUND));
        assertThatThrownBy(() -> q.send(OutgoingMessage.to("a b").body("x").build())).isInstanceOf(TernClientException.class)
                .hasMessageContaining(Names.TOPIC_RULE)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.INVALID_REQUEST));
    }

    @Test
    void topicsWithDotsSlashesAndColonsAndTheirMessagesSurviveARestart() {
        Producer p = producer("p");
        List<MessageId> ids = new ArrayList<>();
        for (String t : TOPICS) {
            ids.add(p.send(OutgoingMessage.to(t).key("key with spaces %20 é").body(t).build()).id()); // auto-created
        }
        cluster.awaitDispatched();
        restart(b -> b);
        assertThat(admin.listTopics()).extracting(TopicConfig::name).containsAll(TOPICS);
        for (int i = 0; i < TOPICS.size(); i++) {
            List<ReceivedMessage> got = admin.browse(TOPICS.get(i), 10);
            assertThat(got).as(TOPICS.get(i)).extracting(r -> r.message().id()).containsExactly(ids.get(i));
            assertThat(admin.lookupByKey(TOPICS.get(i), "key with spaces %20 é", 10)).hasSize(1);
        }
    }

    @Test
    void leaseCursorsAndDeadLettersOfHostileGroupsSurviveARestart() {
        admin.createTopic("lease.t", 1);
        Producer p = producer("p");
        List<MessageId> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(p.send(OutgoingMessage.to("lease.t").body("m" + i).build()).id());
        }
        for (String g : GROUPS) {
            LeaseConsumer c = consumer(g, "lease.t");
            List<LeasedMessage> got = receive(c, 3);
            c.ack(got.get(0));
            c.nack(got.get(1), Duration.ZERO);
            c.nack(receive(c, 1).get(0), Duration.ZERO); // second delivery of maxDeliveries 2: dead-lettered
        }
        restart(b -> b.maxDeliveries(2));
        for (String g : GROUPS) {
            LeaseConsumer c = consumer(g, "lease.t");
            List<LeasedMessage> left = receive(c, 1);
            assertThat(left).as(g).extracting(m -> m.message().id()).containsExactly(sent.get(2));
            assertThat(c.receive(5, Duration.ofMillis(200))).as(g + ": the acked and the dead-lettered stay done").isEmpty();
            assertThat(admin.deadLetters(g, 10)).as(g).extracting(r -> r.message().id()).containsExactly(sent.get(1));
        }
    }

    @Test
    void aPreparedTransactionWithHostileGroupsSurvivesARestart() {
        admin.createTopic("tx.t", 1);
        String producerGroup = GROUPS.get(3);
        String consumerGroup = GROUPS.get(0);
        Producer plain = producer("plain");
        MessageId held = plain.send(OutgoingMessage.to("tx.t").body("held").build()).id();
        LeaseConsumer c = consumer(consumerGroup, "tx.t");
        LeasedMessage m = receive(c, 1).get(0);
        Producer p = producer(producerGroup);
        Xid xid = new Xid(7, "global é".getBytes(StandardCharsets.UTF_8), new byte[]{1});
        Transaction tx = p.beginTransaction(xid);
        MessageId inTx = tx.send(OutgoingMessage.to("tx.t").body("in tx").build()).id();
        c.ack(m, tx);
        tx.prepare();
        restart(b -> b);
        Producer after = producer(producerGroup);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> after.recover().contains(xid));
        after.commitPrepared(xid);
        LeaseConsumer c2 = consumer(consumerGroup, "tx.t");
        assertThat(receive(c2, 1)).extracting(r -> r.message().id()).containsExactly(inTx).doesNotContain(held);
    }

    @Test
    void aDelayedMessageToATopicWithASlashIsDeliveredAfterARestart() {
        admin.createTopic("delay/t.1", 1);
        Producer p = producer("p");
        MessageId id = p.send(OutgoingMessage.to("delay/t.1").delay(Duration.ofSeconds(2)).body("later").build()).id();
        restart(b -> b);
        LeaseConsumer c = consumer(GROUPS.get(1), "delay/t.1");
        assertThat(receive(c, 1)).extracting(r -> r.message().id()).containsExactly(id);
    }
}
