package io.tern.broker;

import io.tern.cli.Tern;
import io.tern.client.Admin;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.client.SendResult;
import io.tern.client.TernClientException;
import io.tern.message.MessageId;
import io.tern.message.ReceivedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Lookup by id and key, delivery state, consume from a time, and resetting a group's offsets. */
class TimeTravelIT {
    @TempDir
    Path dir;
    Cluster cluster;
    Producer producer;
    Admin admin;

    @BeforeEach
    void start() {
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b);
        producer = Producer.builder().nameServers(cluster.nameServers()).build();
        admin = new Admin(List.of(cluster.nameServers()));
    }

    @AfterEach
    void stop() {
        admin.close();
        producer.close();
        cluster.close();
    }

    private List<SendResult> send(String topic, int from, int count) {
        List<SendResult> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(producer.send(OutgoingMessage.to(topic).key("order-" + i).property("i", i).body("m" + i).build()));
        }
        return out;
    }

    /** Indexing follows the write by a moment (the dispatcher files it): lookups wait for it. */
    private ReceivedMessage found(MessageId id) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> admin.lookupById(id), java.util.Optional::isPresent).orElseThrow();
    }

    private static Set<MessageId> drain(PullConsumer c, int count) {
        Set<MessageId> seen = new HashSet<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            c.poll(Duration.ofMillis(100), 500).forEach(m -> seen.add(m.message().id()));
            return seen.size() >= count;
        });
        return seen;
    }

    @Test
    void messagesAreFoundByIdAndKeyWithTheirDeliveryState() throws Exception {
        List<SendResult> sent = send("lookup", 0, 10);
        ReceivedMessage byId = found(sent.get(3).id());
        found(sent.get(9).id());
        assertThat(byId.message().keys()).containsExactly("order-3");
        assertThat(byId.brokerName()).isEqualTo("broker-a");
        assertThat(admin.lookupByKey("lookup", "order-7", 5)).singleElement()
                .satisfies(m -> assertThat(m.message().id()).isEqualTo(sent.get(7).id()));
        assertThat(admin.lookupById(new MessageId(9, 9))).isEmpty();
        assertThat(admin.lookupByKey("lookup", "order-7", 5)).allMatch(m -> m.message().topic().equals("lookup"));

        assertThat(admin.consumedBy("g-look", byId)).isFalse();
        try (PullConsumer c = PullConsumer.builder().nameServers(cluster.nameServers()).group("g-look").topic("lookup")
                .from(PullConsumer.From.FIRST).build()) {
            drain(c, 10);
            c.commit();
        }
        assertThat(admin.consumedBy("g-look", byId)).isTrue();

        assertThat(Tern.run("admin", "message", "--namesrv", cluster.nameServers(), "--id", "ID:" + sent.get(3).id(), "--group", "g-look")).isZero();
        assertThat(Tern.run("admin", "message", "--namesrv", cluster.nameServers(), "--id", new MessageId(9, 9).toString())).isEqualTo(1);
    }

    @Test
    void aGroupStartsAtATimeAndIsResetToStartEndOrTime() throws Exception {
        List<SendResult> early = send("travel", 0, 20);
        long lastEarly = found(early.get(19).id()).storeTimestamp();
        await().until(() -> System.currentTimeMillis() > lastEarly + 1); // the next messages get a later store time
        List<SendResult> late = send("travel", 20, 20);
        Instant lateStart = Instant.ofEpochMilli(found(late.get(0).id()).storeTimestamp());
        found(late.get(19).id());

        Set<MessageId> lateIds = new HashSet<>();
        late.forEach(r -> lateIds.add(r.id()));
        try (PullConsumer fromTime = PullConsumer.builder().nameServers(cluster.nameServers()).group("g-time").topic("travel")
                .fromTime(lateStart).build()) {
            assertThat(drain(fromTime, 20)).isEqualTo(lateIds);
            fromTime.commit();
        }

        admin.resetOffsets("g-time", "travel", new Admin.Start());
        try (PullConsumer again = PullConsumer.builder().nameServers(cluster.nameServers()).group("g-time").topic("travel").build()) {
            assertThat(drain(again, 40)).hasSize(40);
            again.commit();
        }
        assertThat(admin.resetOffsets("g-time", "travel", new Admin.AtTime(lateStart))).extracting(Admin.QueueLag::lag).containsOnly(5L);
        assertThat(admin.resetOffsets("g-time", "travel", new Admin.End())).extracting(Admin.QueueLag::lag).containsOnly(0L);
        assertThat(Tern.run("admin", "group", "reset", "--namesrv", cluster.nameServers(), "--group", "g-time", "--topic", "travel",
                "--to", "start")).isZero();
        assertThat(Tern.run("admin", "group", "reset", "--namesrv", cluster.nameServers(), "--group", "g-time", "--topic", "travel",
                "--to", "yesterday")).as("bad usage").isEqualTo(2);
    }

    @Test
    void aGroupWithLiveMembersIsNotResetBehindTheirBacks() {
        send("busy", 0, 4);
        try (PullConsumer live = PullConsumer.builder().nameServers(cluster.nameServers()).group("g-live").topic("busy").build()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !admin.groupMembers("g-live", "busy").isEmpty());
            assertThatThrownBy(() -> admin.resetOffsets("g-live", "busy", new Admin.Start()))
                    .isInstanceOf(TernClientException.class).hasMessageContaining("live member").hasMessageContaining("stop them");
        }
    }
}
