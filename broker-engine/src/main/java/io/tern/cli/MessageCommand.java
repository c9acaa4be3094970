package io.tern.cli;

import io.tern.broker.internal.delay.DelayTimer;
import io.tern.client.Admin;
import io.tern.client.TernClientException;
import io.tern.message.Message;
import io.tern.message.MessageId;
import io.tern.message.ReceivedMessage;
import io.tern.message.SystemProperties;
import io.tern.protocol.DeliveryStateQuery;
import io.tern.protocol.TransactionList;
import io.tern.protocol.Transactions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import static io.tern.cli.AdminCommand.need;

/**
 * {@code tern admin message}: a message by id or key, and where it stands. A message still in the broker's own topics
 * is described from them rather than asked about as if those topics were the user's: a pending delayed message
 * ({@code TERN_SCHEDULE}) is "scheduled for T", a half message ({@code TERN_HALF}) is open, rolled back or parked,
 * as its transaction is ({@code LIST_TRANSACTIONS}).
 */
@Command(name = "message", description = "look a message up by id, or by topic and key; show its delivery state for every"
        + " consumer group its broker knows on the topic, or for one (a delayed message: when it is due; a transactional one:"
        + " its transaction's state)")
final class MessageCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ClusterOptions cluster;
    @Option(names = "--id", description = "the message id (32 hex digits; an ID: prefix is accepted)")
    String id;
    @Option(names = "--topic", description = "with --key: the topic to search")
    String topic;
    @Option(names = "--key", description = "with --topic: a key the message was sent with")
    String key;
    @Option(names = "--group", description = "show the delivery state for this group only (default: every group the broker"
            + " knows on the topic: committed offsets and lease cursors)")
    String group;
    @Option(names = "--verbose", description = "show each property's type (name:type=value)")
    boolean verbose;

    @Override
    public Integer call() {
        if ((id == null) == (key == null)) {
            throw new BadUsage("give either --id, or --topic and --key");
        }
        try (Admin admin = cluster.admin()) {
            List<ReceivedMessage> found = id != null ? admin.lookupById(parseId(id)).stream().toList()
                    : admin.lookupByKey(need(topic, "--topic"), key, 32);
            if (found.isEmpty()) {
                throw new IllegalStateException("no message found for " + (id != null ? "id " + id : "key " + key + " on " + topic));
            }
            for (ReceivedMessage m : found) {
                Message msg = m.message();
                System.out.printf("%s %s/%d offset %d stored %s born %s%s keys %s properties %s %s%n", msg.id(), m.brokerName(), msg.queueId(),
                        m.queueOffset(), Instant.ofEpochMilli(m.storeTimestamp()), m.bornHost(), Lines.tag(msg.tag()), msg.keys(),
                        Lines.properties(msg.properties(), verbose), Lines.count(msg.body().length, "byte"));
                if (DelayTimer.TOPIC.equals(msg.topic())) {
                    System.out.println("  " + scheduled(msg));
                } else if (Transactions.HALF_TOPIC.equals(msg.topic())) {
                    System.out.println("  " + halfMessage(admin, msg));
                } else {
                    printDeliveryStates(admin, m);
                }
            }
        }
        return 0;
    }

    static MessageId parseId(String id) {
        try {
            return MessageId.parse(id.startsWith("ID:") ? id.substring(3) : id);
        } catch (IllegalArgumentException e) {
            throw new BadUsage("--id '" + id + "' is not a message id (32 hex digits): " + e.getMessage());
        }
    }

    private static String scheduled(Message m) {
        Object at = m.properties().get(SystemProperties.DELIVER_AT);
        String when = at instanceof Long t ? Instant.ofEpochMilli(t).toString() : "an unknown time";
        return "scheduled for " + when + " to topic " + m.properties().get(SystemProperties.REAL_TOPIC)
                + ": no group sees it before then (the delay timer holds it in " + DelayTimer.TOPIC + ")";
    }

    private static String halfMessage(Admin admin, Message m) {
        Object tx = m.properties().get(Transactions.PROP_TX_ID);
        String real = String.valueOf(m.properties().get(Transactions.PROP_REAL_TOPIC));
        TransactionList.Entry e;
        try {
            e = admin.transactions().values().stream().flatMap(List::stream).filter(t -> t.txId().equals(tx)).findFirst().orElse(null);
        } catch (TernClientException denied) {
            return "half message of transaction " + tx + " for topic " + real + "; its state is unknown: " + denied.getMessage();
        }
        if (e == null) {
            return "half message of transaction " + tx + " for topic " + real + ": the broker no longer knows the transaction (resolved"
                    + " and forgotten after txResolvedRetention); no copy in " + real + " was found, so it was rolled back";
        }
        return switch (e.state()) {
            case TransactionList.OPEN -> "half message of open transaction " + tx + " for topic " + real + ": no group sees it until it commits";
            case TransactionList.PREPARED -> "half message of prepared XA branch " + tx + " for topic " + real
                    + ": no group sees it until its transaction manager commits it";
            case TransactionList.ROLLED_BACK -> "rolled back (transaction " + tx + "): never delivered to " + real;
            case TransactionList.PARKED -> "unresolved: transaction " + tx + " answered none of its check-backs, so its messages were parked in "
                    + Transactions.UNRESOLVED_TOPIC + " (tern admin transactions commit|rollback --id " + tx + " resolves it)";
            default -> "half message of " + e.stateName() + " transaction " + tx + " for topic " + real;
        };
    }

    private void printDeliveryStates(Admin admin, ReceivedMessage m) {
        List<DeliveryStateQuery.GroupState> states = admin.deliveryState(m, group);
        if (states.isEmpty()) {
            System.out.printf("  no consumer group known on topic %s on broker %s%n", m.message().topic(), m.brokerName());
        }
        states.forEach(s -> System.out.println("  " + describe(s, m.message().topic())));
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
                    : ", lease ends " + Instant.ofEpochMilli(s.deadline()));
            case READY -> "ready for redelivery after " + deliveries(s.deliveries());
            case PARKED -> "parked by a nack until " + Instant.ofEpochMilli(s.deadline()) + " after " + deliveries(s.deliveries());
            case UNCLAIMED -> "unclaimed: passed over by the filters of the receivers that saw it" + (s.deliveries() > 0 ? " (after " + deliveries(s.deliveries()) + ")" : "");
            case NOT_DELIVERED -> "not yet delivered";
        };
        return "group " + s.group() + mode + ": " + state + (s.txId() == null ? "" : ", ack held by transaction " + s.txId());
    }

    private static String deliveries(int n) {
        return n + (n == 1 ? " delivery" : " deliveries");
    }
}
