package io.tern.cli;

import io.tern.client.Admin;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.client.Transaction;
import io.tern.message.ReceivedMessage;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code tern bench produce|consume|e2e|ctp}: a load tool. Prints a progress line every second and, at the end,
 * throughput and latency percentiles (HdrHistogram, microseconds).
 * <ul>
 *   <li>produce: {@code --threads} threads send synchronously, each at {@code --rate}/threads msg/s (0 = as fast as answered).
 *       {@code --batch N} sends N messages per request; {@code --transaction-batch N} instead sends N messages in one
 *       local transaction and commits it (latency = begin to commit answered; transactions/s are printed too);
 *       {@code --delay D} makes every message a delayed one, due D after the broker receives it;
 *       {@code --match-percent P} gives each message the properties of {@link #MATCH_SELECTOR} such that exactly P of
 *       every 100 consecutive messages of a thread match it (see {@link #message}).</li>
 *   <li>consume: drains the topic from its first message as a new group, for {@code --duration} or until idle 3 s.
 *       With {@code --selector SQL} the broker filters; then the messages scanned are printed too: the group's
 *       committed offsets after the run (which pass the messages the selector skipped) less the queues' first offsets.</li>
 *   <li>e2e: one producer at {@code --rate} and one consumer in this process; latency = receive time - send time.</li>
 *   <li>ctp (consume-transform-produce): a transactional consumer drains the topic from its first message as a new
 *       group; each poll of up to {@code --transaction-batch} (default 32) messages is copied to {@code <topic>-out} in
 *       one local transaction that also holds the consumed offsets, then committed. Latency = transaction begin to
 *       commit answered. Runs for {@code --duration} or until idle 3 s; fill the topic with produce first.</li>
 * </ul>
 */
@Command(name = "bench", description = "Measure throughput and latency: produce, consume, e2e or ctp (transactional consume-transform-produce).")
final class BenchCommand implements Callable<Integer> {
    /**
     * The selector {@code --match-percent} is made for. A matching message has region 'eu', amount 250, priority 5;
     * a non-matching one fails one clause, in turn the first, second and third (region 'us', amount 50, priority 9),
     * so that the broker's evaluation stops at every depth of the AND.
     */
    static final String MATCH_SELECTOR = "region = 'eu' AND amount > 100 AND priority BETWEEN 3 AND 7";

    enum Kind { produce, consume, e2e, ctp }

    @Parameters(index = "0", description = "produce, consume, e2e or ctp")
    Kind kind;
    @picocli.CommandLine.Mixin
    ClusterOptions cluster;
    @Option(names = "--topic", defaultValue = "bench", description = "the topic to load (default ${DEFAULT-VALUE})")
    String topic;
    @Option(names = "--threads", defaultValue = "1", description = "produce: sending threads (default ${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--size", defaultValue = "1024", description = "body bytes (default ${DEFAULT-VALUE})")
    int size;
    @Option(names = "--rate", defaultValue = "0", description = "messages per second in all, 0 = unthrottled (default ${DEFAULT-VALUE})")
    int rate;
    @Option(names = "--duration", defaultValue = "10s", description = "how long to run, whole seconds: 10s, 2m"
            + " (default ${DEFAULT-VALUE})")
    Duration runFor;
    private int duration;
    @Option(names = "--batch", defaultValue = "1", description = "messages per send (batch send when above 1; default ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--transaction-batch", defaultValue = "0",
            description = "produce: send this many messages per local transaction and commit it (default ${DEFAULT-VALUE}: no"
                    + " transactions)")
    int transactionBatch;
    @Option(names = "--delay", description = "produce: every message is due this long after the broker receives it: 500ms, 10s, 5m"
            + " (default: none)")
    Duration delay;
    @Option(names = "--match-percent", description = "produce: exactly P of every 100 messages match the selector \""
            + MATCH_SELECTOR + "\" (0-100; default: no such properties)")
    Integer matchPercent;
    @Option(names = "--selector", description = "consume: a message selector (SQL92), evaluated by the broker (default: none)")
    String selector;

    private Duration delayDuration;

    @Override
    public Integer call() throws Exception {
        duration = (int) Math.min(Integer.MAX_VALUE, runFor.toSeconds());
        if (threads < 1 || size < 8 || rate < 0 || duration < 1 || batch < 1 || transactionBatch < 0) {
            throw new BadUsage("need --threads >= 1, --size >= 8, --rate >= 0, --duration >= 1, --batch >= 1, "
                    + "--transaction-batch >= 0");
        }
        if (transactionBatch > 0 && batch > 1) {
            throw new BadUsage("use only one of --batch and --transaction-batch");
        }
        if (matchPercent != null && (matchPercent < 0 || matchPercent > 100)) {
            throw new BadUsage("--match-percent " + matchPercent + " is not within 0-100");
        }
        delayDuration = delay;
        return switch (kind) {
            case produce -> produce();
            case consume -> consume();
            case e2e -> e2e();
            case ctp -> consumeTransformProduce();
        };
    }

    private int produce() throws InterruptedException {
        Recorder latency = new Recorder(3);
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        try (Producer producer = Producer.builder().nameServers(cluster.addresses()).credentials(cluster.user(), cluster.password()).group("tern-bench").build()) {
            producer.send(message(0, -1)); // create the topic and warm the connection before timing
            if (matchPercent != null) {
                System.out.printf("produce: %d%% of the messages match the selector: %s%n", matchPercent, MATCH_SELECTOR);
            }
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> sendLoop(producer, latency, sent, failed, running), "bench-producer-" + t);
                workers.add(w);
                w.start();
            }
            Histogram total = report("produce", latency, sent, failed);
            running.set(false);
            for (Thread w : workers) {
                w.join();
            }
            summary("produce", total, sent.get(), failed.get());
            if (transactionBatch > 0) {
                System.out.printf("produce: %,d transactions of %d messages committed = %,.0f transactions/s%n",
                        sent.get() / transactionBatch, transactionBatch, (double) sent.get() / transactionBatch / duration);
            }
        }
        return failed.get() == 0 ? 0 : 1;
    }

    private void sendLoop(Producer producer, Recorder latency, AtomicLong sent, AtomicLong failed, AtomicBoolean running) {
        int perSend = Math.max(batch, transactionBatch);
        long intervalNanos = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * threads * perSend / rate;
        long next = System.nanoTime();
        long seq = 0; // this thread's message count, for --match-percent
        while (running.get()) {
            if (intervalNanos > 0) {
                next += intervalNanos;
                LockSupport.parkNanos(next - System.nanoTime());
            }
            long start = System.nanoTime();
            try {
                if (transactionBatch > 0) {
                    sendTransaction(producer, start, seq);
                } else if (batch == 1) {
                    producer.send(message(start, seq));
                } else {
                    List<OutgoingMessage> b = new ArrayList<>(batch);
                    for (int i = 0; i < batch; i++) {
                        b.add(message(start, seq + i));
                    }
                    producer.sendBatch(b);
                }
                latency.recordValue((System.nanoTime() - start) / 1000);
                sent.addAndGet(perSend);
            } catch (RuntimeException e) {
                failed.addAndGet(perSend);
            }
            seq += perSend;
        }
    }

    /** One local transaction of {@code --transaction-batch} messages, committed; rolled back if a send fails. */
    private void sendTransaction(Producer producer, long start, long seq) {
        Transaction tx = producer.beginTransaction();
        try {
            for (int i = 0; i < transactionBatch; i++) {
                tx.send(message(start, seq + i));
            }
        } catch (RuntimeException e) {
            try {
                tx.rollback();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        tx.commit();
    }

    private int consume() throws InterruptedException {
        AtomicLong received = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(duration);
        String group = "bench-" + UUID.randomUUID();
        double seconds;
        try (PullConsumer consumer = PullConsumer.builder().nameServers(cluster.addresses()).credentials(cluster.user(), cluster.password()).topic(topic).group(group)
                .selector(selector).from(PullConsumer.From.FIRST).pullBatch(256).maxCachedPerQueue(4096).build()) {
            long start = 0;
            long lastReceived = 0;
            long lastTick = System.nanoTime();
            long lastCount = 0;
            while (System.nanoTime() < deadline) {
                List<ReceivedMessage> got = consumer.poll(Duration.ofSeconds(3), 4096);
                if (got.isEmpty()) {
                    break;
                }
                long now = System.nanoTime();
                start = start == 0 ? now : start; // from the first message: rebalancing is not consuming
                lastReceived = now;
                received.addAndGet(got.size());
                if (now - lastTick >= TimeUnit.SECONDS.toNanos(1)) {
                    System.out.printf("consume: %,d msg/s%n", (received.get() - lastCount) * 1_000_000_000L / (now - lastTick));
                    lastTick = now;
                    lastCount = received.get();
                }
            }
            seconds = Math.max(1e-3, (lastReceived - start) / 1e9); // the idle wait at the end is not consuming
            System.out.printf("consume: %,d messages in %.2f s = %,.0f msg/s%n", received.get(), seconds, received.get() / seconds);
        } // close() commits the offsets read below
        if (selector != null) {
            long scanned = scanned(group);
            System.out.printf("consume: selector %s delivered %,d of %,d messages scanned (%.1f%%) = %,.0f scanned msg/s%n", selector,
                    received.get(), scanned, 100.0 * received.get() / Math.max(1, scanned), scanned / seconds);
        }
        return 0;
    }

    private int consumeTransformProduce() throws InterruptedException {
        int perTransaction = transactionBatch > 0 ? transactionBatch : 32;
        Histogram latency = new Histogram(3);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(duration);
        long messages = 0;
        long first = 0;
        long last = 0;
        try (Producer producer = Producer.builder().nameServers(cluster.addresses()).credentials(cluster.user(), cluster.password()).group("tern-bench").build();
             PullConsumer consumer = PullConsumer.builder().nameServers(cluster.addresses()).credentials(cluster.user(), cluster.password()).topic(topic)
                     .group("bench-ctp-" + UUID.randomUUID()).from(PullConsumer.From.FIRST).transactional(true).build()) {
            producer.send(OutgoingMessage.to(topic + "-out").body(new byte[size]).build()); // create the output topic before timing
            while (System.nanoTime() < deadline) {
                List<ReceivedMessage> got = consumer.poll(Duration.ofSeconds(3), perTransaction);
                if (got.isEmpty()) {
                    break;
                }
                long start = System.nanoTime();
                first = first == 0 ? start : first;
                Transaction tx = producer.beginTransaction();
                got.forEach(m -> tx.send(OutgoingMessage.to(topic + "-out").body(m.message().body()).build()));
                consumer.commit(tx);
                tx.commit();
                last = System.nanoTime();
                latency.recordValue((last - start) / 1000);
                messages += got.size();
            }
        }
        double seconds = Math.max(1e-3, (last - first) / 1e9);
        System.out.printf("ctp: %,d messages in %,d transactions in %.2f s = %,.0f msg/s, %,.0f transactions/s%n", messages,
                latency.getTotalCount(), seconds, messages / seconds, latency.getTotalCount() / seconds);
        System.out.printf("ctp transaction latency us: p50 %,d  p99 %,d  max %,d%n", latency.getValueAtPercentile(50),
                latency.getValueAtPercentile(99), latency.getMaxValue());
        return 0;
    }

    /**
     * The messages the broker passed over for {@code group}: its committed offsets less the queues' first offsets. A
     * filtered pull answers with the offset after the last message it scanned, so this counts the skipped messages too,
     * except those after the last delivered one of each queue: with {@code --match-percent} fewer than 100 per queue.
     */
    private long scanned(String group) {
        try (Admin admin = cluster.admin()) {
            return admin.groupLag(group, topic).stream().mapToLong(q -> Math.max(0, q.committedOffset() - q.minOffset())).sum();
        }
    }

    private int e2e() throws InterruptedException {
        Recorder latency = new Recorder(3);
        AtomicLong received = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        try (Producer producer = Producer.builder().nameServers(cluster.addresses()).credentials(cluster.user(), cluster.password()).group("tern-bench").build()) {
            producer.send(message(0, -1));
            try (PullConsumer consumer = PullConsumer.builder().nameServers(cluster.addresses()).credentials(cluster.user(), cluster.password()).topic(topic).group("bench-e2e-" + UUID.randomUUID())
                    .from(PullConsumer.From.LAST).build()) {
                Thread receiver = new Thread(() -> receiveLoop(consumer, latency, received, running), "bench-e2e-consumer");
                receiver.start();
                while (consumer.assignment().isEmpty()) { // the consumer takes its queues before timing starts
                    Thread.sleep(50);
                }
                AtomicLong sent = new AtomicLong();
                Thread sender = new Thread(() -> sendLoop(producer, new Recorder(3), sent, failed, running), "bench-e2e-producer");
                sender.start();
                Histogram total = report("e2e", latency, received, failed);
                running.set(false);
                sender.join();
                receiver.join();
                summary("e2e", total, received.get(), failed.get());
            }
        }
        return 0;
    }

    private static void receiveLoop(PullConsumer consumer, Recorder latency, AtomicLong received, AtomicBoolean running) {
        try {
            while (running.get()) {
                for (ReceivedMessage m : consumer.poll(Duration.ofMillis(200), 1024)) {
                    long sentAt = ByteBuffer.wrap(m.message().body()).getLong();
                    if (sentAt != 0) {
                        latency.recordValue(Math.max(0, (System.nanoTime() - sentAt) / 1000));
                        received.incrementAndGet();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The body starts with the send time (nanoTime), so e2e latency can be read back in this process. With
     * {@code --match-percent P}, message {@code seq} of its thread matches {@link #MATCH_SELECTOR} when
     * {@code seq % 100 < P}; the warm-up message ({@code seq} -1) never matches.
     */
    private OutgoingMessage message(long nanoTime, long seq) {
        byte[] body = new byte[size];
        ByteBuffer.wrap(body).putLong(nanoTime);
        OutgoingMessage.Builder m = OutgoingMessage.to(topic).body(body);
        if (matchPercent != null) {
            boolean match = seq >= 0 && seq % 100 < matchPercent;
            long fail = match ? -1 : Math.floorMod(seq, 3);
            m.property("region", fail == 0 ? "us" : "eu").property("amount", fail == 1 ? 50 : 250).property("priority", fail == 2 ? 9 : 5);
        }
        if (delayDuration != null) {
            m.delay(delayDuration);
        }
        return m.build();
    }

    /** Prints a progress line each second for the duration; returns the whole run's histogram. */
    private Histogram report(String what, Recorder latency, AtomicLong count, AtomicLong failed) throws InterruptedException {
        Histogram total = new Histogram(3);
        long last = count.get();
        for (int s = 1; s <= duration; s++) {
            Thread.sleep(1000);
            Histogram interval = latency.getIntervalHistogram();
            total.add(interval);
            long now = count.get();
            System.out.printf("%s: %3d s  %,9d msg/s  p50 %,7d us  p99 %,7d us  failed %d%n", what, s, now - last,
                    interval.getValueAtPercentile(50), interval.getValueAtPercentile(99), failed.get());
            last = now;
        }
        return total;
    }

    private void summary(String what, Histogram h, long count, long failed) {
        System.out.printf("%s: %,d messages of %d bytes in %d s = %,.0f msg/s, %d failed, threads %d%n", what, count, size, duration,
                (double) count / duration, failed, threads);
        System.out.printf("%s latency us: p50 %,d  p90 %,d  p99 %,d  p99.9 %,d  max %,d%n", what, h.getValueAtPercentile(50),
                h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }
}
