package io.tern.cli;

import io.tern.client.Admin;
import io.tern.protocol.TopicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import static io.tern.cli.AdminCommand.backlogLimit;
import static io.tern.cli.AdminCommand.need;
import static io.tern.cli.AdminCommand.nonNegative;
import static io.tern.cli.AdminCommand.perm;

/**
 * {@code tern admin topic create|update|list|describe|delete}. Create refuses a topic that exists (it used to replace
 * it, and a smaller {@code --queues} hid the messages of the queues it dropped); update changes what it is told and
 * says what changed; queues only grow (the broker refuses to drop a queue that holds messages, too).
 */
@Command(name = "topic", description = "create, update, list, describe or delete topics (update: grow its --queues, set its"
        + " --max-backlog; delete: its queues, every group's state on it, its routes; later sends are refused until it is created again)")
final class TopicCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTION", description = "create, update, list, describe or delete")
    String action;
    @picocli.CommandLine.Mixin
    ClusterOptions cluster;
    @Option(names = "--topic", description = "the topic (create, update, describe, delete)")
    String topic;
    @Option(names = "--queues", description = "create: read and write queues (default 4); update: the new number, at least the"
            + " current one (queues only grow)")
    Integer queues;
    @Option(names = "--max-backlog", paramLabel = "N", description = "create, update: refuse sends (BACKLOG_FULL) while the topic"
            + " holds N messages its slowest consumer group has not consumed (0 = no limit; default none)")
    Long maxBacklog;
    @Option(names = "--json", description = "list, describe: one JSON object per line")
    boolean json;

    @Override
    public Integer call() {
        try (Admin admin = cluster.admin()) {
            switch (action) {
                case "create" -> create(admin);
                case "update" -> update(admin);
                case "list" -> list(admin);
                case "describe" -> describe(admin);
                case "delete" -> {
                    admin.deleteTopic(need(topic, "--topic"));
                    System.out.printf("deleted topic %s%n", topic);
                }
                default -> throw AdminCommand.unknownAction(action, "create, update, list, describe or delete");
            }
        }
        return 0;
    }

    private void create(Admin admin) {
        need(topic, "--topic");
        int n = queues == null ? 4 : checkQueues(queues);
        long max = maxBacklog == null ? 0 : nonNegative(maxBacklog);
        Optional<TopicConfig> existing = find(admin, topic);
        if (existing.isPresent()) {
            TopicConfig t = existing.get();
            throw new IllegalStateException("topic " + topic + " exists (" + Lines.count(t.readQueues(), "queue") + ", max backlog "
                    + backlogLimit(t) + "); nothing changed: use 'tern admin topic update --topic " + topic + "' to grow its --queues or set"
                    + " its --max-backlog");
        }
        admin.createTopic(TopicConfig.of(topic, n).withMaxBacklogMessages(max));
        System.out.printf("created topic %s with %s%s%n", topic, Lines.count(n, "queue"), max == 0 ? "" : ", max backlog " + max);
    }

    private void update(Admin admin) {
        need(topic, "--topic");
        if (queues == null && maxBacklog == null) {
            throw new BadUsage("update needs --queues or --max-backlog");
        }
        TopicConfig t = find(admin, topic).orElseThrow(() -> new IllegalStateException("topic " + topic
                + " is not served by any master broker; create it with 'tern admin topic create'"));
        List<String> changes = new ArrayList<>();
        TopicConfig next = t;
        if (queues != null && checkQueues(queues) != t.readQueues()) {
            if (queues < t.readQueues()) {
                throw new IllegalStateException("topic " + topic + " has " + Lines.count(t.readQueues(), "queue") + "; --queues " + queues
                        + " would hide the messages of the others from every consumer: queues only grow");
            }
            next = new TopicConfig(topic, queues, queues, t.perm(), t.maxBacklogMessages());
            changes.add("queues " + t.readQueues() + " -> " + queues);
        }
        if (maxBacklog != null && nonNegative(maxBacklog) != t.maxBacklogMessages()) {
            next = next.withMaxBacklogMessages(maxBacklog);
            changes.add("max backlog " + backlogLimit(t) + " -> " + backlogLimit(next));
        }
        if (changes.isEmpty()) {
            System.out.printf("topic %s already has %s and max backlog %s; nothing changed%n", topic, Lines.count(t.readQueues(), "queue"),
                    backlogLimit(t));
            return;
        }
        admin.createTopic(next);
        System.out.printf("updated topic %s: %s%n", topic, String.join(", ", changes));
    }

    private void list(Admin admin) {
        List<TopicConfig> all = admin.listTopics();
        if (!json) {
            System.out.printf("%-40s %-9s %-4s %s%n", "TOPIC", "QUEUES", "PERM", "MAX-BACKLOG");
        }
        for (TopicConfig t : all) {
            if (json) {
                System.out.println(Json.object("topic", t.name(), "readQueues", t.readQueues(), "writeQueues", t.writeQueues(), "perm", perm(t),
                        "maxBacklog", t.hasBacklogLimit() ? t.maxBacklogMessages() : null));
            } else {
                System.out.printf("%-40s %-9s %-4s %s%n", t.name(), t.readQueues() + "/" + t.writeQueues(), perm(t), backlogLimit(t));
            }
        }
    }

    private void describe(Admin admin) {
        List<Admin.QueueLag> all = admin.describeTopic(need(topic, "--topic"));
        if (!json) {
            System.out.printf("%-40s %12s %12s %12s%n", "QUEUE", "MIN", "MAX", "MESSAGES");
        }
        long total = 0;
        for (Admin.QueueLag q : all) {
            long n = q.maxOffset() - q.minOffset();
            total += n;
            if (json) {
                System.out.println(Json.object("broker", q.queue().brokerName(), "queue", q.queue().queueId(), "min", q.minOffset(),
                        "max", q.maxOffset(), "messages", n));
            } else {
                System.out.printf("%-40s %12d %12d %12d%n", q.queue(), q.minOffset(), q.maxOffset(), n);
            }
        }
        if (!json) {
            System.out.printf("%-40s %12s %12s %12d%n", "total", "", "", total);
        }
    }

    private static int checkQueues(int n) {
        if (n < 1 || n > 1024) {
            throw new BadUsage("--queues " + n + " must be 1-1024");
        }
        return n;
    }

    private static Optional<TopicConfig> find(Admin admin, String name) {
        return admin.listTopics().stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
