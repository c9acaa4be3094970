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
 * Receives messages from the shell until {@code --count} arrived or none came for {@code --wait};
 * with {@code --ids-out} writes one received message id per line. In offset mode it commits what it received
 * before exiting; in lease mode it acks each message as it receives it, or, with {@code --nack-every N}, nacks every
 * Nth (so the retry and dead-letter path can be watched from the shell). Where a new group starts: {@code --from}
 * (offset mode: last by default; lease mode: first by default, as a queue's messages wait for its group) or
 * {@code --from-time}; in lease mode the group is opened there (OPEN_GROUP, then a reset to the time) before the first
 * receive, and an existing group is left where it is. A {@code --selector} that does not compile exits with 2
 * and its position and reason, before connecting. With {@code --orderly} (offset mode) it consumes as an orderly push
 * consumer: its queues locked on the broker, each queue's messages printed one at a time in order.
 */
@Command(name = "consume", description = "Receive messages from a topic as a member of a consumer group.")
final class ConsumeCommand implements Callable<Integer> {
    enum Mode { offset, lease }
    enum From { first, last }

    @picocli.CommandLine.Mixin
    ClusterOptions cluster;
    @Option(names = "--topic", required = true, description = "the topic to consume")
    String topic;
    @Option(names = "--group", required = true, description = "the consumer group to consume as")
    String group;
    @Option(names = "--count", defaultValue = "0", description = "stop after this many messages (0 = until --wait passes with none)")
    int count;
    @Option(names = "--mode", defaultValue = "offset", description = "offset (queues shared by rebalancing) or lease (default ${DEFAULT-VALUE})")
    Mode mode;
    @Option(names = "--from-time", paramLabel = "TIME", description = "a new group starts at the first message stored at or after"
            + " this ISO time (UTC without a zone; default: see --from)")
    String fromTime;
    @Option(names = "--from", description = "where a new group starts: first or last (default: last in offset mode, first in"
            + " lease mode); an existing group goes on where it is")
    From from;
    @Option(names = "--tags", defaultValue = "*", description = "tag subscription: '*' or 'a || b' (default ${DEFAULT-VALUE})")
    String tags;
    @Option(names = "--selector", description = "JMS message selector (SQL), evaluated on the broker, e.g. \"region = 'eu' AND"
            + " amount > 100\" (default: none)")
    String selector;
    @Option(names = "--wait", defaultValue = "5s", description = "how long to wait for a message before stopping: "
            + DurationFlag.FORMS + " (default ${DEFAULT-VALUE})")
    Duration wait;
    @Option(names = "--ids-out", paramLabel = "FILE", description = "file to write received message ids to, one per line (default: none)")
    Path idsOut;
    @Option(names = "--quiet", description = "print only the summary")
    boolean quiet;
    @Option(names = "--verbose", description = "print each message's properties (with their types), keys, born host and store"
            + " time too, and the client's log lines")
    boolean verbose;

    /** One line per message: id, queue, offset, tag, size, delivery count (lease mode), and with --verbose the rest. */
    private String describe(ReceivedMessage m, int deliveryCount) {
        String line = String.format("%s %s/%d offset %d%s %s", m.message().id(), m.brokerName(), m.message().queueId(),
                m.queueOffset(), Lines.tag(m.message().tag()), Lines.count(m.message().body().length, "byte"));
        if (deliveryCount > 0) {
            line += " delivery " + deliveryCount;
        }
        if (verbose) {
            line += " keys " + m.message().keys() + " properties " + Lines.properties(m.message().properties(), true) + " born " + m.bornHost()
                    + " stored " + java.time.Instant.ofEpochMilli(m.storeTimestamp());
        }
        return line;
    }
    @Option(names = "--invisibility", defaultValue = "30s", description = "lease mode: how long a received message stays leased"
            + " (default ${DEFAULT-VALUE})")
    Duration invisibility;
    @Option(names = "--nack-every", paramLabel = "N", defaultValue = "0", description = "lease mode: nack every Nth message received"
            + " instead of acking it, so it is redelivered after the broker's back-off or, at its last delivery, dead-lettered"
            + " (default ${DEFAULT-VALUE}: ack all)")
    int nackEvery;
    @Option(names = "--nack-delay", description = "with --nack-every: redeliver after this long instead of the broker's back-off"
            + " (default: the broker's back-off, 10s 30s 1m ...)")
    Duration nackDelay;
    @Option(names = "--orderly", description = "offset mode: lock queues and process each queue's messages one at a time, in order")
    boolean orderly;

    @Override
    public Integer call() throws Exception {
        if (count < 0) {
            throw new BadUsage("--count " + count + " must be 0 or more");
        }
        if (wait.toMillis() < 1 || invisibility.toSeconds() < 1) {
            throw new BadUsage("--wait " + DurationFlag.format(wait) + " must be more than zero and --invisibility "
                    + DurationFlag.format(invisibility) + " at least 1s");
        }
        if (nackEvery < 0 || (nackEvery > 0 && mode != Mode.lease)) {
            throw new BadUsage("--nack-every " + nackEvery + " needs --mode lease and 1 or more (offset mode has no per-message nack)");
        }
        if (from != null && fromTime != null) {
            throw new BadUsage("give --from or --from-time, not both");
        }
        checkSelector();
        if (orderly && mode == Mode.lease) {
            throw new BadUsage("--orderly needs --mode offset: leases hand out single messages, not whole queues");
        }
        if (mode == Mode.lease) {
            Counts c = consumeLeased();
            System.out.printf("received %s from %s as group %s%s%n", Lines.count(c.received, "message"), topic, group,
                    nackEvery == 0 ? "" : " (" + c.nacked + " nacked)");
            return 0;
        }
        int received = orderly ? consumeOrderly() : consumeOffsets();
        System.out.printf("received %s from %s as group %s%n", Lines.count(received, "message"), topic, group);
        return 0;
    }

    private void checkSelector() {
        try {
            Selector.compile(selector);
        } catch (SelectorException e) {
            throw new BadUsage("invalid --selector \"" + selector + "\": " + e.getMessage());
        }
    }

    private record Counts(int received, int nacked) {
    }

    private Counts consumeLeased() throws Exception {
        int received = 0;
        int nacked = 0;
        try (LeaseConsumer consumer = LeaseConsumer.builder().nameServers(cluster.addresses()).credentials(cluster.user(), cluster.password())
                .group(group).topic(topic).tags(tags).selector(selector).invisibility(invisibility).build();
             PrintWriter ids = idsOut == null ? null : new PrintWriter(Files.newBufferedWriter(idsOut))) {
            positionNewLeaseGroup(consumer);
            while (count == 0 || received < count) {
                List<LeasedMessage> batch = consumer.receive(count == 0 ? 256 : Math.min(256, count - received), wait);
                if (batch.isEmpty()) {
                    break;
                }
                for (LeasedMessage m : batch) {
                    received++;
                    boolean nack = nackEvery > 0 && received % nackEvery == 0;
                    if (!quiet) {
                        System.out.println(describe(m.received(), m.deliveryCount()) + (nack ? " nacked" : ""));
                    }
                    if (nack) {
                        nacked++;
                        if (nackDelay == null) {
                            consumer.nack(m);
                        } else {
                            consumer.nack(m, nackDelay);
                        }
                    } else {
                        consumer.ack(m);
                    }
                    if (ids != null) {
                        ids.println(m.message().id());
                    }
                }
            }
        }
        return new Counts(received, nacked);
    }

    /**
     * Honours --from and --from-time for a lease group that does not exist yet: opens it at the queues' ends (last)
     * or starts (first, the default), then for a time resets the new group to it. An existing group is not moved.
     */
    private void positionNewLeaseGroup(LeaseConsumer consumer) {
        if (from == null && fromTime == null) {
            return; // the broker opens a new lease group at the queues' first messages on its first receive
        }
        boolean created = consumer.open(from == From.last ? io.tern.protocol.GroupOpenRequest.Start.END
                : io.tern.protocol.GroupOpenRequest.Start.FIRST, false);
        if (created && fromTime != null) {
            try (io.tern.client.Admin admin = cluster.admin()) {
                admin.resetGroup(group, topic, new io.tern.client.Admin.AtTime(AdminCommand.parseTime(fromTime, "--from-time")));
            }
        }
    }

    /** Orderly push consumption on one listener thread per queue; stops after --count or --wait seconds of silence. */
    private int consumeOrderly() throws Exception {
        Semaphore arrived = new Semaphore(0);
        int received = 0;
        try (PrintWriter ids = idsOut == null ? null : new PrintWriter(Files.newBufferedWriter(idsOut));
             PushConsumer consumer = PushConsumer.builder().nameServers(cluster.addresses()).credentials(cluster.user(), cluster.password()).group(group).topic(topic).tags(tags).selector(selector)
                     .from(from == From.first ? PullConsumer.From.FIRST : PullConsumer.From.LAST).orderly(true).concurrency(4) // from null: last
                     .pull(p -> fromTime == null ? p.rebalanceInterval(Duration.ofSeconds(5))
                             : p.rebalanceInterval(Duration.ofSeconds(5)).fromTime(AdminCommand.parseTime(fromTime, "--from-time")))
                     .listener(m -> printOrderly(m, ids, arrived)).build()) {
            while (count == 0 || received < count) {
                if (!arrived.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
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
        PullConsumer.Builder builder = PullConsumer.builder().nameServers(cluster.addresses()).credentials(cluster.user(), cluster.password()).group(group).topic(topic).tags(tags).selector(selector)
                .from(from == From.first ? PullConsumer.From.FIRST : PullConsumer.From.LAST) // null: last
                .rebalanceInterval(Duration.ofSeconds(5));
        if (fromTime != null) {
            builder.fromTime(AdminCommand.parseTime(fromTime, "--from-time"));
        }
        try (PullConsumer consumer = builder.build();
             PrintWriter ids = idsOut == null ? null : new PrintWriter(Files.newBufferedWriter(idsOut))) {
            while (count == 0 || received < count) {
                List<ReceivedMessage> batch = consumer.poll(wait, count == 0 ? 256 : Math.min(256, count - received));
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
