package io.tern.cli;

import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.SendResult;
import io.tern.client.Transaction;
import io.tern.message.MessageId;
import io.tern.protocol.Transactions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends messages from the shell; with {@code --ids-out} writes one message id per line (acknowledged ones; in oneway
 * mode the ids of what was written, which the broker never confirms). The body is {@code --body}, {@code --body-file}
 * or {@code --size} generated letters; before anything is sent, the message is measured against the smallest
 * {@code maxMessageSize} of the cluster's brokers ({@link io.tern.client.Admin#limits}), so an oversized one is
 * refused naming the limit, in every mode (a oneway send would vanish without a word). With {@code --order-key} every
 * message goes to the queue that key hashes to, one at a time (sync), so they are stored and, by an orderly consumer,
 * processed in send order. {@code --delay}, {@code --deliver-at} or {@code --delay-level} schedule the messages;
 * {@code --ttl} makes them expire (see {@code OutgoingMessage.Builder}). With {@code --transaction} every message is
 * sent as a half message of one transaction (sync), which is then committed, rolled back, or left unresolved: the CLI
 * exits without ending it, so the broker's check-back finds no live member of producer group {@code tern-cli} and,
 * after {@code txMaxChecks} checks, parks the messages in {@code TERN_TX_UNRESOLVED}.
 */
@Command(name = "produce", description = "Send messages to a topic.")
final class ProduceCommand implements Callable<Integer> {
    enum Mode { sync, async, oneway }
    enum TxEnd { commit, rollback, unresolved }

    private static final int DEFAULT_SIZE = 128;

    @picocli.CommandLine.Mixin
    ClusterOptions cluster;
    @Option(names = "--topic", required = true, description = "the topic to send to (created with the broker's default queues if"
            + " the broker auto-creates topics)")
    String topic;
    @Option(names = "--count", defaultValue = "1", description = "messages to send (default ${DEFAULT-VALUE})")
    int count;
    @Option(names = "--size", description = "body size in bytes, generated letters (default " + DEFAULT_SIZE + "; at most the"
            + " broker's maxMessageSize, 4 MiB unless set, less the headers)")
    Integer size;
    @Option(names = "--body", paramLabel = "TEXT", description = "the body, as UTF-8 text (instead of --size)")
    String bodyText;
    @Option(names = "--body-file", paramLabel = "FILE", description = "the body, the bytes of this file (instead of --size)")
    Path bodyFile;
    @Option(names = {"--tag", "--type"}, description = "the tag, which JMS reads as JMSType (default: none)")
    String tag;
    @Option(names = "--property", paramLabel = "NAME[:TYPE]=VALUE", description = "a property; a string unless TYPE says int, long,"
            + " double or boolean (zip=01234 stays \"01234\"); repeatable (default: none)")
    List<String> properties = new ArrayList<>();
    @Option(names = "--priority", description = "JMSPriority 0-9 (default: none, which JMS reads as 4)")
    Integer priority;
    @Option(names = "--key", description = "a key to look the message up by (admin message --key); repeatable (default: none)")
    List<String> keys = new ArrayList<>();
    @Option(names = "--mode", defaultValue = "sync", description = "sync (each send waits for the broker), async (up to 1024 in"
            + " flight) or oneway (no answer: unconfirmed) (default ${DEFAULT-VALUE})")
    Mode mode;
    @Option(names = "--ids-out", paramLabel = "FILE", description = "write the ids of the messages sent, one per line (default: none)")
    Path idsOut;
    @Option(names = "--order-key", description = "sharding key: all messages to the one queue it hashes to, in order (sync mode only;"
            + " default: none)")
    String orderKey;
    @Option(names = "--delay", description = "deliver this long after the broker receives each message: " + DurationFlag.FORMS
            + " (default: at once)")
    Duration delay;
    @Option(names = "--deliver-at", paramLabel = "TIME", description = "deliver at this time: ISO-8601, UTC unless a zone is given,"
            + " e.g. 2026-11-22T10:00:00Z (default: at once)")
    String deliverAt;
    @Option(names = "--delay-level", description = "one of the broker's named delay levels, 1-18 by default (1s 5s 10s 30s 1m ... 1h 2h;"
            + " default: none)")
    Integer delayLevel;
    @Option(names = "--ttl", description = "expire this long after the broker receives each message (same forms as --delay; default:"
            + " never)")
    Duration ttl;
    @Option(names = "--transaction", description = "send all messages in one transaction, then: commit, rollback or unresolved"
            + " (exit without ending it: the broker checks it back and parks it in TERN_TX_UNRESOLVED) (default: no transaction)")
    TxEnd transaction;

    private java.util.function.UnaryOperator<OutgoingMessage.Builder> timing = b -> b;
    private List<PropertyFlag> parsedProperties = List.of();
    private byte[] fixedBody;

    @Override
    public Integer call() throws Exception {
        checkFlags();
        checkSizeAgainstTheBrokers();
        if (transaction != null) {
            return sendInTransaction();
        }
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        try (Producer producer = producer(); PrintWriter ids = ids()) {
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
        long ok = count - failed.get();
        if (mode == Mode.oneway) {
            System.out.printf("wrote %s to %s oneway, unconfirmed: the broker answers no oneway send, so none is known stored"
                    + " (tern admin topic describe --topic %s shows what the queues hold), %.1f msg/s%n", Lines.count(ok, "message"), topic,
                    topic, count / seconds);
        } else {
            System.out.printf("sent %s to %s (%s), %d failed, %.1f msg/s%n", Lines.count(ok, "message"), topic, mode, failed.get(), count / seconds);
        }
        return failed.get() == 0 ? 0 : 1;
    }

    /** Everything that needs no connection, so a bad value fails at once (exit 2), naming the flag. */
    private void checkFlags() throws IOException {
        parsedProperties = properties.stream().map(p -> {
            try {
                return PropertyFlag.parse(p);
            } catch (IllegalArgumentException e) {
                throw new BadUsage(e.getMessage());
            }
        }).toList();
        if (priority != null && (priority < 0 || priority > 9)) {
            throw new BadUsage("--priority " + priority + " must be 0-9");
        }
        if (count < 1) {
            throw new BadUsage("--count " + count + " must be at least 1");
        }
        if (size != null && size < 0) {
            throw new BadUsage("--size " + size + " must be 0 or more bytes");
        }
        if ((size != null ? 1 : 0) + (bodyText != null ? 1 : 0) + (bodyFile != null ? 1 : 0) > 1) {
            throw new BadUsage("give one of --size, --body and --body-file");
        }
        if (orderKey != null && mode != Mode.sync) {
            throw new BadUsage("--order-key needs --mode sync: the next message is sent after the previous one is stored, "
                    + "so a retry cannot reorder them");
        }
        if (transaction != null && (mode != Mode.sync || orderKey != null)) {
            throw new BadUsage("--transaction sends synchronously and picks its own queues: drop --mode and --order-key");
        }
        timing = timing();
        if (bodyText != null) {
            fixedBody = bodyText.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } else if (bodyFile != null) {
            if (!Files.isRegularFile(bodyFile)) {
                throw new BadUsage("--body-file " + bodyFile + " is not a readable file");
            }
            fixedBody = Files.readAllBytes(bodyFile);
        }
    }

    /**
     * Measures one message as the broker will (its commit-log record: headers, topic, keys, properties and body) and
     * compares it with the smallest maxMessageSize of the brokers; nothing of the body is allocated first, so
     * {@code --size 2000000000} is one line, not an OutOfMemoryError.
     */
    private void checkSizeAgainstTheBrokers() {
        long bodyBytes = fixedBody != null ? fixedBody.length : size != null ? size : DEFAULT_SIZE;
        long max;
        try (io.tern.client.Admin admin = cluster.admin()) {
            max = admin.limits().getOrDefault(io.tern.broker.internal.handler.BrokerLimitsHandler.MAX_MESSAGE_SIZE, Long.MAX_VALUE);
        }
        long clientMax = io.tern.protocol.FrameDescriptor.DEFAULT_MAX_FRAME_SIZE - io.tern.protocol.FrameDescriptor.HEADROOM;
        OutgoingMessage empty = timing.apply(builder(new byte[0])).build();
        long record = io.tern.store.MessageStore.recordSize(new io.tern.store.MessageRecord(MessageId.parse("0".repeat(32)), topic, 0, 0,
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0, empty.properties(), empty.keys(),
                empty.tag(), new byte[0])) + bodyBytes;
        String what = fixedBody != null ? (bodyFile != null ? "--body-file " + bodyFile : "--body") + " (" + Lines.count(bodyBytes, "byte") + ")"
                : "--size " + bodyBytes;
        if (record > max) {
            throw new BadUsage(what + " makes a message of " + record + " bytes, over the broker's maxMessageSize of " + max
                    + " bytes (body, properties and headers together); send at most " + Math.max(0, max - (record - bodyBytes))
                    + " body bytes, or raise maxMessageSize on the broker");
        }
        if (record > clientMax) {
            throw new BadUsage(what + " makes a message of " + record + " bytes, over the " + clientMax + " bytes a client frame holds");
        }
    }

    /** Reads the timing flags before anything connects. */
    private java.util.function.UnaryOperator<OutgoingMessage.Builder> timing() {
        int given = (delay != null ? 1 : 0) + (deliverAt != null ? 1 : 0) + (delayLevel != null ? 1 : 0);
        if (given > 1) {
            throw new BadUsage("use only one of --delay, --deliver-at, --delay-level");
        }
        java.time.Instant at = deliverAt == null ? null : AdminCommand.parseTime(deliverAt, "--deliver-at");
        if (ttl != null && ttl.isZero()) {
            throw new BadUsage("--ttl '" + DurationFlag.format(ttl) + "' must be more than zero");
        }
        if (delayLevel != null && delayLevel < 1) {
            throw new BadUsage("--delay-level " + delayLevel + " must be 1 or more");
        }
        Duration d = delay;
        Duration life = ttl;
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

    private Producer producer() {
        return Producer.builder().nameServers(cluster.addresses()).credentials(cluster.user(), cluster.password()).group("tern-cli").build();
    }

    private PrintWriter ids() throws IOException {
        return idsOut == null ? null : new PrintWriter(Files.newBufferedWriter(idsOut));
    }

    private int sendInTransaction() throws Exception {
        try (Producer producer = producer(); PrintWriter ids = ids()) {
            Transaction tx = producer.beginTransaction();
            for (int i = 0; i < count; i++) {
                record(ids, tx.send(message(i)).id());
            }
            switch (transaction) {
                case commit -> tx.commit();
                case rollback -> tx.rollback();
                case unresolved -> { }
            }
            System.out.printf("sent %s to %s in transaction %s; %s%n", Lines.count(count, "half message"), topic, tx.id(), switch (transaction) {
                case commit -> "committed";
                case rollback -> "rolled back";
                case unresolved -> "left unresolved: the broker checks it back with producer group tern-cli and parks it in "
                        + Transactions.UNRESOLVED_TOPIC + " when no member answers";
            });
        }
        return 0;
    }

    private OutgoingMessage message(int i) {
        return timing.apply(builder(fixedBody != null ? fixedBody : letters(i))).build();
    }

    private byte[] letters(int i) {
        int n = size != null ? size : DEFAULT_SIZE;
        byte[] body = new byte[n];
        for (int j = 0; j < n; j++) {
            body[j] = (byte) ('a' + (i + j) % 26);
        }
        return body;
    }

    private OutgoingMessage.Builder builder(byte[] body) {
        OutgoingMessage.Builder b = OutgoingMessage.to(topic).tag(tag).body(body);
        for (PropertyFlag p : parsedProperties) {
            b.property(p.name(), p.value());
        }
        if (priority != null) {
            b.priority(priority);
        }
        keys.forEach(b::key);
        return b;
    }

    private static void record(PrintWriter ids, MessageId id) {
        if (ids != null) {
            synchronized (ids) {
                ids.println(id);
            }
        }
    }
}
