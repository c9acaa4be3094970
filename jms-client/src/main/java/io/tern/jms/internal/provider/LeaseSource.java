package io.tern.jms.internal.provider;

import io.tern.client.LeasedMessage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Leases of one group on one topic, as one JMS consumer takes them (the {@link Provider}'s half of a consumer).
 * Thread rules: any thread.
 */
public interface LeaseSource extends AutoCloseable {
    /** Up to {@code max} leased messages, long-polled up to {@code wait}; empty if none came. */
    CompletableFuture<List<LeasedMessage>> receive(int max, Duration wait);

    CompletableFuture<Void> ack(LeasedMessage m);

    /** TX_ACK: the ack applies when {@code tx} commits; a rollback gives the message back at once. */
    CompletableFuture<Void> ack(LeasedMessage m, ProviderTransaction tx);

    /** Gives {@code m} back as failed (delivered again with its count one higher) after {@code delay}. */
    CompletableFuture<Void> nack(LeasedMessage m, Duration delay);

    /** Gives an undelivered {@code m} back (prefetch returned by a closing consumer); never blocks the caller. */
    CompletableFuture<Void> release(LeasedMessage m);

    /** The lease on {@code m} ends {@code invisibility} from now. */
    CompletableFuture<Void> renew(LeasedMessage m, Duration invisibility);

    @Override
    void close();

    /** Fetches the routes it uses again (after a reconnect: the broker may be back on another address). */
    void refreshRoutes();
}
