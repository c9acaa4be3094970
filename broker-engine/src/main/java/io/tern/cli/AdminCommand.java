package io.tern.cli;

import io.tern.protocol.TopicConfig;
import picocli.CommandLine.Command;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** {@code tern admin topic|group|cluster|message|dlq|transactions|stats}, and what those commands share. */
@Command(name = "admin", description = "Administer topics, consumer groups, messages, transactions and the cluster.",
        subcommands = {TopicCommand.class, GroupCommand.class, ClusterCommand.class, MessageCommand.class, DeadLetterCommand.class,
                TransactionsCommand.class, StatsCommand.class})
final class AdminCommand {
    private AdminCommand() {
    }

    /** An ISO-8601 time; without a zone it means UTC ({@code 2026-11-22T10:00:00} = {@code 2026-11-22T10:00:00Z}). */
    static Instant parseTime(String value, String flag) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return java.time.OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    throw new BadUsage(flag + " '" + value + "' is not an ISO time such as 2026-11-22T10:00:00Z (UTC when no zone is"
                            + " given; an offset such as +01:00 is allowed)");
                }
            }
        }
    }

    static <T> T need(T value, String flag) {
        if (value == null) {
            throw new BadUsage(flag + " is required for this action");
        }
        return value;
    }

    static long nonNegative(long maxBacklog) {
        if (maxBacklog < 0) {
            throw new BadUsage("--max-backlog " + maxBacklog + " must be 0 (no limit) or more messages");
        }
        return maxBacklog;
    }

    static String backlogLimit(TopicConfig t) {
        return t.hasBacklogLimit() ? Long.toString(t.maxBacklogMessages()) : "none";
    }

    static String perm(TopicConfig t) {
        return (t.readable() ? "r" : "-") + (t.writable() ? "w" : "-");
    }

    static BadUsage unknownAction(String action, String choices) {
        return new BadUsage("unknown action '" + action + "': use " + choices);
    }
}
