package io.tern.cli;

import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.SendResult;
import io.tern.client.Transaction;
import io.tern.protocol.Transactions;
import io.tern.message.MessageId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends messages from the shell; with {@code --ids-out} writes one acknowledged message id per line. With
 * {@code --order-key} every message goes to the queue that key hashes to, one at a time (sync), so they are stored
 * and, by an orderly consumer, processed in send order. {@code --delay}, {@code --deliver-at} or {@code --delay-level}
 * schedule the messages; {@code --ttl} makes them expire (see {@code OutgoingMessage.Builder}). With {@code --transaction}
 * every message is sent as a half message of one transaction (sync), which is then committed, rolled back, or left
 * unresolved: the CLI exits without ending it, so the broker's check-back finds no live member of producer group
 * {@code tern-cli} and, after {@code txMaxChecks} checks, parks the messages in {@code TERN_TX_UNRESOLVED}.
 */
@Command(name = "produce", description = "Send messages to a topic.")
final class ProduceCommand implements Callable<Integer> {
    enum Mode { sync, async, oneway }
    enum TxEnd { commit, rollback, unresolved }

    @picocli.CommandLine.Mixin
    ClusterOptions cluster;
    @Option(names = "--topic", required = true)
    String topic;
    @Option(names = "--count", defaultValue = "1", description = "messages to send (default ${DEFAULT-VALUE})")
    int count;
    @Option(names = "--size", defaultValue = "128", description = "body size in bytes (default ${DEFAULT-VALUE})")
    int size;
    @Option(names = {"--tag", "--type"}, description = "the tag, which JMS reads as JMSType")
    String tag;
    @Option(names = "--property", description = "NAME=VALUE (typed by its form) or NAME:TYPE=VALUE; repeatable")
    java.util.List<String> properties = new java.util.ArrayList<>();
    @Option(names = "--priority", description = "JMSPriority 0-9")
    Integer priority;
    @Option(names = "--key")
    String key;
    @Option(names = "--mode", defaultValue = "sync", description = "sync, async or oneway (default ${DEFAULT-VALUE})")
    Mode mode;
    @Option(names = "--ids-out", description = "file to write acknowledged message ids to, one per line")
    Path idsOut;
    @Option(names = "--order-key", description = "sharding key: all messages to the one queue it hashes to, in order (sync mode only)")
    String orderKey;
    @Option(names = "--delay", description = "deliver this long after the broker receives each message: 500ms, 10s, 5m, 2h, 1d or PT1H30M")
    String delay;
    @Option(names = "--deliver-at", description = "deliver at this ISO time, e.g. 2026-11-22T10:00:00Z")
    String deliverAt;
    @Option(names = "--delay-level", description = "one of the broker's named delay levels, 1-18 by default (1s 5s 10s 30s 1m ... 1h 2h)")
    Integer delayLevel;
    @Option(names = "--ttl", description = "expire this long after the broker receives each message (same forms as --delay)")
    String ttl;

    private java.util.function.UnaryOperator<OutgoingMessage.Builder> timing = b -> b;

    private java.util.List<PropertyFlag> parsedProperties = java.util.List.of();
    @Option(names = "--transaction", description = "send all messages in one transaction, then: commit, rollback or unresolved"
            + " (exit without ending it: the broker checks it back and parks it in TERN_TX_UNRESOLVED)")
    TxEnd transaction;

    @Override
    public Integer call() throws Exception {
        parsedProperties = properties.stream().map(PropertyFlag::parse).toList();
        if (priority != null && (priority < 0 || priority > 9)) {
            throw new IllegalArgumentException("--priority " + priority + " must be 0-9");
        }
        if (count < 1 || size < 0) {
            throw new IllegalArgumentException("--count must be at least 1 and --size at least 0 (got " + count + ", " + size + ")");
        }
        if (orderKey != null && mode != Mode.sync) {
            throw new IllegalArgumentException("--order-key needs --mode sync: the next message is sent after the previous one is stored, "
                    + "so a retry cannot reorder them");
        }
        timing = timing();
        if (transaction != null && (mode != Mode.sync || orderKey != null)) {
            throw new IllegalArgumentException("--transaction sends synchronously and picks its own queues: drop --mode and --order-key");
        }
        if (transaction != null) {
            return sendInTransaction();
        }
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        try (Producer producer = Producer.builder().nameServers(cluster.namesrv).credentials(cluster.user(), cluster.password()).group("tern-cli").build();
             PrintWriter ids = idsOut == null ? null : new PrintWriter(Files.newBufferedWriter(idsOut))) {
            Semaphore window = new Semaphore(1024); // async sends in flight
            for (int i = 0; i < count; i++) {
                OutgoingMessage m = message(i);
                switch (mode) {
                    case sync -> record(ids, (orderKey == null ? producer.send(m) : producer.send(m, orderKey)).id());
                    case oneway -> record(ids, producer.sendOneway(m));
                    case async -> {
                        window.acquire();
                        CompletableFuture<SendResult> f = producer.sendAsync(m);
                        f.whenComplete((r, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                                System.err.println("send failed: " + Tern.oneLine(e));
                            } else {
                                record(ids, r.id());
                            }
                            window.release(); // last: once every permit is back, every id is written
                        });
                    }
                }
            }
            window.acquire(1024);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("sent %d messages to %s (%s), %d failed, %.1f msg/s%n", count - failed.get(), topic, mode, failed.get(), count / seconds);
        return failed.get() == 0 ? 0 : 1;
    }

    /** Reads the timing flags before anything connects, so a bad value fails at once, naming the flag. */
    private java.util.function.UnaryOperator<OutgoingMessage.Builder> timing() {
        int given = (delay != null ? 1 : 0) + (deliverAt != null ? 1 : 0) + (delayLevel != null ? 1 : 0);
        if (given > 1) {
            throw new IllegalArgumentException("use only one of --delay, --deliver-at, --delay-level");
        }
        java.time.Duration d = delay == null ? null : DurationFlag.parse(delay, "--delay");
        java.time.Instant at = deliverAt == null ? null : AdminCommand.parseTime(deliverAt, "--deliver-at");
        java.time.Duration life = ttl == null ? null : DurationFlag.parse(ttl, "--ttl");
        if (life != null && life.isZero()) {
            throw new IllegalArgumentException("--ttl '" + ttl + "' must be more than zero");
        }
        if (delayLevel != null && delayLevel < 1) {
            throw new IllegalArgumentException("--delay-level " + delayLevel + " must be 1 or more");
        }
        Integer level = delayLevel;
        return b -> {
            if (d != null) {
                b.delay(d);
            } else if (at != null) {
                b.deliverAt(at);
            } else if (level != null) {
                b.delayLevel(level);
            }
            return life == null ? b : b.ttl(life);
        };
    }

    private int sendInTransaction() throws Exception {
        try (Producer producer = Producer.builder().nameServers(cluster.namesrv).credentials(cluster.user(), cluster.password()).group("tern-cli").build();
             PrintWriter ids = idsOut == null ? null : new PrintWriter(Files.newBufferedWriter(idsOut))) {
            Transaction tx = producer.beginTransaction();
            for (int i = 0; i < count; i++) {
                record(ids, tx.send(message(i)).id());
            }
            switch (transaction) {
                case commit -> tx.commit();
                case rollback -> tx.rollback();
                case unresolved -> { }
            }
            System.out.printf("sent %d half messages to %s in transaction %s; %s%n", count, topic, tx.id(), switch (transaction) {
                case commit -> "committed";
                case rollback -> "rolled back";
                case unresolved -> "left unresolved: the broker checks it back with producer group tern-cli and parks it in "
                        + Transactions.UNRESOLVED_TOPIC + " when no member answers";
            });
        }
        return 0;
    }

    private OutgoingMessage message(int i) {
        byte[] body = new byte[size];
        for (int j = 0; j < size; j++) {
            body[j] = (byte) ('a' + (i + j) % 26);
        }
        OutgoingMessage.Builder b = OutgoingMessage.to(topic).tag(tag).body(body);
        for (PropertyFlag p : parsedProperties) {
            b.property(p.name(), p.value());
        }
        if (priority != null) {
            b.priority(priority);
        }
        if (key != null) {
            b.key(key);
        }
        return timing.apply(b).build();
    }

    private static void record(PrintWriter ids, MessageId id) {
        if (ids != null) {
            synchronized (ids) {
                ids.println(id);
            }
        }
    }
}
