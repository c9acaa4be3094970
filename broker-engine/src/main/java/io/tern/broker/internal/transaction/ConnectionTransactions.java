package io.tern.broker.internal.transaction;

import io.netty.channel.Channel;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Caps the open transactions one connection works on: a client that opens transactions and never ends them stops
 * at {@code max} instead of growing the transaction table (memory, journal records, check-backs) without bound.
 * A connection's transactions are the ids it sent work for (half messages, held acks, held offsets); one that has
 * been committed, rolled back or prepared since no longer counts, which is looked up only when the cap is reached.
 * A transaction outlives its connection (it is checked back or recovered), so closing the connection forgets only
 * the count.
 *
 * <p>Thread rules: any thread; one connection's set is changed only inside the map's compute calls.
 */
public final class ConnectionTransactions {
    private final int max;
    private final Predicate<String> open;
    private final Map<Channel, Set<String>> byConnection = new ConcurrentHashMap<>();

    /** @param open whether a transaction id still takes work (not resolved, not prepared) */
    public ConnectionTransactions(int max, Predicate<String> open) {
        this.max = max;
        this.open = open;
    }

    /** Counts {@code txId} for {@code connection}, or says why not: the connection holds {@code max} open ones. */
    String admit(Channel connection, String txId) {
        String[] refusal = {null};
        byConnection.compute(connection, (ch, ids) -> {
            Set<String> s = ids == null ? new HashSet<>() : ids;
            if (s.contains(txId)) {
                return s;
            }
            if (s.size() >= max) {
                s.removeIf(id -> !open.test(id)); // only at the cap: ended ones leave, the rest are really open
            }
            if (s.size() >= max) {
                refusal[0] = "this connection has " + s.size() + " open transactions, the most one connection may have"
                        + " (setting maxTransactionsPerConnection = " + max + "): commit or roll back one before starting " + txId;
            } else {
                s.add(txId);
            }
            return s;
        });
        return refusal[0];
    }

    /** Open transactions counted for {@code connection} (ended ones may still be counted until the cap is reached). */
    int counted(Channel connection) {
        Set<String> s = byConnection.get(connection);
        return s == null ? 0 : s.size();
    }

    public void connectionClosed(Channel connection) {
        byConnection.remove(connection);
    }
}
