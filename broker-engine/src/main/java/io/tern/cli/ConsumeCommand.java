package io.tern.cli;

import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.PullConsumer;
import io.tern.client.PushConsumer;
import io.tern.message.ReceivedMessage;
import io.tern.selector.Selector;
import io.tern.selector.SelectorException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Receives messages from the shell until {@code --count} arrived or none came for {@code --wait} seconds;
 * with {@code --ids-out} writes one received message id per line. In offset mode it commits what it received
 * before exiting; in lease mode it acks each message as it receives it (a lease-mode group always starts at the
 * queues' first messages, so {@code --from} does not apply). A {@code --selector} that does not compile exits with 1
 * and its position and reason, before connecting. With {@code --orderly} (offset mode) it consumes as an orderly push
 * consumer: its queues locked on the broker, each queue's messages printed one at a time in order.
 */
@Command(name = "consume", description = "Receive messages from a topic as a member of a consumer group.")
final class ConsumeCommand implements Callable<Integer> {
    enum Mode { offset, lease }
    enum From { first, last }

    @picocli.CommandLine.Mixin
    ClusterOptions cluster;
    @Option(names = "--topic", required = true)
    String topic;
    @Option(names = "--group", required = true)
    String group;
    @Option(names = "--count", defaultValue = "0", description = "stop after this many messages (0 = until --wait passes with none)")
    int count;
    @Option(names = "--mode", defaultValue = "offset", description = "offset (queues shared by rebalancing) or lease (default ${DEFAULT-VALUE})")
    Mode mode;
    @Option(names = "--from-time", description = "offset mode: a new group starts at the first message stored at or after this ISO time")
    String fromTime;
    @Option(names = "--from", defaultValue = "last", description = "where a new group starts: first or last (default ${DEFAULT-VALUE})")
    From from;
    @Option(names = "--tags", defaultValue = "*", description = "tag subscription: '*' or 'a || b'")
    String tags;
    @Option(names = "--selector", description = "JMS message selector (SQL), evaluated on the broker, e.g. \"region = 'eu' AND amount > 100\"")
    String selector;
    @Option(names = "--wait", defaultValue = "5", description = "seconds to wait for a message before stopping (default ${DEFAULT-VALUE})")
    int waitSeconds;
    @Option(names = "--ids-out", description = "file to write received message ids to, one per line")
    Path idsOut;
    @Option(names = "--quiet", description = "print only the summary")
    boolean quiet;
    @Option(names = "--verbose", description = "print each message's properties, keys, born host and store time too")
    boolean verbose;

    /** One line per message: id, queue, offset, tag, size, delivery count (lease mode), and with --verbose the rest. */
    private String describe(ReceivedMessage m, int deliveryCount) {
        String line = String.format("%s %s/%d offset %d tag %s %d bytes", m.message().id(), m.brokerName(), m.message().queueId(),
                m.queueOffset(), m.message().tag(), m.message().body().length);
        if (deliveryCount > 0) {
            line += " delivery " + deliveryCount;
        }
        if (verbose) {
            line += " keys " + m.message().keys() + " properties " + m.message().properties().asMap() + " born " + m.bornHost()
                    + " stored " + java.time.Instant.ofEpochMilli(m.storeTimestamp());
        }
        return line;
    }
    @Option(names = "--invisibility", defaultValue = "30", description = "lease mode: seconds a received message stays leased (default ${DEFAULT-VALUE})")
    int invisibilitySeconds;
    @Option(names = "--orderly", description = "offset mode: lock queues and process each queue's messages one at a time, in order")
    boolean orderly;

    @Override
    public Integer call() throws Exception {
        if (count < 0 || waitSeconds < 1 || invisibilitySeconds < 1) {
            throw new IllegalArgumentException("--count must be 0 or more, --wait and --invisibility at least 1 (got "
                    + count + ", " + waitSeconds + ", " + invisibilitySeconds + ")");
        }
        checkSelector();
        if (orderly && mode == Mode.lease) {
            throw new IllegalArgumentException("--orderly needs --mode offset: leases hand out single messages, not whole queues");
        }
        int received = mode == Mode.lease ? consumeLeased() : orderly ? consumeOrderly() : consumeOffsets();
        System.out.printf("received %d messages from %s as group %s%n", received, topic, group);
        return 0;
    }

    private void checkSelector() {
        try {
            Selector.compile(selector);
        } catch (SelectorException e) {
            throw new IllegalArgumentException("invalid --selector \"" + selector + "\": " + e.getMessage(), e);
        }
    }

    private int consumeLeased() throws Exception {
        int received = 0;
        try (LeaseConsumer consumer = LeaseConsumer.builder().nameServers(cluster.namesrv).credentials(cluster.user(), cluster.password()).group(group).topic(topic).tags(tags).selector(selector)
                .invisibility(Duration.ofSeconds(invisibilitySeconds)).build();
             PrintWriter ids = idsOut == null ? null : new PrintWriter(Files.newBufferedWriter(idsOut))) {
            while (count == 0 || received < count) {
                List<LeasedMessage> batch = consumer.receive(count == 0 ? 256 : Math.min(256, count - received), Duration.ofSeconds(waitSeconds));
                if (batch.isEmpty()) {
                    break;
                }
                for (LeasedMessage m : batch) {
                    if (!quiet) {
                        System.out.println(describe(m.received(), m.deliveryCount()));
                    }
                    consumer.ack(m);
                    if (ids != null) {
                        ids.println(m.message().id());
                    }
                }
                received += batch.size();
            }
        }
        return received;
    }

    /** Orderly push consumption on one listener thread per queue; stops after --count or --wait seconds of silence. */
    private int consumeOrderly() throws Exception {
        Semaphore arrived = new Semaphore(0);
        int received = 0;
        try (PrintWriter ids = idsOut == null ? null : new PrintWriter(Files.newBufferedWriter(idsOut));
             PushConsumer consumer = PushConsumer.builder().nameServers(cluster.namesrv).credentials(cluster.user(), cluster.password()).group(group).topic(topic).tags(tags).selector(selector)
                     .from(from == From.first ? PullConsumer.From.FIRST : PullConsumer.From.LAST).orderly(true).concurrency(4)
                     .pull(p -> fromTime == null ? p.rebalanceInterval(Duration.ofSeconds(5))
                             : p.rebalanceInterval(Duration.ofSeconds(5)).fromTime(AdminCommand.parseTime(fromTime, "--from-time")))
                     .listener(m -> printOrderly(m, ids, arrived)).build()) {
            while (count == 0 || received < count) {
                if (!arrived.tryAcquire(waitSeconds, TimeUnit.SECONDS)) {
                    break;
                }
                received++;
            }
        }
        return received + arrived.drainPermits(); // messages finished while closing were committed too
    }

    private synchronized void printOrderly(ReceivedMessage m, PrintWriter ids, Semaphore arrived) {
        if (!quiet) {
            System.out.println(describe(m, 0));
        }
        if (ids != null) {
            ids.println(m.message().id());
        }
        arrived.release();
    }

    private int consumeOffsets() throws Exception {
        int received = 0;
        PullConsumer.Builder builder = PullConsumer.builder().nameServers(cluster.namesrv).credentials(cluster.user(), cluster.password()).group(group).topic(topic).tags(tags).selector(selector)
                .from(from == From.first ? PullConsumer.From.FIRST : PullConsumer.From.LAST)
                .rebalanceInterval(Duration.ofSeconds(5));
        if (fromTime != null) {
            builder.fromTime(AdminCommand.parseTime(fromTime, "--from-time"));
        }
        try (PullConsumer consumer = builder.build();
             PrintWriter ids = idsOut == null ? null : new PrintWriter(Files.newBufferedWriter(idsOut))) {
            while (count == 0 || received < count) {
                List<ReceivedMessage> batch = consumer.poll(Duration.ofSeconds(waitSeconds), count == 0 ? 256 : Math.min(256, count - received));
                if (batch.isEmpty()) {
                    break;
                }
                for (ReceivedMessage m : batch) {
                    if (!quiet) {
                        System.out.println(describe(m, 0));
                    }
                    if (ids != null) {
                        ids.println(m.message().id());
                    }
                }
                received += batch.size();
            }
            consumer.commit();
        }
        return received;
    }
}
