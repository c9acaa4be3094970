package io.tern.jms.internal.provider;

import io.tern.client.OutgoingMessage;
import io.tern.client.SendResult;

import java.util.concurrent.CompletableFuture;

/**
 * One local transaction (or XA branch) on the engine: sends become half messages, acks are held (TX_ACK), and commit or rollback is
 * one broker call (none if nothing was sent or acked). Thread rules: one session's thread at a time.
 */
public interface ProviderTransaction {
    CompletableFuture<SendResult> send(OutgoingMessage m, String shardingKey);

    CompletableFuture<Void> commit();

    CompletableFuture<Void> rollback();

    /** XA prepare (an XA branch only): the branch's messages and held acks are on the broker's disk. */
    CompletableFuture<Void> prepare();

    /** XA two-phase commit of a prepared branch ({@link #commit()} of an XA branch is the one-phase commit). */
    CompletableFuture<Void> commitPrepared();

    /** True while nothing was sent or acked in it: no broker knows it (an XA branch answers XA_RDONLY). */
    default boolean readOnly() {
        return engineTransaction().brokerName() == null;
    }

    /** The native transaction, for the lease source's TX_ACK. */
    io.tern.client.Transaction engineTransaction();
}
