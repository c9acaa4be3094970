package io.tern.broker;

import java.time.Duration;

/**
 * How the broker handles transactions (part of {@link BrokerConfig}).
 *
 * @param checkTimeout      how old an unresolved transaction's first half message must be before the broker asks
 *                          its producer group about it (6 s, RocketMQ's default: longer than a normal transaction,
 *                          short enough that a crashed producer's messages do not wait long)
 * @param checkInterval     time between two checks of one transaction (60 s, as RocketMQ)
 * @param maxChecks         checks before the transaction is parked in TERN_TX_UNRESOLVED (15, as RocketMQ: with
 *                          the defaults a transaction is parked ~15 min after its producer vanished)
 * @param ackHold           how long a lease acked inside a transaction is kept from other receivers while the
 *                          transaction is open (5 min); a transaction open longer may see the message redelivered.
 *                          Also how long an open transaction with held acks or offsets but no half messages (so
 *                          nobody to check back) may go without a new one before the broker rolls it back
 * @param resolvedRetention how long the outcome of a resolved transaction is remembered, so that a repeated or late
 *                          commit/rollback gets the same answer (10 min); later ones answer TX_UNKNOWN
 */
public record TransactionSettings(Duration checkTimeout, Duration checkInterval, int maxChecks, Duration ackHold,
                                  Duration resolvedRetention) {
    public static final TransactionSettings DEFAULTS = new TransactionSettings(Duration.ofSeconds(6), Duration.ofSeconds(60), 15,
            Duration.ofMinutes(5), Duration.ofMinutes(10));

    public TransactionSettings {
        positive(checkTimeout, "txCheckTimeout");
        positive(checkInterval, "txCheckInterval");
        positive(ackHold, "txAckHold");
        positive(resolvedRetention, "txResolvedRetention");
        if (maxChecks < 1 || maxChecks > 1000) {
            throw new IllegalArgumentException("broker setting txMaxChecks = " + maxChecks + " is invalid: must be 1-1000");
        }
    }

    public TransactionSettings withCheckTimeout(Duration d) {
        return new TransactionSettings(d, checkInterval, maxChecks, ackHold, resolvedRetention);
    }

    public TransactionSettings withCheckInterval(Duration d) {
        return new TransactionSettings(checkTimeout, d, maxChecks, ackHold, resolvedRetention);
    }

    public TransactionSettings withMaxChecks(int n) {
        return new TransactionSettings(checkTimeout, checkInterval, n, ackHold, resolvedRetention);
    }

    public TransactionSettings withAckHold(Duration d) {
        return new TransactionSettings(checkTimeout, checkInterval, maxChecks, d, resolvedRetention);
    }

    public TransactionSettings withResolvedRetention(Duration d) {
        return new TransactionSettings(checkTimeout, checkInterval, maxChecks, ackHold, d);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("broker setting " + name + " = " + d + " is invalid: must be positive");
        }
    }
}
