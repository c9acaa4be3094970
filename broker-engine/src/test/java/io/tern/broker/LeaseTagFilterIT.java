package io.tern.broker;

import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.message.MessageId;
import io.tern.store.MessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lease-mode receives use the consume queue's tag hash: a message whose hash the receiver's filter rejects is passed
 * over without reading its record (counted by {@link MessageStore#recordsRead()}), stays for the group's other
 * receivers, and a hash collision never hands a receiver a message of another tag.
 */
class LeaseTagFilterIT {
    /**
     * Two tags with the same FNV-1a 64 hash, found by a parallel distinguished-point (rho) search over "tag-" followed by
     * 11 characters of [A-Za-z0-9_-] (about 2^33 hash evaluations, a few minutes on two cores).
     */
    static final String COLLIDING_1 = "tag-BCp3ebIZIRJ";
    static final String COLLIDING_2 = "tag-tiRs2SxTXSI";

    @TempDir
    Path dir;
    Cluster cluster;
    Producer producer;
    MessageStore store;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = new Cluster(dir);
        store = cluster.startBroker("broker-a", b -> b).store();
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

    private LeaseConsumer receiver(String group, String topic, String tags) {
        LeaseConsumer c = LeaseConsumer.builder().nameServers(cluster.nameServers()).group(group).topic(topic).tags(tags)
                .invisibility(Duration.ofSeconds(60)).build();
        toClose.add(c);
        return c;
    }

    /** Sends {@code tags.length} messages, message i tagged tags[i]; returns id to index. Waits until all are dispatched. */
    private Map<MessageId, Integer> send(String topic, String... tags) {
        Map<MessageId, Integer> ids = new HashMap<>();
        for (int i = 0; i < tags.length; i++) {
            ids.put(producer.send(OutgoingMessage.to(topic).tag(tags[i]).body("m" + i).build()).id(), i);
        }
        cluster.awaitDispatched();
        return ids;
    }

    private static String[] tagged(int n, java.util.function.IntFunction<String> tagOf) {
        String[] tags = new String[n];
        for (int i = 0; i < n; i++) {
            tags[i] = tagOf.apply(i);
        }
        return tags;
    }

    private static List<Integer> drain(LeaseConsumer c, Map<MessageId, Integer> sent, int want) {
        return LeaseDrain.drain(c, sent, want, 100);
    }

    private static List<Integer> indexes(int n, java.util.function.IntPredicate p) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (p.test(i)) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void receiversOfOneGroupWithDifferentTagsEachGetExactlyTheirMessagesAndTheRestStays() {
        Map<MessageId, Integer> sent = send("colours", tagged(60, i -> i % 3 == 0 ? "red" : i % 3 == 1 ? "blue" : "green"));
        LeaseConsumer red = receiver("g-colours", "colours", "red");
        LeaseConsumer blue = receiver("g-colours", "colours", "blue");
        List<Integer> reds = new ArrayList<>();
        List<Integer> blues = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> { // interleaved: each one's receives pass the other's messages
            for (LeasedMessage m : red.receive(3, Duration.ofMillis(100))) {
                reds.add(sent.get(m.message().id()));
                red.ack(m);
            }
            for (LeasedMessage m : blue.receive(3, Duration.ofMillis(100))) {
                blues.add(sent.get(m.message().id()));
                blue.ack(m);
            }
            return reds.size() + blues.size() >= 40;
        });
        assertThat(red.receive(100, Duration.ofMillis(300))).isEmpty();
        assertThat(blue.receive(100, Duration.ofMillis(300))).isEmpty();
        assertThat(reds).containsExactlyInAnyOrderElementsOf(indexes(60, i -> i % 3 == 0));
        assertThat(blues).containsExactlyInAnyOrderElementsOf(indexes(60, i -> i % 3 == 1));
        List<Integer> greens = drain(receiver("g-colours", "colours", "*"), sent, 20);
        assertThat(greens).as("passed over by both filters, never acked for the group").containsExactlyInAnyOrderElementsOf(indexes(60, i -> i % 3 == 2));
    }

    @Test
    void collidingTagsNeverLeakToTheOtherTagsReceiver() {
        assertThat(MessageStore.tagHash(COLLIDING_1)).isEqualTo(MessageStore.tagHash(COLLIDING_2));
        Map<MessageId, Integer> sent = send("collide", tagged(40, i -> i % 2 == 0 ? COLLIDING_1 : COLLIDING_2));
        LeaseConsumer one = receiver("g-collide", "collide", COLLIDING_1);
        LeaseConsumer two = receiver("g-collide", "collide", COLLIDING_2);
        List<Integer> ones = new ArrayList<>();
        List<Integer> twos = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (LeasedMessage m : one.receive(4, Duration.ofMillis(100))) {
                assertThat(m.message().tag()).isEqualTo(COLLIDING_1);
                ones.add(sent.get(m.message().id()));
                one.ack(m);
            }
            for (LeasedMessage m : two.receive(4, Duration.ofMillis(100))) {
                assertThat(m.message().tag()).isEqualTo(COLLIDING_2);
                twos.add(sent.get(m.message().id()));
                two.ack(m);
            }
            return ones.size() + twos.size() >= 40;
        });
        assertThat(one.receive(100, Duration.ofMillis(300))).isEmpty();
        assertThat(two.receive(100, Duration.ofMillis(300))).isEmpty();
        assertThat(ones).containsExactlyInAnyOrderElementsOf(indexes(40, i -> i % 2 == 0));
        assertThat(twos).containsExactlyInAnyOrderElementsOf(indexes(40, i -> i % 2 == 1));
    }

    @Test
    void aTagOnlySelectorWhoseTagCollidesIsComparedExactlyToo() {
        Map<MessageId, Integer> sent = send("collide-sel", tagged(20, i -> i % 2 == 0 ? COLLIDING_1 : COLLIDING_2));
        LeaseConsumer c = LeaseConsumer.builder().nameServers(cluster.nameServers()).group("g-sel").topic("collide-sel")
                .selector("JMSType = '" + COLLIDING_2 + "'").build();
        toClose.add(c);
        assertThat(drain(c, sent, 10)).containsExactlyInAnyOrderElementsOf(indexes(20, i -> i % 2 == 1));
    }

    /**
     * 5,000 messages tagged "b" that a receiver of "c" passed over (unclaimed), then 5 tagged "a": one long-polled receive
     * of "a" looks through the backlog, {@code UNCLAIMED_LOOK_LIMIT} offsets at a time (twice per look: a one-queue
     * topic is visited in both passes), and answers with the 5 rather than waiting out its 30 s with its mark part-way
     * (and answering empty).
     */
    @Test
    void aLongPolledReceiveLooksThroughABacklogOfOtherTagsWithoutWaiting() {
        try (io.tern.client.Admin admin = new io.tern.client.Admin(List.of(cluster.nameServers()))) {
            admin.createTopic("backlog", 1);
        }
        for (int batch = 0; batch < 50; batch++) {
            List<OutgoingMessage> bs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                bs.add(OutgoingMessage.to("backlog").tag("b").body("b" + i).build());
            }
            producer.sendBatch(bs);
        }
        Map<MessageId, Integer> as = send("backlog", "a", "a", "a", "a", "a");
        assertThat(receiver("g-backlog", "backlog", "c").receive(100, Duration.ZERO)).isEmpty();
        List<LeasedMessage> got = receiver("g-backlog", "backlog", "a").receive(10, Duration.ofSeconds(30));
        assertThat(got).extracting(m -> as.get(m.message().id())).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    /**
     * 10 messages tagged "a" among 90 tagged "b". A receiver of tag "c" passes all of them (the frontier) without reading
     * one; a receiver of "b" leases its 90 and gives them back (ready offsets); a receiver of "a" then looks at the
     * unclaimed and the ready offsets and reads only its own 10 records.
     */
    @Test
    void aReceiveReadsOnlyTheRecordsWhoseTagHashItsFilterAccepts() {
        Map<MessageId, Integer> sent = send("sparse", tagged(100, i -> i % 10 == 0 ? "a" : "b"));
        long before = store.recordsRead();
        assertThat(receiver("g-sparse", "sparse", "c").receive(100, Duration.ZERO)).isEmpty();
        assertThat(store.recordsRead() - before).as("records read passing 100 frontier offsets none of which is tagged c").isZero();

        LeaseConsumer b = receiver("g-sparse", "sparse", "b");
        List<LeasedMessage> bs = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> bs.addAll(b.receive(100, Duration.ofMillis(100))) && bs.size() >= 90);
        bs.forEach(m -> b.nack(m, Duration.ZERO));

        long beforeA = store.recordsRead();
        List<Integer> as = new ArrayList<>();
        LeaseConsumer a = receiver("g-sparse", "sparse", "a");
        for (LeasedMessage m : a.receive(100, Duration.ZERO)) {
            as.add(sent.get(m.message().id()));
        }
        assertThat(as).containsExactlyInAnyOrderElementsOf(indexes(100, i -> i % 10 == 0));
        assertThat(store.recordsRead() - beforeA).as("records read by a receive that looked at 90 ready and 10 unclaimed offsets").isEqualTo(10);
        assertThat(cluster.brokers.get(0).stats().get("commitlog.reads")).as("tern admin stats").isEqualTo(store.recordsRead());

        List<LeasedMessage> again = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> again.addAll(b.receive(100, Duration.ofMillis(100))) && again.size() >= 90);
        assertThat(again).allSatisfy(m -> assertThat(m.deliveryCount()).isEqualTo(2)).extracting(m -> sent.get(m.message().id()))
                .containsExactlyInAnyOrderElementsOf(indexes(100, i -> i % 10 != 0));

        long beforeAll = store.recordsRead();
        assertThat(drain(receiver("g-all", "sparse", "*"), sent, 100)).hasSize(100).doesNotHaveDuplicates();
        assertThat(store.recordsRead() - beforeAll).as("without a tag filter every record is read").isGreaterThanOrEqualTo(100);
    }
}
