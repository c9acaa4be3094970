package io.tern.cli;

import io.tern.client.PullConsumer;
import io.tern.message.ReceivedMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Receives messages from the shell until {@code --count} arrived or none came for {@code --wait} seconds;
 * with {@code --ids-out} writes one received message id per line. Commits what it received before exiting.
 */
@Command(name = "consume", description = "Receive messages from a topic as a member of a consumer group.")
final class ConsumeCommand implements Callable<Integer> {
    enum Mode { offset, lease }
    enum From { first, last }

    @Option(names = "--namesrv", required = true, description = "NameServer address(es), host:port[,host:port]")
    String namesrv;
    @Option(names = "--topic", required = true)
    String topic;
    @Option(names = "--group", required = true)
    String group;
    @Option(names = "--count", defaultValue = "0", description = "stop after this many messages (0 = until --wait passes with none)")
    int count;
    @Option(names = "--mode", defaultValue = "offset", description = "offset (queues shared by rebalancing) or lease (default ${DEFAULT-VALUE})")
    Mode mode;
    @Option(names = "--from", defaultValue = "last", description = "where a new group starts: first or last (default ${DEFAULT-VALUE})")
    From from;
    @Option(names = "--tags", defaultValue = "*", description = "tag subscription: '*' or 'a || b'")
    String tags;
    @Option(names = "--wait", defaultValue = "5", description = "seconds to wait for a message before stopping (default ${DEFAULT-VALUE})")
    int waitSeconds;
    @Option(names = "--ids-out", description = "file to write received message ids to, one per line")
    Path idsOut;
    @Option(names = "--quiet", description = "print only the summary")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (mode == Mode.lease) {
            throw new IllegalArgumentException("--mode lease needs the broker's lease support, which this build does not have yet; use --mode offset");
        }
        if (count < 0 || waitSeconds < 1) {
            throw new IllegalArgumentException("--count must be 0 or more and --wait at least 1 (got " + count + ", " + waitSeconds + ")");
        }
        int received = 0;
        try (PullConsumer consumer = PullConsumer.builder().nameServers(namesrv).group(group).topic(topic).tags(tags)
                .from(from == From.first ? PullConsumer.From.FIRST : PullConsumer.From.LAST)
                .rebalanceInterval(Duration.ofSeconds(5)).build();
             PrintWriter ids = idsOut == null ? null : new PrintWriter(Files.newBufferedWriter(idsOut))) {
            while (count == 0 || received < count) {
                List<ReceivedMessage> batch = consumer.poll(Duration.ofSeconds(waitSeconds), count == 0 ? 256 : Math.min(256, count - received));
                if (batch.isEmpty()) {
                    break;
                }
                for (ReceivedMessage m : batch) {
                    if (!quiet) {
                        System.out.printf("%s %s/%d offset %d tag %s %d bytes%n", m.message().id(), m.brokerName(),
                                m.message().queueId(), m.queueOffset(), m.message().tag(), m.message().body().length);
                    }
                    if (ids != null) {
                        ids.println(m.message().id());
                    }
                }
                received += batch.size();
            }
            consumer.commit();
        }
        System.out.printf("received %d messages from %s as group %s%n", received, topic, group);
        return 0;
    }
}
