package io.tern.cli;

import io.tern.client.Admin;
import io.tern.protocol.TransactionList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tern admin transactions [list|commit|rollback]}: the transactions every broker holds unresolved (local ones
 * open or parked after their check-backs, XA branches prepared), and resolving one by id. A prepared XA branch is
 * listed but left to its transaction manager (the broker never decides one).
 */
@Command(name = "transactions", description = "list the unresolved transactions of every broker (local ones open or parked after"
        + " unanswered check-backs, XA branches prepared), or commit or roll back a local one by --id")
final class TransactionsCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ACTION", defaultValue = "list",
            description = "list, commit or rollback (default ${DEFAULT-VALUE})")
    String action;
    @picocli.CommandLine.Mixin
    ClusterOptions cluster;
    @Option(names = "--id", description = "commit, rollback: the transaction id (as list shows it)")
    String id;
    @Option(names = "--all", description = "list: also the resolved transactions the brokers still remember")
    boolean all;
    @Option(names = "--json", description = "list: one JSON object per line")
    boolean json;

    @Override
    public Integer call() {
        try (Admin admin = cluster.admin()) {
            switch (action) {
                case "list" -> list(admin);
                case "commit", "rollback" -> {
                    String state = admin.endTransaction(AdminCommand.need(id, "--id"), action.equals("commit"));
                    System.out.printf("transaction %s %s%n", id, state);
                }
                default -> throw AdminCommand.unknownAction(action, "list, commit or rollback");
            }
        }
        return 0;
    }

    private void list(Admin admin) {
        long shown = 0;
        if (!json) {
            System.out.printf("%-22s %-48s %-11s %-20s %6s %5s %6s %s%n", "BROKER", "TRANSACTION", "STATE", "PRODUCER-GROUP", "HALVES",
                    "ACKS", "CHECKS", "SINCE");
        }
        for (Map.Entry<String, List<TransactionList.Entry>> b : admin.transactions().entrySet()) {
            for (TransactionList.Entry e : b.getValue()) {
                if (!all && !e.unresolved()) {
                    continue;
                }
                shown++;
                String since = e.firstSeen() < 0 ? "-" : Instant.ofEpochMilli(e.firstSeen()).toString();
                if (json) {
                    System.out.println(Json.object("broker", b.getKey(), "txId", e.txId(), "state", e.stateName(), "producerGroup",
                            e.producerGroup(), "halves", e.halves(), "acks", e.acks(), "checks", e.checks(), "since", since));
                } else {
                    System.out.printf("%-22s %-48s %-11s %-20s %6d %5d %6d %s%n", b.getKey(), e.txId(), e.stateName(),
                            e.producerGroup() == null ? "-" : e.producerGroup(), e.halves(), e.acks(), e.checks(), since);
                }
            }
        }
        if (!json) {
            System.out.printf("%s%s%n", Lines.count(shown, "transaction"), all ? "" : " unresolved");
        }
    }
}
