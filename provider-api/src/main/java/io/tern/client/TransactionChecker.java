package io.tern.client;

/**
 * Answers a broker's check-back about a transaction it holds unresolved (the producer that began it crashed or
 * never ended it). Any live member of the producer group may be asked, so answer from state the group shares (a
 * database row written in the same local transaction as the business change, as in RocketMQ's examples).
 * Runs on the producer's single background thread: keep it short.
 */
@FunctionalInterface
public interface TransactionChecker {
    TransactionResolution check(String txId);
}
