package io.tern.jms.internal.provider;

import io.tern.client.OutgoingMessage;
import io.tern.client.SendResult;

import java.util.concurrent.CompletableFuture;

/**
 * One local transaction on the engine: sends become half messages, acks are held (TX_ACK), and commit or rollback is
 * one broker call (none if nothing was sent or acked). Thread rules: one session's thread at a time.
 */
public interface ProviderTransaction {
    CompletableFuture<SendResult> send(OutgoingMessage m, String shardingKey);

    CompletableFuture<Void> commit();

    CompletableFuture<Void> rollback();

    /** The native transaction, for the lease source's TX_ACK. */
    io.tern.client.Transaction engineTransaction();
}
