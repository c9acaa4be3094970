package io.tern.broker;

import io.tern.cli.Tern;
import io.tern.client.Admin;
import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.TernClientException;
import io.tern.client.Transaction;
import io.tern.message.MessageId;
import io.tern.protocol.CommandCode;
import io.tern.protocol.FrameDescriptor;
import io.tern.protocol.OffsetRequest;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.Xid;
import io.tern.remoting.RemotingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code tern admin group reset} and {@code describe} for lease-mode groups (RESET_GROUP, DESCRIBE_GROUP) over real
 * sockets: reset to the start, the end and a time; old receipt handles; a held receive woken; a restart; refusals;
 * the CLI's lines. Every topic has one queue, so offsets are send order.
 */
class LeaseResetIT {
    @TempDir
    Path dir;
    Cluster cluster;
    Producer producer;
    Admin admin;
    final List<LeaseConsumer> toClose = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b.maxPullWait(Duration.ofMinutes(2)));
        producer = Producer.builder().nameServers(cluster.nameServers()).build();
        admin = new Admin(List.of(cluster.nameServers()));
    }

    @AfterEach
    void stop() {
        toClose.forEach(LeaseConsumer::close);
        admin.close();
        producer.close();
        cluster.close();
    }

    private List<MessageId> send(String topic, int n) {
        List<MessageId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(producer.send(OutgoingMessage.to(topic).body("m" + i).build()).id());
        }
        cluster.awaitDispatched();
        return ids;
    }

    private LeaseConsumer consumer(String group, String topic) {
        LeaseConsumer c = LeaseConsumer.builder().nameServers(cluster.nameServers()).group(group).topic(topic)
                .invisibility(Duration.ofSeconds(60)).build();
        toClose.add(c);
        return c;
    }

    /** Receives until {@code n} messages arrived; acks them if asked. */
    private static List<LeasedMessage> receive(LeaseConsumer c, int n, boolean ack) {
        List<LeasedMessage> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            got.addAll(c.receive(n - got.size(), Duration.ofMillis(500)));
            return got.size() >= n;
        });
        if (ack) {
            got.forEach(c::ack);
        }
        return got;
    }

    private static List<MessageId> ids(List<LeasedMessage> ms) {
        return ms.stream().map(m -> m.message().id()).toList();
    }

    @Test
    void resetToStartRedeliversAckedMessagesFromDeliveryOneAndOldHandlesAreRefusedWithTheReason() {
        admin.createTopic("rs", 1);
        List<MessageId> sent = send("rs", 6);
        LeaseConsumer c = consumer("g-rs", "rs");
        List<LeasedMessage> first = receive(c, 6, false);
        first.subList(0, 4).forEach(c::ack);

        List<Admin.QueueReset> reset = admin.resetGroup("g-rs", "rs", new Admin.Start());

        assertThat(reset).singleElement().satisfies(q -> {
            assertThat(q.offset()).isZero();
            assertThat(q.leaseMode()).isTrue();
            assertThat(q.offsetMode()).isFalse();
        });
        assertThatThrownBy(() -> c.ack(first.get(4))).isInstanceOf(TernClientException.class)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.LEASE_EXPIRED))
                .hasMessageContaining("voided when group g-rs was reset on rs/0 to offset 0").hasMessageContaining("delivered again");
        assertThatThrownBy(() -> c.nack(first.get(5), Duration.ZERO)).hasMessageContaining("was reset");
        List<LeasedMessage> again = receive(c, 6, true);
        assertThat(ids(again)).containsExactlyElementsOf(sent);
        assertThat(again).allSatisfy(m -> assertThat(m.deliveryCount()).isEqualTo(1));
        assertThat(c.receive(1, Duration.ZERO)).isEmpty();
    }

    @Test
    void resetToEndSkipsTheBacklogAndToATimeStartsAtTheFirstMessageStoredThen() {
        admin.createTopic("rt", 1);
        List<MessageId> early = send("rt", 5);
        long lastEarly = admin.lookupById(early.get(4)).orElseThrow().storeTimestamp();
        await().until(() -> System.currentTimeMillis() > lastEarly + 1); // the next messages get a later store time
        List<MessageId> late = send("rt", 5);
        Instant lateStart = Instant.ofEpochMilli(admin.lookupById(late.get(0)).orElseThrow().storeTimestamp());
        LeaseConsumer c = consumer("g-rt", "rt");
        receive(c, 10, true);

        assertThat(admin.resetGroup("g-rt", "rt", new Admin.AtTime(lateStart))).extracting(Admin.QueueReset::offset).containsExactly(5L);
        assertThat(ids(receive(c, 5, true))).containsExactlyElementsOf(late);

        List<MessageId> backlog = send("rt", 3);
        assertThat(admin.resetGroup("g-rt", "rt", new Admin.End())).extracting(Admin.QueueReset::offset).containsExactly(13L);
        assertThat(c.receive(10, Duration.ZERO)).as("the backlog %s is skipped", backlog).isEmpty();
        List<MessageId> after = send("rt", 1);
        assertThat(ids(receive(c, 1, true))).isEqualTo(after);
    }

    @Test
    void aHeldReceiveIsWokenByTheReset() throws Exception {
        admin.createTopic("rw", 1);
        List<MessageId> sent = send("rw", 3);
        LeaseConsumer c = consumer("g-rw", "rw");
        receive(c, 3, true);
        CompletableFuture<List<LeasedMessage>> held = CompletableFuture.supplyAsync(() -> c.receive(3, Duration.ofSeconds(90)));
        Broker broker = cluster.brokers.get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.stats().values().get("lease.receives.waiting") == 1L);

        admin.resetGroup("g-rw", "rw", new Admin.Start());

        // woken by the reset, not by its 90 s wait running out
        List<LeasedMessage> got = await().atMost(Duration.ofSeconds(30)).until(held::join, l -> !l.isEmpty());
        assertThat(sent).containsAll(ids(got));
    }

    @Test
    void aResetSurvivesARestart() {
        admin.createTopic("rr", 1);
        List<MessageId> sent = send("rr", 4);
        receive(consumer("g-rr", "rr"), 4, true);
        admin.resetGroup("g-rr", "rr", new Admin.Start());
        toClose.forEach(LeaseConsumer::close);
        toClose.clear();
        cluster.brokers.remove(0).close();
        cluster.startBroker("broker-a", b -> b);

        LeaseConsumer after = consumer("g-rr", "rr");
        assertThat(ids(receive(after, 4, true))).containsExactlyElementsOf(sent);
        assertThat(after.receive(1, Duration.ZERO)).isEmpty();
    }

    @Test
    void aPreparedBranchHoldingAnAckRefusesTheResetNamingItsXid() {
        admin.createTopic("rx", 1);
        send("rx", 2);
        LeaseConsumer c = consumer("g-rx", "rx");
        List<LeasedMessage> got = receive(c, 2, false);
        Transaction xa = producer.beginTransaction(new Xid(7, new byte[] {1}, new byte[] {2}));
        c.ack(got.get(0), xa);
        xa.prepare();

        assertThatThrownBy(() -> admin.resetGroup("g-rx", "rx", new Admin.Start())).isInstanceOf(TernClientException.class)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.TX_CONFLICT))
                .hasMessageContaining("xa:7:01:02").hasMessageContaining("resolve them first");
        c.ack(got.get(1)); // nothing was reset: the other lease still holds

        xa.rollback();
        assertThat(admin.resetGroup("g-rx", "rx", new Admin.Start())).extracting(Admin.QueueReset::offset).containsExactly(0L);
        assertThat(receive(c, 2, true)).allSatisfy(m -> assertThat(m.deliveryCount()).isEqualTo(1));
    }

    @Test
    void unknownGroupsTopicsAndTargetsAreRefusedWithTheReason() {
        admin.createTopic("ru", 1);
        send("ru", 1);
        assertThatThrownBy(() -> admin.resetGroup("g-nobody", "ru", new Admin.End())).isInstanceOf(TernClientException.class)
                .hasMessageContaining("group g-nobody is unknown on topic ru").hasMessageContaining("nothing was reset");
        assertThatThrownBy(() -> admin.resetGroup("g-nobody", "no-such-topic", new Admin.End())).isInstanceOf(TernClientException.class)
                .hasMessageContaining("no-such-topic");
        Cli unknown = Cli.run("admin", "group", "reset", "--namesrv", cluster.nameServers(), "--group", "g-nobody", "--topic", "ru", "--to", "end");
        assertThat(unknown.exit).isEqualTo(1);
        assertThat(unknown.err).contains("group g-nobody is unknown on topic ru");
        Cli badTime = Cli.run("admin", "group", "reset", "--namesrv", cluster.nameServers(), "--group", "g", "--topic", "ru", "--to", "yesterday");
        assertThat(badTime.exit).as("bad usage").isEqualTo(2);
        assertThat(badTime.err).contains("--to 'yesterday' is not an ISO time");
    }

    @Test
    void describeAndResetPrintEachModePerQueue() {
        admin.createTopic("desc", 1);
        send("desc", 6);
        LeaseConsumer c = consumer("g-desc", "desc");
        List<LeasedMessage> got = c.receive(5, Duration.ofSeconds(5));
        assertThat(got).extracting(m -> m.received().queueOffset()).containsExactly(0L, 1L, 2L, 3L, 4L);
        c.ack(got.get(0));
        c.ack(got.get(2));
        c.nack(got.get(3), Duration.ZERO);
        c.nack(got.get(4), Duration.ofHours(1)); // 1 stays leased; 5 was looked at and passed: unclaimed

        Cli leaseOnly = Cli.run("admin", "group", "describe", "--namesrv", cluster.nameServers(), "--group", "g-desc", "--topic", "desc");
        assertThat(leaseOnly.exit).isZero();
        assertThat(leaseOnly.out).contains("desc@broker-a/0                lease watermark 1 acked-above 1 in-flight 1 ready 1 parked 1"
                + " unclaimed 1 max 6 backlog 4", "total lease backlog 4").doesNotContain("committed");

        commitOffset("g-desc", "desc", 2); // the same group commits offsets too: both modes are printed
        Cli both = Cli.run("admin", "group", "describe", "--namesrv", cluster.nameServers(), "--group", "g-desc", "--topic", "desc");
        assertThat(both.out).contains("desc@broker-a/0                committed 2 max 6 lag 4", "total lag 4", "lease watermark 1");

        Cli reset = Cli.run("admin", "group", "reset", "--namesrv", cluster.nameServers(), "--group", "g-desc", "--topic", "desc", "--to", "end");
        assertThat(reset.exit).isZero();
        assertThat(reset.out).contains("desc@broker-a/0                set to 6: offset mode (committed offset) and lease mode (cursor)",
                "reset group g-desc on desc to end");
        Cli afterReset = Cli.run("admin", "group", "describe", "--namesrv", cluster.nameServers(), "--group", "g-desc", "--topic", "desc");
        assertThat(afterReset.out).contains("committed 6 max 6 lag 0", "lease watermark 6 acked-above 0 in-flight 0 ready 0 parked 0 unclaimed 0 max 6 backlog 0");
    }

    private void commitOffset(String group, String topic, long offset) {
        try (RemotingClient raw = new RemotingClient("t", FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 8, 8)) {
            assertThat(raw.invokeSync(cluster.brokers.get(0).address(), CommandCode.COMMIT_OFFSET,
                    new OffsetRequest(group, topic, 0, offset).encode(), null, Duration.ofSeconds(3)).code()).isEqualTo(ResponseCode.OK);
        }
    }

    /** A {@code tern} command line run in this JVM, with what it printed. */
    private record Cli(int exit, String out, String err) {
        static Cli run(String... args) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            try {
                int exit = Tern.run(args);
                return new Cli(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
        }
    }
}
