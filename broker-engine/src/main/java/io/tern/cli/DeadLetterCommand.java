package io.tern.cli;

import io.tern.client.Admin;
import io.tern.message.Message;
import io.tern.message.MessageId;
import io.tern.message.ReceivedMessage;
import io.tern.protocol.RetryTopics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tern admin dlq list|resend}: a group's dead-letter queue. Resend goes to the failing group only (its retry
 * topic, as RocketMQ does), not to every group of the original topic; see {@link Admin#resendDeadLetters}.
 */
@Command(name = "dlq", description = "list a consumer group's dead-letter queue, or resend its messages to that group (its retry topic)")
final class DeadLetterCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTION", description = "list or resend")
    String action;
    @picocli.CommandLine.Mixin
    ClusterOptions cluster;
    @Option(names = "--group", required = true, description = "the consumer group whose dead-letter queue (%DLQ%GROUP) to use")
    String group;
    @Option(names = "--id", description = "resend: only this message id (default: every message in the queue)")
    String id;
    @Option(names = "--max", defaultValue = "1000", description = "list: at most this many (default ${DEFAULT-VALUE})")
    int max;
    @Option(names = "--json", description = "list: one JSON object per line")
    boolean json;

    @Override
    public Integer call() {
        if (max < 1) {
            throw new BadUsage("--max " + max + " must be at least 1");
        }
        try (Admin admin = cluster.admin()) {
            switch (action) {
                case "list" -> list(admin);
                case "resend" -> resend(admin);
                default -> throw AdminCommand.unknownAction(action, "list or resend");
            }
        }
        return 0;
    }

    private void list(Admin admin) {
        for (ReceivedMessage m : admin.deadLetters(group, max)) {
            Message msg = m.message();
            if (json) {
                System.out.println(Json.object("id", msg.id().toString(), "from", RetryTopics.originTopic(msg), "deliveries",
                        RetryTopics.priorDeliveries(msg), "stored", Instant.ofEpochMilli(m.storeTimestamp()).toString(), "tag", msg.tag(),
                        "bytes", msg.body().length));
            } else {
                System.out.printf("%s from %s deliveries %d stored %s%s properties %s %s%n", msg.id(), RetryTopics.originTopic(msg),
                        RetryTopics.priorDeliveries(msg), Instant.ofEpochMilli(m.storeTimestamp()), Lines.tag(msg.tag()),
                        Lines.properties(msg.properties(), false), Lines.count(msg.body().length, "byte"));
            }
        }
    }

    private void resend(Admin admin) {
        MessageId only = id == null ? null : MessageCommand.parseId(id);
        List<Admin.Resent> sent = admin.resendDeadLetters(group, only);
        if (only != null && sent.isEmpty()) {
            throw new IllegalStateException("no message " + id + " in the dead-letter queue of group " + group);
        }
        for (Admin.Resent r : sent) {
            System.out.println("resent " + r.id() + " to " + r.topic() + (RetryTopics.isRetry(r.topic()) ? " (group " + group + " only)"
                    : " (a lease-mode group reads no retry topic: every group of " + r.topic() + " receives it)"));
        }
        System.out.printf("resent %s from %s%n", Lines.count(sent.size(), "message"), RetryTopics.deadLetterTopic(group));
    }
}
