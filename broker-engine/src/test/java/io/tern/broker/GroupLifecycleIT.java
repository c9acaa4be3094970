package io.tern.broker;

import io.tern.client.Admin;
import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.TernClientException;
import io.tern.message.MessageId;
import io.tern.protocol.GroupOpenRequest.Start;
import io.tern.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * OPEN_GROUP, RELEASE_LEASE, DELETE_GROUP and the connection-bound lease state over real sockets (docs/lifecycle.md).
 * Topics have one queue unless a test says otherwise, so offsets are send order.
 */
class GroupLifecycleIT {
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
                .invisibility(Duration.ofMinutes(10)).build();
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

    private static List<MessageId> ids(List<LeasedMessage> ms) {
        return ms.stream().map(m -> m.message().id()).toList();
    }

    private boolean leaseMode(String group, String topic) {
        return admin.describeGroup(group, topic).stream().anyMatch(Admin.GroupQueue::leaseMode);
    }

    @Test
    void aGroupOpenedAtTheEndSkipsWhatWasSentBeforeOnEveryQueueAndOpeningAgainChangesNothing() {
        admin.createTopic("oe", 4);
        send("oe", 8);
        LeaseConsumer c = consumer("g-oe", "oe");

        assertThat(c.open(Start.END, false)).isTrue();
        assertThat(admin.describeGroup("g-oe", "oe")).hasSize(4).allSatisfy(q -> {
            assertThat(q.leaseMode()).isTrue();
            assertThat(q.lease().watermark()).isEqualTo(q.maxOffset());
        });
        assertThat(c.receive(10, Duration.ZERO)).isEmpty();
        List<MessageId> later = send("oe", 4);
        List<LeasedMessage> got = receive(c, 4);
        assertThat(ids(got)).containsExactlyInAnyOrderElementsOf(later);
        got.forEach(c::ack);

        assertThat(c.open(Start.FIRST, false)).as("idempotent: the group stays where it is").isFalse();
        assertThat(c.receive(10, Duration.ZERO)).isEmpty();
    }

    @Test
    void aGroupOpenedAtTheFirstOffsetGetsTheBacklog() {
        admin.createTopic("of", 1);
        List<MessageId> sent = send("of", 3);
        LeaseConsumer c = consumer("g-of", "of");
        assertThat(c.open(Start.FIRST, false)).isTrue();
        assertThat(ids(receive(c, 3))).containsExactlyElementsOf(sent);
    }

    @Test
    void aReleasedLeaseIsReadyAtOnceWithItsDeliveryNotCounted() {
        admin.createTopic("rl", 1);
        List<MessageId> sent = send("rl", 1);
        LeaseConsumer c = consumer("g-rl", "rl");
        LeasedMessage first = receive(c, 1).get(0);
        assertThat(first.deliveryCount()).isEqualTo(1);

        c.release(first);

        LeasedMessage again = receive(c, 1).get(0);
        assertThat(again.message().id()).isEqualTo(sent.get(0));
        assertThat(again.deliveryCount()).as("a release does not count").isEqualTo(1);
        assertThatThrownBy(() -> c.release(first)).isInstanceOf(TernClientException.class)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.LEASE_EXPIRED));
    }

    @Test
    void theLeasesOfAClosedConnectionAreReadyAtOnceCountedAsADelivery() {
        admin.createTopic("cc", 1);
        List<MessageId> sent = send("cc", 2);
        LeaseConsumer a = consumer("g-cc", "cc");
        assertThat(receive(a, 2)).allSatisfy(m -> assertThat(m.deliveryCount()).isEqualTo(1));
        LeaseConsumer b = consumer("g-cc", "cc");
        assertThat(b.receive(2, Duration.ZERO)).as("leased to a for 10 minutes").isEmpty();

        a.close();

        List<LeasedMessage> again = receive(b, 2);
        assertThat(ids(again)).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(again).allSatisfy(m -> assertThat(m.deliveryCount()).as("redelivered").isEqualTo(2));
    }

    @Test
    void anEphemeralGroupIsDeletedWhenTheLastConnectionThatOpenedItCloses() {
        admin.createTopic("eg", 1);
        send("eg", 2);
        LeaseConsumer a = consumer("g-eg", "eg");
        LeaseConsumer b = consumer("g-eg", "eg");
        assertThat(a.open(Start.END, true)).isTrue();
        assertThat(b.open(Start.END, true)).isFalse();
        send("eg", 1);
        receive(a, 1).forEach(a::ack);

        a.close();
        assertThat(leaseMode("g-eg", "eg")).as("b still has it").isTrue();
        assertThat(b.deleteGroup()).as("b deleting it as it leaves: the last owner").isTrue();
        assertThat(leaseMode("g-eg", "eg")).isFalse();

        LeaseConsumer c = consumer("g-eg2", "eg");
        c.open(Start.END, true);
        assertThat(leaseMode("g-eg2", "eg")).isTrue();
        c.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !leaseMode("g-eg2", "eg"));
    }

    @Test
    void anEphemeralGroupDoesNotSurviveARestartAndADeletedGroupStaysDeleted() {
        admin.createTopic("er", 1);
        send("er", 3);
        LeaseConsumer e = consumer("g-er-e", "er");
        e.open(Start.FIRST, true);
        receive(e, 3).forEach(e::ack);
        LeaseConsumer d = consumer("g-er-d", "er");
        receive(d, 3).forEach(d::ack);
        assertThat(d.deleteGroup()).isTrue();
        LeaseConsumer kept = consumer("g-er-k", "er");
        receive(kept, 3).forEach(kept::ack);

        cluster.brokers.get(0).close(); // a stop that leaves the ephemeral group's connection open, as a crash would
        cluster.brokers.remove(0);
        cluster.startBroker("broker-a", b -> b);

        assertThat(leaseMode("g-er-e", "er")).as("ephemeral").isFalse();
        assertThat(leaseMode("g-er-d", "er")).as("deleted").isFalse();
        assertThat(admin.describeGroup("g-er-k", "er")).singleElement().satisfies(q -> assertThat(q.lease().watermark()).isEqualTo(3));
    }

    @Test
    void deletingAGroupWhileAnotherConnectionHoldsItsLeasesIsRefusedAndOtherwiseItStartsAgainFromTheFirstOffset() {
        admin.createTopic("dg", 1);
        List<MessageId> sent = send("dg", 3);
        LeaseConsumer holder = consumer("g-dg", "dg");
        List<LeasedMessage> held = receive(holder, 3);

        assertThatThrownBy(() -> admin.deleteGroup("g-dg", "dg")).isInstanceOf(TernClientException.class)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.GROUP_IN_USE))
                .hasMessageContaining("another connection holds leases");
        held.forEach(holder::ack);
        assertThat(holder.receive(1, Duration.ZERO)).isEmpty();

        assertThat(admin.deleteGroup("g-dg", "dg")).isTrue();
        assertThat(leaseMode("g-dg", "dg")).isFalse();
        assertThatThrownBy(() -> holder.ack(held.get(0))).isInstanceOf(TernClientException.class)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.LEASE_EXPIRED));
        assertThat(admin.deleteGroup("g-dg", "dg")).as("nothing left").isFalse();
        assertThat(ids(receive(holder, 3))).as("a new group").containsExactlyElementsOf(sent);
    }
}
