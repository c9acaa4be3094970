package io.tern.broker;

import io.tern.client.Admin;
import io.tern.client.MessageQueue;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.client.Rebalance;
import io.tern.client.SendResult;
import io.tern.client.TernClientException;
import io.tern.message.MessageId;
import io.tern.message.ReceivedMessage;
import io.tern.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Producers and consumers against a real NameServer and broker over loopback. */
class BrokerIT {
    @TempDir
    Path dir;
    Cluster cluster;
    Producer producer;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b);
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

    private PullConsumer consumer(String group, String topic, Rebalance strategy, PullConsumer.Model model) {
        PullConsumer c = PullConsumer.builder().nameServers(cluster.nameServers()).group(group).topic(topic)
                .from(PullConsumer.From.FIRST).rebalance(strategy).model(model)
                .rebalanceInterval(Duration.ofMillis(300)).autoCommitInterval(Duration.ofMillis(200)).build();
        toClose.add(c);
        return c;
    }

    private static OutgoingMessage msg(String topic, int i) {
        return OutgoingMessage.to(topic).tag(i % 2 == 0 ? "even" : "odd").key("k" + i).property("i", i).body("message " + i).build();
    }

    /** Polls until {@code count} distinct ids have arrived (duplicates allowed and counted separately). */
    private static List<ReceivedMessage> drain(PullConsumer c, Set<MessageId> seen, int count) {
        List<ReceivedMessage> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ReceivedMessage m : c.poll(Duration.ofMillis(100), 500)) {
                all.add(m);
                seen.add(m.message().id());
            }
            return seen.size() >= count;
        });
        return all;
    }

    @Test
    void brokerStatsAnswerNamedCountersAndAHeaderClosesTheConnection() {
        String broker = cluster.brokers.get(0).address();
        try (io.tern.remoting.RemotingClient raw = new io.tern.remoting.RemotingClient("raw", io.tern.protocol.FrameDescriptor.DEFAULT_MAX_FRAME_SIZE,
                Duration.ofSeconds(3), 8, 8)) {
            assertThatThrownBy(() -> raw.invokeSync(broker, io.tern.protocol.CommandCode.BROKER_STATS, new byte[] {1}, null, Duration.ofSeconds(3)))
                    .isInstanceOf(io.tern.remoting.RemotingException.class);
            io.tern.protocol.Frame f = raw.invokeSync(broker, io.tern.protocol.CommandCode.BROKER_STATS, null, null, Duration.ofSeconds(3));
            assertThat(f.code()).isEqualTo(ResponseCode.OK);
            assertThat(io.tern.protocol.BrokerStats.decode(f.body()).values()).containsKeys("commitlog.written", "messages.expired", "timer.pending");
        }
    }

    @Test
    void aTopicCreatedByASendOrByAdminIsRoutableWhenTheCallReturns() {
        try (Admin admin = new Admin(List.of(cluster.nameServers()))) {
            for (int i = 0; i < 20; i++) {
                producer.send(OutgoingMessage.to("fresh-" + i).body("x").build());
                consumer("g", "fresh-" + i, Rebalance.AVERAGE, PullConsumer.Model.CLUSTERING); // throws if no NameServer knows it
                admin.createTopic("made-" + i, 2);
                consumer("g", "made-" + i, Rebalance.AVERAGE, PullConsumer.Model.CLUSTERING);
            }
        }
    }

    @Test
    void everySendModeDeliversAndAConsumerReceivesAllWithContent() throws Exception {
        Set<MessageId> sent = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            SendResult r = producer.send(msg("modes", i));
            assertThat(r.queue().topic()).isEqualTo("modes");
            sent.add(r.id());
        }
        List<CompletableFuture<SendResult>> async = new ArrayList<>();
        for (int i = 20; i < 40; i++) {
            async.add(producer.sendAsync(msg("modes", i)));
        }
        for (CompletableFuture<SendResult> f : async) {
            sent.add(f.get().id());
        }
        for (int i = 40; i < 60; i++) {
            sent.add(producer.sendOneway(msg("modes", i)));
        }
        List<OutgoingMessage> batch = new ArrayList<>();
        for (int i = 60; i < 80; i++) {
            batch.add(msg("modes", i));
        }
        List<SendResult> batchResults = producer.sendBatch(batch);
        assertThat(batchResults).hasSize(20).extracting(SendResult::queue).containsOnly(batchResults.get(0).queue());
        batchResults.forEach(r -> sent.add(r.id()));

        PullConsumer c = consumer("g-modes", "modes", Rebalance.AVERAGE, PullConsumer.Model.CLUSTERING);
        Set<MessageId> seen = new HashSet<>();
        List<ReceivedMessage> got = drain(c, seen, 80);
        assertThat(seen).isEqualTo(sent);
        ReceivedMessage any = got.get(0);
        int i = (Integer) any.message().properties().get("i");
        assertThat(new String(any.message().body())).isEqualTo("message " + i);
        assertThat(any.message().keys()).containsExactly("k" + i);
        assertThat(any.bornHost()).startsWith("127.0.0.1:");
    }

    @Test
    void aShardingKeyKeepsAKeyInOneQueueInOrder() {
        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            results.add(producer.send(msg("ordered", i), "customer-42"));
        }
        assertThat(results).extracting(SendResult::queue).containsOnly(results.get(0).queue());
        assertThat(results).extracting(SendResult::queueOffset).isSorted();
    }

    @Test
    void tagSubscriptionsFilterOnTheBroker() {
        for (int i = 0; i < 40; i++) {
            producer.send(msg("tagged", i));
        }
        PullConsumer c = PullConsumer.builder().nameServers(cluster.nameServers()).group("g-tags").topic("tagged").tags("odd")
                .from(PullConsumer.From.FIRST).build();
        toClose.add(c);
        Set<MessageId> seen = new HashSet<>();
        List<ReceivedMessage> got = drain(c, seen, 20);
        assertThat(got).allMatch(m -> "odd".equals(m.message().tag()));
    }

    @Test
    void threeConsumersShareTheQueuesAndWhenOneLeavesNothingIsLost() throws Exception {
        for (int i = 0; i < 200; i++) {
            producer.send(msg("shared", i));
        }
        PullConsumer a = consumer("g-shared", "shared", Rebalance.ROUND_ROBIN, PullConsumer.Model.CLUSTERING);
        PullConsumer b = consumer("g-shared", "shared", Rebalance.ROUND_ROBIN, PullConsumer.Model.CLUSTERING);
        PullConsumer c = consumer("g-shared", "shared", Rebalance.ROUND_ROBIN, PullConsumer.Model.CLUSTERING);
        // members converge once each sees all three in the member list: every queue owned, none twice, nobody idle
        // (views differ briefly while heartbeats spread; that overlap is where duplicates may occur)
        await().atMost(Duration.ofSeconds(20)).until(() -> settled(List.of(a, b, c)));

        Set<MessageId> seen = new HashSet<>();
        List<PullConsumer> members = List.of(a, b, c);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (PullConsumer m : members) {
                m.poll(Duration.ofMillis(50), 500).forEach(r -> seen.add(r.message().id()));
            }
            return seen.size() == 200;
        });
        for (PullConsumer m : members) {
            m.commit();
        }

        c.close(); // leaves: a and b take its queues from its committed offsets
        toClose.remove(c);
        for (int i = 200; i < 400; i++) {
            producer.send(msg("shared", i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (PullConsumer m : List.of(a, b)) {
                m.poll(Duration.ofMillis(50), 500).forEach(r -> seen.add(r.message().id()));
            }
            return seen.size() == 400 && settled(List.of(a, b));
        });
    }

    private static boolean settled(List<PullConsumer> members) {
        Set<MessageQueue> union = new HashSet<>();
        int total = 0;
        for (PullConsumer m : members) {
            Set<MessageQueue> mine = m.assignment();
            if (mine.isEmpty()) {
                return false;
            }
            union.addAll(mine);
            total += mine.size();
        }
        return union.size() == 4 && total == 4;
    }

    @Test
    void broadcastingGivesEveryMemberEveryMessage() {
        for (int i = 0; i < 50; i++) {
            producer.send(msg("news", i));
        }
        PullConsumer a = consumer("g-news", "news", Rebalance.AVERAGE, PullConsumer.Model.BROADCASTING);
        PullConsumer b = consumer("g-news", "news", Rebalance.AVERAGE, PullConsumer.Model.BROADCASTING);
        Set<MessageId> seenA = new HashSet<>();
        Set<MessageId> seenB = new HashSet<>();
        drain(a, seenA, 50);
        drain(b, seenB, 50);
        assertThat(seenA).isEqualTo(seenB).hasSize(50);
    }

    @Test
    void aHeldPullIsAnsweredByTheSendNotByItsTimeout() throws Exception {
        producer.send(msg("poll", 0)); // creates the topic
        PullConsumer c = PullConsumer.builder().nameServers(cluster.nameServers()).group("g-poll").topic("poll")
                .from(PullConsumer.From.LAST).longPoll(Duration.ofSeconds(60)).build();
        toClose.add(c);
        await().atMost(Duration.ofSeconds(10)).until(() -> c.assignment().size() == 4);
        // the consumer's pulls are now held on the broker for up to 60 s; a send must answer one at once
        long start = System.nanoTime();
        SendResult sent = producer.send(msg("poll", 1));
        Set<MessageId> seen = new HashSet<>();
        for (int round = 0; round < 10 && !seen.contains(sent.id()); round++) {
            c.poll(Duration.ofSeconds(1), 10).forEach(m -> seen.add(m.message().id())); // returns as soon as one arrives
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(seen).contains(sent.id());
        assertThat(millis).as("answered by the send, far sooner than the 60 s hold").isLessThan(10_000);
        System.out.println("long poll: message received " + millis + " ms after the send began");
    }

    @Test
    void adminSeesTopicsGroupsAndLag() {
        try (Admin admin = new Admin(List.of(cluster.nameServers()))) {
            admin.createTopic("admin-made", 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.listTopics().stream().anyMatch(t -> t.name().equals("admin-made")));
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> producer.send(msg("admin-made", 0)) != null);
            for (int i = 1; i < 10; i++) {
                producer.send(msg("admin-made", i));
            }
            // a send is acknowledged once written; the queues count it once dispatched, a moment later
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin.groupLag("nobody", "admin-made")).hasSize(2)
                    .allSatisfy(q -> assertThat(q.committedOffset()).isEqualTo(-1))
                    .extracting(Admin.QueueLag::lag).containsOnly(5L));
            assertThat(admin.cluster().brokers()).singleElement().satisfies(e -> assertThat(e.brokerName()).isEqualTo("broker-a"));
        }
    }

    @Test
    void aPushConsumerDeliversConcurrentlyRetriesFailuresAndCommitsOnlyFinishedWork() {
        for (int i = 0; i < 100; i++) {
            producer.send(msg("pushed", i));
        }
        Set<MessageId> done = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean failedOnce = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger concurrent = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger maxConcurrent = new java.util.concurrent.atomic.AtomicInteger();
        MessageId[] failed = new MessageId[1];
        try (io.tern.client.PushConsumer push = io.tern.client.PushConsumer.builder().nameServers(cluster.nameServers())
                .group("g-push").topic("pushed").from(PullConsumer.From.FIRST).concurrency(4)
                .pull(b -> b.autoCommitInterval(Duration.ofMillis(100)))
                .listener(m -> {
                    maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    try {
                        if (failedOnce.compareAndSet(false, true)) {
                            failed[0] = m.message().id();
                            throw new IllegalStateException("first delivery fails on purpose");
                        }
                        done.add(m.message().id());
                    } finally {
                        concurrent.decrementAndGet();
                    }
                }).build()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> done.size() == 100);
            assertThat(done).contains(failed[0]); // delivered again after its failure
            assertThat(maxConcurrent.get()).isBetween(1, 4);
        }
        for (int i = 100; i < 110; i++) {
            producer.send(msg("pushed", i));
        }
        Set<MessageId> second = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (io.tern.client.PushConsumer again = io.tern.client.PushConsumer.builder().nameServers(cluster.nameServers())
                .group("g-push").topic("pushed").from(PullConsumer.From.FIRST).listener(m -> second.add(m.message().id())).build()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> second.size() >= 10);
            assertThat(second).doesNotContainAnyElementsOf(done); // the group's commits held: finished work is not redone
        }
    }

    @Test
    void aJoiningOrLeavingMemberRebalancesTheGroupWithoutWaitingForThePeriod() {
        producer.send(msg("members", 0));
        PullConsumer.Builder slow = PullConsumer.builder().nameServers(cluster.nameServers()).group("g-members").topic("members")
                .rebalanceInterval(Duration.ofMinutes(10)); // only the broker's notification can move queues in time
        PullConsumer first = slow.build();
        toClose.add(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.assignment().size() == 4);
        PullConsumer second = slow.build();
        toClose.add(second);
        await().atMost(Duration.ofSeconds(10)).until(() -> settled(List.of(first, second)));
        second.close();
        toClose.remove(second);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.assignment().size() == 4);
    }

    @Test
    void losingEveryNameServerDoesNotStopTrafficToKnownBrokers() {
        SendResult before = producer.send(msg("survive", 0));
        cluster.namesrv.close();
        SendResult after = producer.send(msg("survive", 1));
        assertThat(after.queue().brokerName()).isEqualTo(before.queue().brokerName());
    }

    @Test
    void aSendToABrokerThatDiedIsRetriedOnAnother() {
        Broker b = cluster.startBroker("broker-b", x -> x);
        try (Admin admin = new Admin(List.of(cluster.nameServers()))) {
            admin.createTopic("twice", 2);
        }
        Set<String> used = new HashSet<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            used.add(producer.send(msg("twice", 0)).queue().brokerName());
            return used.size() == 2; // the producer's route has both brokers
        });
        cluster.brokers.get(0).close(); // broker-a is gone; the producer's cached route still lists it
        for (int i = 0; i < 20; i++) {
            assertThat(producer.send(msg("twice", i)).queue().brokerName()).isEqualTo(b.config().brokerName());
        }
    }

    @Test
    void committedOffsetsSurviveAGracefulRestartAndTheStoreStartsClean() throws Exception {
        for (int i = 0; i < 40; i++) {
            producer.send(msg("durable", i));
        }
        PullConsumer c = consumer("g-durable", "durable", Rebalance.AVERAGE, PullConsumer.Model.CLUSTERING);
        drain(c, new HashSet<>(), 40);
        c.commit();
        c.close();
        toClose.remove(c);

        Broker old = cluster.brokers.remove(0);
        old.close();
        Broker restarted = cluster.startBroker("broker-a", b -> b);
        assertThat(restarted.store().recoveryReport().cleanStart()).isTrue();
        try (Admin admin = new Admin(List.of(cluster.nameServers()))) {
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> admin.groupLag("g-durable", "durable").stream().allMatch(q -> q.lag() == 0 && q.committedOffset() >= 0));
            assertThat(admin.groupLag("g-durable", "durable")).extracting(Admin.QueueLag::committedOffset).containsOnly(10L);
        }
    }

    @Test
    void topicPermissionsAreEnforcedWithAClearError() {
        try (io.tern.remoting.RemotingClient raw = new io.tern.remoting.RemotingClient("perm-test", 1 << 20, Duration.ofSeconds(3), 8, 8)) {
            String broker = cluster.brokers.get(0).address();
            io.tern.protocol.Headers.Writer w = io.tern.protocol.Headers.writer();
            new io.tern.protocol.TopicConfig("writeonly", 2, 2, io.tern.protocol.TopicConfig.PERM_WRITE).writeTo(w);
            assertThat(raw.invokeSync(broker, io.tern.protocol.CommandCode.CREATE_TOPIC, w.toBytes(), null, Duration.ofSeconds(3)).code())
                    .isEqualTo(ResponseCode.OK);
            io.tern.protocol.Frame pull = raw.invokeSync(broker, io.tern.protocol.CommandCode.PULL,
                    new io.tern.protocol.PullRequest("g", "writeonly", 0, 0, 10, 0, null, null).encode(), null, Duration.ofSeconds(3));
            assertThat(pull.code()).isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(io.tern.protocol.ErrorHeader.decode(pull.header()).message()).contains("writeonly").contains("not readable");

            io.tern.protocol.Frame badQueue = raw.invokeSync(broker, io.tern.protocol.CommandCode.PULL,
                    new io.tern.protocol.PullRequest("g", "writeonly", 7, 0, 10, 0, null, null).encode(), null, Duration.ofSeconds(3));
            assertThat(io.tern.protocol.ErrorHeader.decode(badQueue.header()).message()).isNotBlank();

            io.tern.protocol.Headers.Writer bad = io.tern.protocol.Headers.writer();
            new io.tern.protocol.TopicConfig("too-many", 5000, 5000, io.tern.protocol.TopicConfig.PERM_READ_WRITE).writeTo(bad);
            io.tern.protocol.Frame refused = raw.invokeSync(broker, io.tern.protocol.CommandCode.CREATE_TOPIC, bad.toBytes(), null, Duration.ofSeconds(3));
            assertThat(refused.code()).isEqualTo(ResponseCode.INVALID_REQUEST);
            assertThat(io.tern.protocol.ErrorHeader.decode(refused.header()).message()).contains("5000").contains("1-1024");
        }
    }

    @Test
    void badRequestsGetClearErrors() {
        assertThatThrownBy(() -> producer.send(OutgoingMessage.to("bad topic").body("x").build()))
                .isInstanceOf(TernClientException.class).hasMessageContaining("bad topic").hasMessageContaining(io.tern.protocol.Names.TOPIC_RULE);
        assertThatThrownBy(() -> PullConsumer.builder().nameServers(cluster.nameServers()).group("g").topic("never-made").build())
                .isInstanceOf(TernClientException.class).satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.TOPIC_NOT_FOUND));
        assertThatThrownBy(() -> Producer.builder().build()).hasMessageContaining("NameServer");
    }
}
