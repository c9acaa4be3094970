package io.tern.cli;

import io.tern.client.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

import static io.tern.cli.AdminCommand.need;
import static io.tern.cli.AdminCommand.parseTime;

/**
 * {@code tern admin group list|describe|reset|delete}. A group no broker serving the topic knows (no live member, no
 * committed offset, no lease cursor) is an error for describe (exit 1), as it is for reset, rather than a table of
 * figures that look like a real group's.
 */
@Command(name = "group", description = "list consumer groups (offset and lease mode), describe one (members; per queue: offset"
        + " mode committed offset and lag, lease mode watermark, in flight, ready, parked and backlog), reset one to the start, the"
        + " end or a time, or delete one's state on a topic")
final class GroupCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTION", description = "list, describe, reset or delete")
    String action;
    @picocli.CommandLine.Mixin
    ClusterOptions cluster;
    @Option(names = "--group", description = "the group (describe, reset, delete)")
    String group;
    @Option(names = "--topic", description = "the topic the group consumes (describe, reset, delete)")
    String topic;
    @Option(names = "--to", description = "reset target: start, end, or an ISO time such as 2026-11-22T10:00:00Z (UTC without a zone)")
    String to;
    @Option(names = "--json", description = "list, describe: one JSON object per line")
    boolean json;

    @Override
    public Integer call() {
        switch (action) {
            case "list" -> list();
            case "describe" -> describe();
            case "reset" -> reset();
            case "delete" -> delete();
            default -> throw AdminCommand.unknownAction(action, "list, describe, reset or delete");
        }
        return 0;
    }

    private void list() {
        try (Admin admin = cluster.admin()) {
            for (String g : admin.listGroups()) {
                System.out.println(json ? Json.object("group", g) : g);
            }
        }
    }

    /** Offset-mode lines for an offset group; lease-mode lines for a lease group; both for a group using both. */
    private void describe() {
        need(group, "--group");
        need(topic, "--topic");
        try (Admin admin = cluster.admin()) {
            List<String> members = admin.groupMembers(group, topic);
            List<Admin.GroupQueue> queues = admin.describeGroup(group, topic);
            boolean leasing = queues.stream().anyMatch(Admin.GroupQueue::leaseMode);
            boolean offsets = queues.stream().anyMatch(Admin.GroupQueue::offsetMode);
            if (!leasing && !offsets && members.isEmpty()) {
                throw new IllegalStateException("group " + group + " is unknown on topic " + topic + ": no broker serving it has a live"
                        + " member, a committed offset or a lease cursor of the group (tern admin group list shows the groups)");
            }
            if (json) {
                queues.forEach(GroupCommand::printJson);
                return;
            }
            System.out.printf("group %s on %s: %s %s%n", group, topic, Lines.count(members.size(), "live member"), members);
            if (!leasing || offsets) {
                queues.forEach(q -> System.out.printf("%-30s committed %d max %d lag %d%n", q.queue(), q.committedOffset(), q.maxOffset(), q.lag()));
                System.out.printf("total lag %d%n", queues.stream().mapToLong(Admin.GroupQueue::lag).sum());
            }
            if (leasing) {
                queues.stream().filter(Admin.GroupQueue::leaseMode).forEach(GroupCommand::printLease);
                System.out.printf("total lease backlog %d%n", queues.stream().filter(Admin.GroupQueue::leaseMode).mapToLong(Admin.GroupQueue::backlog).sum());
            }
        }
    }

    private static void printLease(Admin.GroupQueue q) {
        io.tern.protocol.GroupDescription.Lease l = q.lease();
        System.out.printf("%-30s lease watermark %d acked-above %d in-flight %d ready %d parked %d unclaimed %d max %d backlog %d%n",
                q.queue(), l.watermark(), l.ackedAbove(), l.leased(), l.ready(), l.parked(), l.unclaimed(), q.maxOffset(), q.backlog());
    }

    private static void printJson(Admin.GroupQueue q) {
        io.tern.protocol.GroupDescription.Lease l = q.lease();
        System.out.println(Json.object("broker", q.queue().brokerName(), "queue", q.queue().queueId(), "offsetMode", q.offsetMode(),
                "leaseMode", q.leaseMode(), "committed", q.committedOffset(), "min", q.minOffset(), "max", q.maxOffset(),
                "lag", q.offsetMode() ? q.lag() : null, "backlog", q.leaseMode() ? q.backlog() : null,
                "inFlight", q.leaseMode() ? l.leased() : null, "ready", q.leaseMode() ? l.ready() : null,
                "parked", q.leaseMode() ? l.parked() : null));
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
