package io.tern.broker;

import io.tern.cli.Tern;
import io.tern.client.Admin;
import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.Transaction;
import io.tern.message.MessageId;
import io.tern.message.ReceivedMessage;
import io.tern.protocol.CommandCode;
import io.tern.protocol.DeliveryStateQuery;
import io.tern.protocol.DeliveryStateQuery.GroupState;
import io.tern.protocol.DeliveryStateQuery.Mode;
import io.tern.protocol.DeliveryStateQuery.State;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.FrameDescriptor;
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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * QUERY_DELIVERY_STATE over the wire: one message in each lease-mode state of a group, offset-mode groups consumed or
 * not, every group of the topic at once, bad requests, and {@code tern admin message}'s lines.
 *
 * <p>Topic "states" has one queue, so offsets are send order. Messages 0-6 are tagged x x x x y x x; a lease receiver
 * of tag x acks 0, holds 1, parks 2 (nack, 1 h), gives 3 back (nack, now), acks 5 in an open local transaction and 6
 * in a prepared XA branch (pinned until resolved); 4 is passed over (tag y: unclaimed); message 7, sent after all
 * that, is beyond the group's frontier (not delivered).
 */
class DeliveryStateIT {
    private static final String TOPIC = "states";
    private static final String LEASE_GROUP = "g-lease";

    @TempDir
    Path dir;
    Cluster cluster;
    Producer producer;
    Admin admin;
    LeaseConsumer receiver;
    final List<ReceivedMessage> messages = new ArrayList<>();
    Transaction tx;
    Transaction xa;
    long beforeReceives;

    @BeforeEach
    void start() {
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b);
        producer = Producer.builder().nameServers(cluster.nameServers()).build();
        admin = new Admin(List.of(cluster.nameServers()));
        admin.createTopic(TOPIC, 1);
        List<MessageId> ids = new ArrayList<>();
        for (String tag : List.of("x", "x", "x", "x", "y", "x", "x")) {
            ids.add(producer.send(OutgoingMessage.to(TOPIC).tag(tag).body(tag).build()).id());
        }
        cluster.awaitDispatched();
        receiver = LeaseConsumer.builder().nameServers(cluster.nameServers()).group(LEASE_GROUP).topic(TOPIC).tags("x")
                .invisibility(Duration.ofSeconds(60)).build();
        beforeReceives = System.currentTimeMillis();
        leaseIntoEachState();
        ids.add(producer.send(OutgoingMessage.to(TOPIC).tag("x").body("late").build()).id());
        cluster.awaitDispatched();
        for (MessageId id : ids) {
            messages.add(await().atMost(Duration.ofSeconds(10)).until(() -> admin.lookupById(id), java.util.Optional::isPresent).orElseThrow());
        }
        admin.resetOffsets("g-done", TOPIC, new Admin.End());
        admin.resetOffsets("g-start", TOPIC, new Admin.Start());
    }

    private void leaseIntoEachState() {
        receiver.ack(receiveOne());
        receiveOne(); // 1: held
        receiver.nack(receiveOne(), Duration.ofHours(1)); // 2: parked
        LeasedMessage three = receiveOne();
        LeasedMessage five = receiveOne(); // 4 is tagged y: passed over
        assertThat(five.received().queueOffset()).isEqualTo(5);
        tx = producer.beginTransaction();
        receiver.ack(five, tx);
        xa = producer.beginTransaction(new Xid(7, new byte[] {1}, new byte[] {2}));
        receiver.ack(receiveOne(), xa);
        xa.prepare();
        receiver.nack(three, Duration.ZERO); // 3: ready again (after the receives, or the next one would take it)
    }

    private LeasedMessage receiveOne() {
        List<LeasedMessage> got = receiver.receive(1, Duration.ofSeconds(5));
        assertThat(got).hasSize(1);
        return got.get(0);
    }

    @AfterEach
    void stop() {
        receiver.close();
        admin.close();
        producer.close();
        cluster.close();
    }

    private GroupState leaseState(int i) {
        assertThat(messages.get(i).queueOffset()).isEqualTo(i);
        List<GroupState> states = admin.deliveryState(messages.get(i), LEASE_GROUP);
        assertThat(states).singleElement().satisfies(s -> {
            assertThat(s.group()).isEqualTo(LEASE_GROUP);
            assertThat(s.mode()).isEqualTo(Mode.LEASE);
        });
        return states.get(0);
    }

    @Test
    void aLeaseGroupSeesEachMessageInItsState() {
        assertThat(leaseState(0).state()).isEqualTo(State.ACKED);
        GroupState leased = leaseState(1);
        assertThat(leased.state()).isEqualTo(State.LEASED);
        assertThat(leased.deliveries()).isEqualTo(1);
        assertThat(leased.deadline()).isBetween(beforeReceives + 60_000, System.currentTimeMillis() + 60_000);
        assertThat(leased.txId()).isNull();
        GroupState parked = leaseState(2);
        assertThat(parked.state()).isEqualTo(State.PARKED);
        assertThat(parked.deadline()).isGreaterThanOrEqualTo(beforeReceives + Duration.ofHours(1).toMillis());
        assertThat(leaseState(3)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(State.READY);
            assertThat(s.deliveries()).isEqualTo(1);
            assertThat(s.deadline()).isEqualTo(-1);
        });
        assertThat(leaseState(4).state()).as("tag y, passed over by the x receiver").isEqualTo(State.UNCLAIMED);
        assertThat(leaseState(5)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(State.LEASED);
            assertThat(s.txId()).isEqualTo(tx.id());
        });
        assertThat(leaseState(6)).isEqualTo(new GroupState(LEASE_GROUP, Mode.LEASE, State.LEASED, 1, -1, -1, xa.id()));
        assertThat(leaseState(7).state()).isEqualTo(State.NOT_DELIVERED);
    }

    @Test
    void withoutAGroupEveryGroupOfTheTopicAnswersAndAnUnknownNamedGroupSaysSo() {
        assertThat(admin.deliveryState(messages.get(3), null)).containsExactly(
                GroupState.offset("g-done", 8, 3),
                new GroupState(LEASE_GROUP, Mode.LEASE, State.READY, 1, -1, -1, null),
                GroupState.offset("g-start", 0, 3));
        assertThat(admin.deliveryState(messages.get(3), null).get(0).state()).isEqualTo(State.CONSUMED);
        assertThat(admin.deliveryState(messages.get(3), "g-start")).singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo(State.NOT_CONSUMED));
        assertThat(admin.deliveryState(messages.get(3), "g-nobody")).containsExactly(GroupState.unknown("g-nobody"));
    }

    @Test
    void badRequestsNameTheTopicQueueOrOffsetRange() {
        assertThat(refusal(new DeliveryStateQuery("nope", 0, 0, null))).isEqualTo("topic nope does not exist on this broker");
        assertThat(refusal(new DeliveryStateQuery(TOPIC, 1, 0, null))).isEqualTo("queue 1 is outside topic states's read queues 0-0");
        assertThat(refusal(new DeliveryStateQuery(TOPIC, 0, 8, LEASE_GROUP)))
                .isEqualTo("no message is stored at states/0 offset 8: the queue holds offsets 0-7");
        assertThat(refusal(new DeliveryStateQuery(TOPIC, 0, -1, LEASE_GROUP)))
                .isEqualTo("no message is stored at states/0 offset -1: the queue holds offsets 0-7");
    }

    private String refusal(DeliveryStateQuery q) {
        try (RemotingClient raw = new RemotingClient("raw", FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 16, 16)) {
            Frame f = raw.invokeSync(cluster.brokers.get(0).address(), CommandCode.QUERY_DELIVERY_STATE, q.encode(), null, Duration.ofSeconds(5));
            assertThat(f.code()).isEqualTo(ResponseCode.INVALID_REQUEST);
            return ErrorHeader.decode(f.header()).message();
        }
    }

    @Test
    void adminMessagePrintsEveryGroupOrTheOneAskedFor() {
        String all = tern("admin", "message", "--namesrv", cluster.nameServers(), "--id", "ID:" + messages.get(1).message().id());
        assertThat(all).contains("broker-a/0 offset 1 ")
                .contains("  group g-done (offset mode): consumed (committed offset 8)\n")
                .contains("  group g-lease (lease mode): leased, delivery 1, lease ends ")
                .contains("  group g-start (offset mode): not consumed (committed offset 0)\n");
        assertThat(all.indexOf("g-done")).isLessThan(all.indexOf("g-lease")).isLessThan(all.indexOf("g-start"));

        String parked = tern("admin", "message", "--namesrv", cluster.nameServers(), "--id", messages.get(2).message().id().toString(),
                "--group", LEASE_GROUP);
        assertThat(parked).contains("  group g-lease (lease mode): parked by a nack until ").contains(" after 1 delivery\n")
                .doesNotContain("g-done").doesNotContain("g-start");
        assertThat(tern("admin", "message", "--namesrv", cluster.nameServers(), "--id", messages.get(5).message().id().toString(),
                "--group", LEASE_GROUP)).contains(", ack held by transaction " + tx.id() + "\n");
        assertThat(tern("admin", "message", "--namesrv", cluster.nameServers(), "--id", messages.get(3).message().id().toString(),
                "--group", LEASE_GROUP)).contains("  group g-lease (lease mode): ready for redelivery after 1 delivery\n");
        assertThat(tern("admin", "message", "--namesrv", cluster.nameServers(), "--id", messages.get(4).message().id().toString(),
                "--group", LEASE_GROUP)).contains("  group g-lease (lease mode): unclaimed: passed over by the filters of the receivers that saw it\n");
        assertThat(tern("admin", "message", "--namesrv", cluster.nameServers(), "--id", messages.get(6).message().id().toString(),
                "--group", LEASE_GROUP)).contains("  group g-lease (lease mode): leased, delivery 1, held until its transaction is resolved,"
                + " ack held by transaction " + xa.id() + "\n");
        assertThat(tern("admin", "message", "--namesrv", cluster.nameServers(), "--id", messages.get(7).message().id().toString(),
                "--group", LEASE_GROUP)).contains("  group g-lease (lease mode): not yet delivered\n");
        assertThat(tern("admin", "message", "--namesrv", cluster.nameServers(), "--id", messages.get(0).message().id().toString(),
                "--group", "g-nobody")).contains("  group g-nobody: unknown on this broker (no committed offset, live member or lease cursor on topic states)\n");
    }

    /** Runs tern in this JVM and returns what it printed on stdout; it must succeed. */
    private static String tern(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Tern.run(args)).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
