package io.tern.broker;

import io.tern.client.Admin;
import io.tern.client.ConsumerProbe;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.client.PushConsumer;
import io.tern.message.Message;
import io.tern.message.ReceivedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JMSPriority for offset-mode consumers: the client's buffer hands out the highest priority waiting in any of the
 * member's queues first, equal priorities in each queue's send order, and commits never pass a message still waiting.
 * Bodies name the queue: "low-2-1" is the second low-priority message sent to queue 2.
 */
class OffsetPriorityIT {
    private static final int QUEUES = 4;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    Cluster cluster;
    Producer producer;
    Admin admin;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b);
        producer = Producer.builder().nameServers(cluster.nameServers()).build();
        admin = new Admin(List.of(cluster.nameServers()));
    }

    @AfterEach
    void stop() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
        admin.close();
        producer.close();
        cluster.close();
    }

    /** A sharding key the producer maps to {@code queue} (it picks floorMod(key.hashCode(), queues)). */
    private static String keyOf(int queue, int queues) {
        for (int i = 0; ; i++) {
            if (Math.floorMod(("key" + i).hashCode(), queues) == queue) {
                return "key" + i;
            }
        }
    }

    /** Sends {@code body} to {@code queue}, with {@code priority} as its JMSPriority property (null: none). */
    private void send(String topic, int queues, int queue, String body, Object priority) {
        OutgoingMessage.Builder b = OutgoingMessage.to(topic).body(body);
        if (priority != null) {
            b.property(Message.PRIORITY_PROPERTY, priority);
        }
        producer.send(b.build(), keyOf(queue, queues));
    }

    private void sendLows(String topic, int perQueue) {
        for (int q = 0; q < QUEUES; q++) {
            for (int i = 0; i < perQueue; i++) {
                send(topic, QUEUES, q, "low-" + q + "-" + i, 1);
            }
        }
    }

    private PullConsumer pullConsumer(String group, String topic, PullConsumer.Model model) {
        PullConsumer c = PullConsumer.builder().nameServers(cluster.nameServers()).group(group).topic(topic)
                .from(PullConsumer.From.FIRST).model(model).autoCommitInterval(Duration.ofHours(1)).build();
        toClose.add(c);
        return c;
    }

    private static String body(ReceivedMessage m) {
        return new String(m.message().body(), StandardCharsets.UTF_8);
    }

    private static List<String> pollOneAtATime(PullConsumer c, int n) throws InterruptedException {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<ReceivedMessage> got = c.poll(WAIT, 1);
            assertThat(got).as("poll %d of %d after %s", i + 1, n, order).hasSize(1);
            order.add(body(got.get(0)));
        }
        return order;
    }

    /** The bodies of {@code order} that start with {@code prefix}, in their order there. */
    private static List<String> only(List<String> order, String prefix) {
        return order.stream().filter(b -> b.startsWith(prefix)).toList();
    }

    /** Every queue's low-priority messages appear in send order. */
    private static void assertLowsInSendOrder(List<String> order, int perQueue) {
        for (int q = 0; q < QUEUES; q++) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perQueue; i++) {
                expected.add("low-" + q + "-" + i);
            }
            assertThat(only(order, "low-" + q + "-")).as("queue %d in %s", q, order).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(PullConsumer.Model.class)
    void aBacklogOfLowPrioritiesInSeveralQueuesIsPolledAfterTheHigherOnesSentBehindIt(PullConsumer.Model model) throws Exception {
        String topic = "backlog-" + model;
        admin.createTopic(topic, QUEUES);
        sendLows(topic, 3);
        send(topic, QUEUES, 1, "default-1-0", null);
        send(topic, QUEUES, 1, "default-1-1", null);
        send(topic, QUEUES, 3, "high-3-0", 9);
        send(topic, QUEUES, 3, "high-3-1", 9);
        send(topic, QUEUES, 0, "mid-0-0", 6);
        cluster.awaitDispatched();
        PullConsumer c = pullConsumer("g-backlog", topic, model);
        await().atMost(WAIT).until(() -> ConsumerProbe.buffered(c) == 17);

        List<String> order = pollOneAtATime(c, 17);
        assertThat(order.subList(0, 5)).containsExactly("high-3-0", "high-3-1", "mid-0-0", "default-1-0", "default-1-1");
        assertThat(order.subList(5, 17)).allMatch(b -> b.startsWith("low-"));
        assertLowsInSendOrder(order, 3);
        assertThat(c.poll(Duration.ZERO, 10)).isEmpty();
    }

    @Test
    void aHighPriorityArrivingInAnotherQueueOvertakesLowOnesAlreadyBuffered() throws Exception {
        admin.createTopic("live", QUEUES);
        sendLows("live", 5);
        cluster.awaitDispatched();
        PullConsumer c = pullConsumer("g-live", "live", PullConsumer.Model.CLUSTERING);
        await().atMost(WAIT).until(() -> ConsumerProbe.buffered(c) == 20);
        List<String> order = new ArrayList<>(pollOneAtATime(c, 2));

        send("live", QUEUES, 2, "high-2-0", 8);
        cluster.awaitDispatched();
        await().atMost(WAIT).until(() -> ConsumerProbe.buffered(c) == 19);
        List<String> next = pollOneAtATime(c, 1);
        assertThat(next).containsExactly("high-2-0");

        order.addAll(next);
        order.addAll(pollOneAtATime(c, 18));
        assertLowsInSendOrder(order, 5);
    }

    @Test
    void equalPrioritiesKeepEachQueuesSendOrder() throws Exception {
        admin.createTopic("fifo", QUEUES);
        for (int i = 0; i < 25; i++) {
            for (int q = 0; q < QUEUES; q++) {
                send("fifo", QUEUES, q, "low-" + q + "-" + i, i % 2 == 0 ? null : 4); // absent and 4 are one priority
            }
        }
        cluster.awaitDispatched();
        PullConsumer c = pullConsumer("g-fifo", "fifo", PullConsumer.Model.CLUSTERING);
        List<String> order = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            c.poll(Duration.ofMillis(100), 7).forEach(m -> order.add(body(m)));
            return order.size() >= 100;
        });
        assertThat(order).hasSize(100);
        assertLowsInSendOrder(order, 25);
    }

    @Test
    void invalidPrioritiesCountAsTheDefaultFour() throws Exception {
        admin.createTopic("invalid", 1);
        send("invalid", 1, 0, "three-0", 3);
        send("invalid", 1, 0, "string-9", "9");
        send("invalid", 1, 0, "ten", 10);
        send("invalid", 1, 0, "minus-1", -1);
        send("invalid", 1, 0, "long-9", 9L);
        send("invalid", 1, 0, "four", 4);
        send("invalid", 1, 0, "none", null);
        send("invalid", 1, 0, "three-1", 3);
        send("invalid", 1, 0, "five", 5);
        cluster.awaitDispatched();
        PullConsumer c = pullConsumer("g-invalid", "invalid", PullConsumer.Model.CLUSTERING);
        await().atMost(WAIT).until(() -> ConsumerProbe.buffered(c) == 9);
        assertThat(pollOneAtATime(c, 9)).containsExactly(
                "five", "string-9", "ten", "minus-1", "long-9", "four", "none", "three-0", "three-1");
    }

    /**
     * The commit of a queue stops below its lowest message still buffered: a high priority polled ahead of low ones
     * and committed does not let a crash or a new member skip them; it is seen again instead (at-least-once).
     */
    @Test
    void aCommitNeverPassesAMessageStillWaitingInTheBuffer() throws Exception {
        admin.createTopic("safe", 1);
        for (int i = 0; i < 5; i++) {
            send("safe", 1, 0, "low-" + i, 0);
        }
        send("safe", 1, 0, "high", 9); // offset 5
        cluster.awaitDispatched();
        PullConsumer first = pullConsumer("g-safe", "safe", PullConsumer.Model.CLUSTERING);
        await().atMost(WAIT).until(() -> ConsumerProbe.buffered(first) == 6);

        assertThat(pollOneAtATime(first, 1)).containsExactly("high");
        first.commit();
        assertThat(committed("g-safe", "safe")).isZero();
        assertThat(pollOneAtATime(first, 2)).containsExactly("low-0", "low-1");
        first.commit();
        assertThat(committed("g-safe", "safe")).isEqualTo(2);
        first.close(); // commits again: still 2, low-2..low-4 wait in its buffer

        PullConsumer second = pullConsumer("g-safe", "safe", PullConsumer.Model.CLUSTERING);
        await().atMost(WAIT).until(() -> ConsumerProbe.buffered(second) == 4);
        assertThat(pollOneAtATime(second, 4)).containsExactly("high", "low-2", "low-3", "low-4");
        second.commit();
        assertThat(committed("g-safe", "safe")).isEqualTo(6);
    }

    /** The per-queue cache limit still pauses pulls (the buffer's window) and resumes them as the application polls. */
    @Test
    void flowControlStillBoundsTheBufferAndResumesPulls() throws Exception {
        admin.createTopic("bounded", 1);
        for (int i = 0; i < 40; i++) {
            send("bounded", 1, 0, (i % 3 == 0 ? "high-" : "low-") + i, i % 3 == 0 ? 7 : 2);
        }
        cluster.awaitDispatched();
        PullConsumer c = PullConsumer.builder().nameServers(cluster.nameServers()).group("g-bounded").topic("bounded")
                .from(PullConsumer.From.FIRST).pullBatch(4).maxCachedPerQueue(8).autoCommitInterval(Duration.ofHours(1)).build();
        toClose.add(c);
        await().atMost(WAIT).until(() -> ConsumerProbe.buffered(c) >= 8);
        assertThat(ConsumerProbe.buffered(c)).as("paused at 8 cached, at most one batch beyond").isLessThanOrEqualTo(8 + 4);

        List<String> order = pollOneAtATime(c, 40);
        assertThat(order).doesNotHaveDuplicates();
        assertThat(only(order, "high-")).isSortedAccordingTo(OffsetPriorityIT::bySendIndex).hasSize(14);
        assertThat(only(order, "low-")).isSortedAccordingTo(OffsetPriorityIT::bySendIndex).hasSize(26);
        c.commit();
        assertThat(committed("g-bounded", "bounded")).isEqualTo(40);
    }

    private static int bySendIndex(String a, String b) {
        return Integer.compare(Integer.parseInt(a.substring(a.indexOf('-') + 1)), Integer.parseInt(b.substring(b.indexOf('-') + 1)));
    }

    private long committed(String group, String topic) {
        return admin.groupLag(group, topic).get(0).committedOffset();
    }

    /**
     * Concurrency 1: the listener holds the first message while the backlog builds; the second already waits for the
     * thread (it left the buffer before the high ones came). After those two, every higher priority goes first.
     */
    @Test
    void aPushConsumerProcessesHigherPrioritiesFirstOnceItsListenerIsFree() throws Exception {
        admin.createTopic("pushed", QUEUES);
        sendLows("pushed", 3);
        cluster.awaitDispatched();
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        PushConsumer push = pushConsumer("g-pushed", "pushed", false, m -> {
            order.add(body(m));
            if (order.size() == 1) {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        });
        await().atMost(WAIT).until(() -> order.size() == 1 && ConsumerProbe.buffered(push) == 10); // 12 pulled, 2 taken

        send("pushed", QUEUES, 1, "high-1-0", 8);
        send("pushed", QUEUES, 3, "high-3-0", 8);
        send("pushed", QUEUES, 1, "high-1-1", 8);
        send("pushed", QUEUES, 0, "mid-0-0", 5);
        cluster.awaitDispatched();
        await().atMost(WAIT).until(() -> ConsumerProbe.buffered(push) == 14);
        release.countDown();
        await().atMost(WAIT).until(() -> order.size() == 16);

        assertThat(order.subList(0, 2)).allMatch(b -> b.startsWith("low-"));
        assertThat(order.subList(2, 5)).containsExactlyInAnyOrder("high-1-0", "high-1-1", "high-3-0");
        assertThat(only(order, "high-1-")).containsExactly("high-1-0", "high-1-1");
        assertThat(order.get(5)).isEqualTo("mid-0-0");
        assertThat(order.subList(6, 16)).allMatch(b -> b.startsWith("low-"));
        assertLowsInSendOrder(order, 3);
    }

    /** A failed high priority comes back through the retry topic into the same buffer, and overtakes the low ones there. */
    @Test
    void aRedeliveryFromTheRetryTopicCompetesByItsPriority() {
        admin.createTopic("retried", 1);
        send("retried", 1, 0, "high", 9);
        for (int i = 0; i < 6; i++) {
            send("retried", 1, 0, "low-" + i, 1);
        }
        cluster.awaitDispatched();
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean failed = new AtomicBoolean();
        PushConsumer push = pushConsumer("g-retried", "retried", false, m -> {
            order.add(body(m));
            if (body(m).equals("high") && failed.compareAndSet(false, true)) {
                throw new IllegalStateException("first delivery fails on purpose");
            }
            if (body(m).equals("low-0")) {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS); // holds the thread until the redelivery is buffered
            }
        });
        // low-0 in the listener and low-1 queued behind it leave low-2..low-5 and the redelivery in the buffer
        await().atMost(WAIT).until(() -> order.contains("low-0") && ConsumerProbe.buffered(push) == 5);
        release.countDown();
        await().atMost(WAIT).until(() -> order.size() == 8);

        assertThat(order.subList(0, 2)).containsExactly("high", "low-0");
        assertThat(order.subList(2, 4)).contains("high"); // before low-2, whether low-1 left the buffer before it came or not
        assertThat(only(order, "low-")).containsExactly("low-0", "low-1", "low-2", "low-3", "low-4", "low-5");
    }

    /** Orderly: per queue, offset order wins over priority, even when the whole backlog is buffered at once. */
    @Test
    void anOrderlyConsumerKeepsOffsetOrderWhateverThePriorities() {
        admin.createTopic("ordered", 1);
        int[] priorities = {1, 9, 1, 5, 9, 0, 4};
        for (int i = 0; i < priorities.length; i++) {
            send("ordered", 1, 0, "m" + i, priorities[i]);
        }
        cluster.awaitDispatched();
        List<String> order = new CopyOnWriteArrayList<>();
        pushConsumer("g-ordered", "ordered", true, m -> order.add(body(m)));
        await().atMost(WAIT).until(() -> order.size() == priorities.length);
        assertThat(order).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6");
    }

    private PushConsumer pushConsumer(String group, String topic, boolean orderly, PushConsumer.Listener listener) {
        PushConsumer push = PushConsumer.builder().nameServers(cluster.nameServers()).group(group).topic(topic)
                .from(PullConsumer.From.FIRST).concurrency(1).orderly(orderly).listener(listener).build();
        toClose.add(push);
        return push;
    }
}
