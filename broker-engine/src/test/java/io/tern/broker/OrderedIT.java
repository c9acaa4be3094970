package io.tern.broker;

import io.tern.client.Admin;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.client.PushConsumer;
import io.tern.message.ReceivedMessage;
import io.tern.protocol.CommandCode;
import io.tern.protocol.FrameDescriptor;
import io.tern.protocol.LockRequest;
import io.tern.remoting.RemotingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Orderly consumption against a real NameServer and broker: queue locks, and per-key order through rebalances. */
class OrderedIT {
    static final int KEYS = 20;
    static final int PER_KEY = 60;
    static final String TOPIC = "ordered";
    static final String GROUP = "og";

    @TempDir
    Path dir;
    Cluster cluster;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        cluster.close();
    }

    private LockRequest lock(String clientId, Integer... queues) {
        return new LockRequest(GROUP, clientId, TOPIC, List.of(queues));
    }

    private static List<Integer> call(RemotingClient c, String address, short code, LockRequest req) {
        return LockRequest.decodeLocked(c.invokeSync(address, code, req.encode(), null, Duration.ofSeconds(3)).body());
    }

    @Test
    void aQueueHeldByALiveClientIsRefusedAndFreedWhenItsConnectionCloses() {
        String broker = cluster.brokers.get(0).address();
        RemotingClient a = new RemotingClient("a", FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 16, 16);
        RemotingClient b = new RemotingClient("b", FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 16, 16);
        toClose.add(b);
        assertThat(call(a, broker, CommandCode.LOCK_QUEUES, lock("a", 0, 1))).containsExactly(0, 1);
        assertThat(call(b, broker, CommandCode.LOCK_QUEUES, lock("b", 0, 1, 2))).containsExactly(2);
        assertThat(call(a, broker, CommandCode.LOCK_QUEUES, lock("a", 0, 1))).containsExactly(0, 1); // renewal

        a.invokeSync(broker, CommandCode.UNLOCK_QUEUES, lock("a", 1).encode(), null, Duration.ofSeconds(3));
        assertThat(call(b, broker, CommandCode.LOCK_QUEUES, lock("b", 0, 1))).containsExactly(1);

        a.close(); // no unlock: the broker sees the connection close
        await().atMost(Duration.ofSeconds(5)).until(() -> call(b, broker, CommandCode.LOCK_QUEUES, lock("b", 0)).equals(List.of(0)));
    }

    /** What each orderly consumer processed, per key, in processing order; and any overlap within a queue. */
    static final class Record {
        final Map<Integer, List<Integer>> perKey = new ConcurrentHashMap<>();
        final Map<Integer, AtomicInteger> busyQueues = new ConcurrentHashMap<>();
        final List<String> overlaps = new CopyOnWriteArrayList<>();
        final AtomicInteger processed = new AtomicInteger();
        final Map<String, AtomicInteger> byConsumer = new ConcurrentHashMap<>();
        final AtomicBoolean failedOnce = new AtomicBoolean();

        /** The listener of every consumer: key 3's message 10 fails once, to show a retry keeps the queue's order. */
        void onMessage(String consumer, ReceivedMessage m) {
            String[] kv = new String(m.message().body(), StandardCharsets.UTF_8).split(":");
            int key = Integer.parseInt(kv[0]);
            int seq = Integer.parseInt(kv[1]);
            AtomicInteger busy = busyQueues.computeIfAbsent(m.message().queueId(), q -> new AtomicInteger());
            if (busy.incrementAndGet() != 1) {
                overlaps.add(consumer + " on queue " + m.message().queueId() + " at key " + key + " seq " + seq);
            }
            try {
                if (key == 3 && seq == 10 && failedOnce.compareAndSet(false, true)) {
                    throw new IllegalStateException("injected failure");
                }
                List<Integer> seqs = perKey.computeIfAbsent(key, k -> new ArrayList<>());
                synchronized (seqs) {
                    seqs.add(seq);
                }
                processed.incrementAndGet();
                byConsumer.computeIfAbsent(consumer, c -> new AtomicInteger()).incrementAndGet();
            } finally {
                busy.decrementAndGet();
            }
        }
    }

    private PushConsumer orderly(String name, Record record) {
        PushConsumer c = PushConsumer.builder().nameServers(cluster.nameServers()).group(GROUP).topic(TOPIC)
                .from(PullConsumer.From.FIRST).orderly(true).concurrency(4).orderlyRetryDelay(Duration.ofMillis(50))
                .listener(m -> record.onMessage(name, m))
                .pull(p -> p.rebalanceInterval(Duration.ofMillis(300)).autoCommitInterval(Duration.ofMillis(200))
                        .pullBatch(8).maxCachedPerQueue(16))
                .build();
        toClose.add(c);
        return c;
    }

    /**
     * Three orderly members; one leaves mid-stream (a clean close) and another joins. A queue changes hands only after
     * its holder committed past its last processed message, and the new holder reads the offset under the lock: so per
     * key the processed sequence is exactly 0..N-1, no message twice, none out of order, and no two listeners ever ran
     * on one queue at once.
     */
    @Test
    void perKeyOrderHoldsWhileMembersLeaveAndJoin() throws Exception {
        try (Admin admin = new Admin(List.of(cluster.nameServers()))) {
            admin.createTopic(TOPIC, 8);
        }
        Record record = new Record();
        PushConsumer c1 = orderly("c1", record);
        orderly("c2", record);
        orderly("c3", record);
        Thread producer = new Thread(() -> produce(0, PER_KEY / 2), "ordered-producer");
        producer.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> record.processed.get() >= KEYS * PER_KEY / 4);
        c1.close();
        producer.join();
        PushConsumer c4 = orderly("c4", record);
        await().atMost(Duration.ofSeconds(20)).until(() -> !c4.assignment().isEmpty());
        produce(PER_KEY / 2, PER_KEY); // the second half meets c4 holding some queues
        await().atMost(Duration.ofSeconds(20)).until(() -> record.processed.get() >= KEYS * PER_KEY);
        System.out.println("processed per consumer: " + record.byConsumer);

        int byC1 = record.byConsumer.get("c1").get();
        assertThat(record.byConsumer).containsKey("c4");
        assertThat(record.byConsumer.get("c1").get()).as("c1 processed nothing after it closed").isEqualTo(byC1);
        assertThat(record.overlaps).as("two listeners on one queue at once").isEmpty();
        assertThat(record.failedOnce).isTrue();
        for (int key = 0; key < KEYS; key++) {
            List<Integer> seqs = record.perKey.get(key);
            synchronized (seqs) {
                assertThat(OrderCheck.violations(seqs, PER_KEY)).as("key %d: %s", key, seqs).isEmpty();
                assertThat(seqs).as("key %d processed exactly once each, in order", key).hasSize(PER_KEY);
            }
        }
    }

    /**
     * A member in a child JVM is SIGKILLed mid-stream: the broker frees its locks when its socket closes, the others
     * take its queues from its last commit, and replay what it processed after that. The child holds its queues first
     * (the others join after it started), so per key its part of the sequence comes before theirs: the concatenation
     * must have the {@link OrderCheck} property, replays allowed.
     */
    @Test
    void aSigkilledMembersQueuesAreTakenOverWithOnlyAReplayFromItsCommit() throws Exception {
        try (Admin admin = new Admin(List.of(cluster.nameServers()))) {
            admin.createTopic(TOPIC, 8);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), OrderedConsumerMain.class.getName(), cluster.nameServers(), GROUP, TOPIC)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        toClose.add(child::destroyForcibly);
        Map<Integer, List<Integer>> childSeqs = new ConcurrentHashMap<>();
        AtomicInteger childCount = new AtomicInteger();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> readChild(child, childSeqs, childCount, ready), "child-reader");
        reader.start();
        assertThat(ready.await(30, TimeUnit.SECONDS)).as("child consumer ready").isTrue();
        Thread producer = new Thread(() -> produce(0, PER_KEY), "ordered-producer");
        producer.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> childCount.get() >= 100);
        Record record = new Record();
        orderly("c2", record);
        orderly("c3", record);
        await().atMost(Duration.ofSeconds(20)).until(() -> childCount.get() >= KEYS * PER_KEY / 3 || record.processed.get() > 100);
        child.destroyForcibly(); // SIGKILL: no close, no last commit, no unlock
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        producer.join();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            java.util.Set<String> seen = new java.util.HashSet<>();
            childSeqs.forEach((k, l) -> l.forEach(q -> seen.add(k + ":" + q)));
            record.perKey.forEach((k, l) -> {
                synchronized (l) {
                    l.forEach(q -> seen.add(k + ":" + q));
                }
            });
            return seen.size() == KEYS * PER_KEY;
        });

        int replays = 0;
        for (int key = 0; key < KEYS; key++) {
            List<Integer> all = new ArrayList<>(childSeqs.getOrDefault(key, List.of()));
            List<Integer> local = record.perKey.getOrDefault(key, List.of());
            synchronized (local) {
                all.addAll(local);
            }
            assertThat(OrderCheck.violations(all, PER_KEY)).as("key %d: %s", key, all).isEmpty();
            replays += OrderCheck.replays(all);
        }
        assertThat(record.overlaps).isEmpty();
        System.out.println("child processed " + childCount + ", survivors " + record.byConsumer + ", replays over all keys " + replays);
    }

    private static void readChild(Process child, Map<Integer, List<Integer>> seqs, AtomicInteger count, CountDownLatch ready) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.equals("READY")) {
                    ready.countDown();
                } else if (line.matches("\\d+:\\d+")) {
                    String[] kv = line.split(":");
                    seqs.computeIfAbsent(Integer.parseInt(kv[0]), k -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(kv[1]));
                    count.incrementAndGet();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading the child consumer", e);
        }
    }

    private void produce(int fromSeq, int toSeq) {
        try (Producer p = Producer.builder().nameServers(cluster.nameServers()).build()) {
            for (int seq = fromSeq; seq < toSeq; seq++) {
                for (int key = 0; key < KEYS; key++) {
                    p.send(OutgoingMessage.to(TOPIC).body(key + ":" + seq).build(), "key-" + key);
                }
            }
        }
    }
}
