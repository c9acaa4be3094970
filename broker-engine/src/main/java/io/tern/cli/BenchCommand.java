package io.tern.cli;

import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
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
 * {@code tern bench produce|consume|e2e}: a load tool. Prints a progress line every second and, at the end,
 * throughput and latency percentiles (HdrHistogram, microseconds).
 * <ul>
 *   <li>produce: {@code --threads} threads send synchronously, each at {@code --rate}/threads msg/s (0 = as fast as answered).</li>
 *   <li>consume: drains the topic from its first message as a new group, for {@code --duration} or until idle 3 s.</li>
 *   <li>e2e: one producer at {@code --rate} and one consumer in this process; latency = receive time - send time.</li>
 * </ul>
 */
@Command(name = "bench", description = "Measure throughput and latency: produce, consume or e2e.")
final class BenchCommand implements Callable<Integer> {
    enum Kind { produce, consume, e2e }

    @Parameters(index = "0", description = "produce, consume or e2e")
    Kind kind;
    @picocli.CommandLine.Mixin
    Credentials credentials;
    @Option(names = "--namesrv", required = true)
    String namesrv;
    @Option(names = "--topic", defaultValue = "bench")
    String topic;
    @Option(names = "--threads", defaultValue = "1")
    int threads;
    @Option(names = "--size", defaultValue = "1024", description = "body bytes (default ${DEFAULT-VALUE})")
    int size;
    @Option(names = "--rate", defaultValue = "0", description = "messages per second in all, 0 = unthrottled (default ${DEFAULT-VALUE})")
    int rate;
    @Option(names = "--duration", defaultValue = "10", description = "seconds (default ${DEFAULT-VALUE})")
    int duration;
    @Option(names = "--batch", defaultValue = "1", description = "messages per send (batch send when above 1)")
    int batch;

    @Override
    public Integer call() throws Exception {
        if (threads < 1 || size < 8 || rate < 0 || duration < 1 || batch < 1) {
            throw new IllegalArgumentException("need --threads >= 1, --size >= 8, --rate >= 0, --duration >= 1, --batch >= 1");
        }
        return switch (kind) {
            case produce -> produce();
            case consume -> consume();
            case e2e -> e2e();
        };
    }

    private int produce() throws InterruptedException {
        Recorder latency = new Recorder(3);
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        try (Producer producer = Producer.builder().nameServers(namesrv).credentials(credentials.user, credentials.password()).group("tern-bench").build()) {
            producer.send(message(0)); // create the topic and warm the connection before timing
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
        }
        return failed.get() == 0 ? 0 : 1;
    }

    private void sendLoop(Producer producer, Recorder latency, AtomicLong sent, AtomicLong failed, AtomicBoolean running) {
        long intervalNanos = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * threads * batch / rate;
        long next = System.nanoTime();
        while (running.get()) {
            if (intervalNanos > 0) {
                next += intervalNanos;
                LockSupport.parkNanos(next - System.nanoTime());
            }
            long start = System.nanoTime();
            try {
                if (batch == 1) {
                    producer.send(message(start));
                } else {
                    List<OutgoingMessage> b = new ArrayList<>(batch);
                    for (int i = 0; i < batch; i++) {
                        b.add(message(start));
                    }
                    producer.sendBatch(b);
                }
                latency.recordValue((System.nanoTime() - start) / 1000);
                sent.addAndGet(batch);
            } catch (RuntimeException e) {
                failed.addAndGet(batch);
            }
        }
    }

    private int consume() throws InterruptedException {
        Recorder none = new Recorder(3);
        AtomicLong received = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(duration);
        try (PullConsumer consumer = PullConsumer.builder().nameServers(namesrv).credentials(credentials.user, credentials.password()).topic(topic).group("bench-" + UUID.randomUUID())
                .from(PullConsumer.From.FIRST).pullBatch(256).maxCachedPerQueue(4096).build()) {
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
            double seconds = Math.max(1e-3, (lastReceived - start) / 1e9); // the idle wait at the end is not consuming
            System.out.printf("consume: %,d messages in %.2f s = %,.0f msg/s%n", received.get(), seconds, received.get() / seconds);
        }
        return 0;
    }

    private int e2e() throws InterruptedException {
        Recorder latency = new Recorder(3);
        AtomicLong received = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        try (Producer producer = Producer.builder().nameServers(namesrv).credentials(credentials.user, credentials.password()).group("tern-bench").build()) {
            producer.send(message(0));
            try (PullConsumer consumer = PullConsumer.builder().nameServers(namesrv).credentials(credentials.user, credentials.password()).topic(topic).group("bench-e2e-" + UUID.randomUUID())
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

    /** The body starts with the send time (nanoTime), so e2e latency can be read back in this process. */
    private OutgoingMessage message(long nanoTime) {
        byte[] body = new byte[size];
        ByteBuffer.wrap(body).putLong(nanoTime);
        return OutgoingMessage.to(topic).body(body).build();
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
