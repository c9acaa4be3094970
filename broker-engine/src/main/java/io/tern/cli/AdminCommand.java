package io.tern.cli;

import io.tern.client.Admin;
import io.tern.protocol.ClusterInfo;
import io.tern.protocol.DeliveryStateQuery;
import io.tern.protocol.TopicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code tern admin topic|group|cluster ...}: what a cluster holds and where its consumers are. */
@Command(name = "admin", description = "Administer topics, consumer groups and the cluster.",
        subcommands = {AdminCommand.Topic.class, AdminCommand.Group.class, AdminCommand.Cluster.class, AdminCommand.MessageLookup.class,
                AdminCommand.DeadLetterQueue.class, AdminCommand.Transactions.class, AdminCommand.Stats.class})
final class AdminCommand {

    @Command(name = "topic", description = "create, update, list, describe or delete topics (update: its --max-backlog; delete: its"
            + " queues, every group's state on it, its routes; later sends are refused until it is created again)")
    static final class Topic implements Callable<Integer> {
        @Parameters(index = "0", description = "create, list, describe or delete")
        String action;
        @picocli.CommandLine.Mixin
        ClusterOptions cluster;
        @Option(names = "--topic")
        String topic;
        @Option(names = "--queues", defaultValue = "4")
        int queues;
        @Option(names = "--max-backlog", paramLabel = "N", description = "create, update: refuse sends (BACKLOG_FULL) while the topic"
                + " holds N messages its slowest consumer group has not consumed (0 = no limit; default none)")
        Long maxBacklog;

        @Override
        public Integer call() {
            try (Admin admin = cluster.admin()) {
                switch (action) {
                    case "create" -> {
                        long max = maxBacklog == null ? 0 : nonNegative(maxBacklog);
                        admin.createTopic(TopicConfig.of(need(topic, "--topic"), queues).withMaxBacklogMessages(max));
                        System.out.printf("created topic %s with %d queues%s%n", topic, queues, max == 0 ? "" : ", max backlog " + max);
                    }
                    case "update" -> {
                        TopicConfig t = admin.setMaxBacklog(need(topic, "--topic"), nonNegative(need(maxBacklog, "--max-backlog")));
                        System.out.printf("updated topic %s: max backlog %s%n", topic, backlogLimit(t));
                    }
                    case "list" -> {
                        for (TopicConfig t : admin.listTopics()) {
                            System.out.printf("%-40s queues %d/%d perm %s max-backlog %s%n", t.name(), t.readQueues(), t.writeQueues(),
                                    perm(t), backlogLimit(t));
                        }
                    }
                    case "describe" -> {
                        for (Admin.QueueLag q : admin.describeTopic(need(topic, "--topic"))) {
                            System.out.printf("%-30s min %d max %d%n", q.queue(), q.minOffset(), q.maxOffset());
                        }
                    }
                    case "delete" -> {
                        admin.deleteTopic(need(topic, "--topic"));
                        System.out.printf("deleted topic %s%n", topic);
                    }
                    default -> throw new IllegalArgumentException("unknown action '" + action + "': use create, update, list, describe or delete");
                }
            }
            return 0;
        }
    }

    @Command(name = "dlq", description = "list a consumer group's dead-letter queue, or resend its messages to their original topics")
    static final class DeadLetterQueue implements Callable<Integer> {
        @Parameters(index = "0", description = "list or resend")
        String action;
        @picocli.CommandLine.Mixin
        ClusterOptions cluster;
        @Option(names = "--group", required = true)
        String group;
        @Option(names = "--id", description = "resend: only this message id (default: every message in the queue)")
        String id;
        @Option(names = "--max", defaultValue = "1000", description = "list: at most this many (default ${DEFAULT-VALUE})")
        int max;

        @Override
        public Integer call() {
            try (Admin admin = cluster.admin()) {
                switch (action) {
                    case "list" -> {
                        for (io.tern.message.ReceivedMessage m : admin.deadLetters(group, max)) {
                            io.tern.message.Message msg = m.message();
                            System.out.printf("%s from %s deliveries %s stored %s tag %s properties %s %d bytes%n", msg.id(),
                                    io.tern.protocol.RetryTopics.originTopic(msg), msg.properties().get(io.tern.protocol.RetryTopics.DELIVERY_COUNT),
                                    java.time.Instant.ofEpochMilli(m.storeTimestamp()), msg.tag(), msg.properties(), msg.body().length);
                        }
                    }
                    case "resend" -> {
                        io.tern.message.MessageId only = id == null ? null : io.tern.message.MessageId.parse(id.startsWith("ID:") ? id.substring(3) : id);
                        List<io.tern.message.MessageId> sent = admin.resendDeadLetters(group, only);
                        if (only != null && sent.isEmpty()) {
                            throw new IllegalArgumentException("no message " + id + " in the dead-letter queue of group " + group);
                        }
                        sent.forEach(m -> System.out.println("resent " + m));
                        System.out.printf("resent %d message(s) from %s to their original topics%n", sent.size(),
                                io.tern.protocol.RetryTopics.deadLetterTopic(group));
                    }
                    default -> throw new IllegalArgumentException("unknown action '" + action + "': use list or resend");
                }
            }
            return 0;
        }
    }

    @Command(name = "group", description = "list consumer groups, describe one (members; per queue: offset mode committed offset and"
            + " lag, lease mode watermark, in flight, ready, parked and backlog), reset one to the start, the end or a time, or delete"
            + " one's state on a topic")
    static final class Group implements Callable<Integer> {
        @Parameters(index = "0", description = "list, describe, reset or delete")
        String action;
        @picocli.CommandLine.Mixin
        ClusterOptions cluster;
        @Option(names = "--group", description = "the group (describe, reset, delete)")
        String group;
        @Option(names = "--topic", description = "the topic the group consumes (describe, reset, delete)")
        String topic;
        @Option(names = "--to", description = "reset target: start, end, or an ISO time such as 2026-11-22T10:00:00Z")
        String to;

        @Override
        public Integer call() {
            switch (action) {
                case "list" -> {
                    try (Admin admin = cluster.admin()) {
                        admin.listGroups().forEach(System.out::println);
                    }
                }
                case "describe" -> describe();
                case "reset" -> reset();
                case "delete" -> delete();
                default -> throw new IllegalArgumentException("unknown action '" + action + "': use list, describe, reset or delete");
            }
            return 0;
        }

        /** Offset-mode lines as before lease mode was described; lease-mode lines for a lease group; both for a group using both. */
        private void describe() {
            need(group, "--group");
            need(topic, "--topic");
            try (Admin admin = cluster.admin()) {
                List<String> members = admin.groupMembers(group, topic);
                System.out.printf("group %s on %s: %d live member(s) %s%n", group, topic, members.size(), members);
                List<Admin.GroupQueue> queues = admin.describeGroup(group, topic);
                boolean leasing = queues.stream().anyMatch(Admin.GroupQueue::leaseMode);
                if (!leasing || queues.stream().anyMatch(Admin.GroupQueue::offsetMode)) {
                    queues.forEach(q -> System.out.printf("%-30s committed %d max %d lag %d%n", q.queue(), q.committedOffset(), q.maxOffset(), q.lag()));
                    System.out.printf("total lag %d%n", queues.stream().mapToLong(Admin.GroupQueue::lag).sum());
                }
                if (leasing) {
                    queues.stream().filter(Admin.GroupQueue::leaseMode).forEach(Group::printLease);
                    System.out.printf("total lease backlog %d%n", queues.stream().filter(Admin.GroupQueue::leaseMode).mapToLong(Admin.GroupQueue::backlog).sum());
                }
            }
        }

        private static void printLease(Admin.GroupQueue q) {
            io.tern.protocol.GroupDescription.Lease l = q.lease();
            System.out.printf("%-30s lease watermark %d acked-above %d in-flight %d ready %d parked %d unclaimed %d max %d backlog %d%n",
                    q.queue(), l.watermark(), l.ackedAbove(), l.leased(), l.ready(), l.parked(), l.unclaimed(), q.maxOffset(), q.backlog());
        }

        /** Cursors, committed offsets, retry and dead-letter state; refused (GROUP_IN_USE) while a consumer holds leases. */
        private void delete() {
            need(group, "--group");
            need(topic, "--topic");
            try (Admin admin = cluster.admin()) {
                boolean had = admin.deleteGroup(group, topic);
                System.out.printf(had ? "deleted group %s on %s%n" : "group %s had no state on %s; nothing deleted%n", group, topic);
            }
        }

        private void reset() {
            need(group, "--group");
            need(topic, "--topic");
            Admin.ResetTarget target = switch (need(to, "--to")) {
                case "start" -> new Admin.Start();
                case "end" -> new Admin.End();
                default -> new Admin.AtTime(parseTime(to, "--to"));
            };
            try (Admin admin = cluster.admin()) {
                for (Admin.QueueReset q : admin.resetGroup(group, topic, target)) {
                    String modes = q.offsetMode() && q.leaseMode() ? "offset mode (committed offset) and lease mode (cursor)"
                            : q.offsetMode() ? "offset mode (committed offset)" : "lease mode (cursor)";
                    System.out.printf("%-30s set to %d: %s%n", q.queue(), q.offset(), modes);
                }
            }
            System.out.printf("reset group %s on %s to %s%n", group, topic, to);
        }
    }

    @Command(name = "message", description = "look a message up by id, or by topic and key; show its delivery state for every"
            + " consumer group its broker knows on the topic, or for one")
    static final class MessageLookup implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ClusterOptions cluster;
        @Option(names = "--id", description = "the message id (32 hex digits; an ID: prefix is accepted)")
        String id;
        @Option(names = "--topic")
        String topic;
        @Option(names = "--key")
        String key;
        @Option(names = "--group", description = "show the delivery state for this group only (default: every group the broker"
                + " knows on the topic: committed offsets and lease cursors)")
        String group;

        private void printDeliveryStates(Admin admin, io.tern.message.ReceivedMessage m) {
            List<DeliveryStateQuery.GroupState> states = admin.deliveryState(m, group);
            if (states.isEmpty()) {
                System.out.printf("  no consumer group known on topic %s on broker %s%n", m.message().topic(), m.brokerName());
            }
            states.forEach(s -> System.out.println("  " + describe(s, m.message().topic())));
        }

        @Override
        public Integer call() {
            if ((id == null) == (key == null)) {
                throw new IllegalArgumentException("give either --id, or --topic and --key");
            }
            try (Admin admin = cluster.admin()) {
                List<io.tern.message.ReceivedMessage> found = id != null
                        ? admin.lookupById(io.tern.message.MessageId.parse(id.startsWith("ID:") ? id.substring(3) : id)).stream().toList()
                        : admin.lookupByKey(need(topic, "--topic"), key, 32);
                if (found.isEmpty()) {
                    throw new IllegalArgumentException("no message found for " + (id != null ? "id " + id : "key " + key + " on " + topic));
                }
                for (io.tern.message.ReceivedMessage m : found) {
                    System.out.printf("%s %s/%d offset %d stored %s born %s tag %s keys %s properties %s %d bytes%n", m.message().id(),
                            m.brokerName(), m.message().queueId(), m.queueOffset(), java.time.Instant.ofEpochMilli(m.storeTimestamp()),
                            m.bornHost(), m.message().tag(), m.message().keys(), m.message().properties(), m.message().body().length);
                    printDeliveryStates(admin, m);
                }
            }
            return 0;
        }
    }

    /** One line per group: its mode and where the message stands for it; the states are drawn in DeliveryStateQuery. */
    static String describe(DeliveryStateQuery.GroupState s, String topic) {
        String mode = s.mode() == DeliveryStateQuery.Mode.LEASE ? " (lease mode)" : s.mode() == DeliveryStateQuery.Mode.OFFSET ? " (offset mode)" : "";
        String state = switch (s.state()) {
            case UNKNOWN_GROUP -> "unknown on this broker (no committed offset, live member or lease cursor on topic " + topic + ")";
            case CONSUMED -> "consumed (committed offset " + s.committedOffset() + ")";
            case NOT_CONSUMED -> "not consumed (" + (s.committedOffset() < 0 ? "no committed offset" : "committed offset " + s.committedOffset()) + ")";
            case ACKED -> "acked";
            case LEASED -> "leased, delivery " + s.deliveries() + (s.deadline() < 0 ? ", held until its transaction is resolved"
                    : ", lease ends " + java.time.Instant.ofEpochMilli(s.deadline()));
            case READY -> "ready for redelivery after " + deliveries(s.deliveries());
            case PARKED -> "parked by a nack until " + java.time.Instant.ofEpochMilli(s.deadline()) + " after " + deliveries(s.deliveries());
            case UNCLAIMED -> "unclaimed: passed over by the filters of the receivers that saw it" + (s.deliveries() > 0 ? " (after " + deliveries(s.deliveries()) + ")" : "");
            case NOT_DELIVERED -> "not yet delivered";
        };
        return "group " + s.group() + mode + ": " + state + (s.txId() == null ? "" : ", ack held by transaction " + s.txId());
    }

    private static String deliveries(int n) {
        return n + (n == 1 ? " delivery" : " deliveries");
    }

    static java.time.Instant parseTime(String value, String flag) {
        try {
            return java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(flag + " '" + value + "' is not an ISO time such as 2026-11-22T10:00:00Z");
        }
    }

    @Command(name = "cluster", description = "list the live brokers")
    static final class Cluster implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ClusterOptions cluster;

        @Override
        public Integer call() {
            try (Admin admin = cluster.admin()) {
                for (ClusterInfo.Entry e : admin.cluster().brokers()) {
                    System.out.printf("%-16s %-16s id %d %-22s topics %d%n", e.cluster(), e.brokerName(), e.brokerId(), e.address(), e.topicCount());
                }
            }
            return 0;
        }
    }

    @Command(name = "stats", description = "show every live broker's counters: commit-log positions, flushes, expired"
            + " messages, delayed messages pending and delivered")
    static final class Stats implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ClusterOptions cluster;

        @Override
        public Integer call() {
            try (Admin admin = cluster.admin()) {
                admin.brokerStats().forEach((broker, stats) -> {
                    System.out.printf("%s id %d %s%n", broker.brokerName(), broker.brokerId(), broker.address());
                    stats.values().forEach((name, value) -> System.out.printf("  %-22s %d%n", name, value));
                });
            }
            return 0;
        }
    }

    @Command(name = "transactions", description = "list the prepared XA branches of every broker (in doubt until their"
            + " transaction manager commits or rolls them back; the broker never resolves them itself)")
    static final class Transactions implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ClusterOptions cluster;

        @Override
        public Integer call() {
            try (Admin admin = cluster.admin()) {
                admin.preparedTransactions().forEach((broker, xids) -> {
                    System.out.printf("%-22s %d prepared%n", broker, xids.size());
                    xids.forEach(x -> System.out.printf("  %s%n", x.toTxId()));
                });
            }
            return 0;
        }
    }

    static <T> T need(T value, String flag) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " is required for this action");
        }
        return value;
    }

    static long nonNegative(long maxBacklog) {
        if (maxBacklog < 0) {
            throw new IllegalArgumentException("--max-backlog " + maxBacklog + " must be 0 (no limit) or more messages");
        }
        return maxBacklog;
    }

    static String backlogLimit(TopicConfig t) {
        return t.hasBacklogLimit() ? Long.toString(t.maxBacklogMessages()) : "none";
    }

    static String perm(TopicConfig t) {
        return (t.readable() ? "r" : "-") + (t.writable() ? "w" : "-");
    }
}
