package io.tern.jms.internal.provider;

import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A {@link LeaseSource} on a {@link LeaseConsumer} sharing the connection's transport. Thread rules: any thread. */
final class EngineLeaseSource implements LeaseSource {
    private final LeaseConsumer consumer;

    EngineLeaseSource(LeaseConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public CompletableFuture<List<LeasedMessage>> receive(int max, Duration wait) {
        return consumer.receiveAsync(max, wait);
    }

    @Override
    public CompletableFuture<Void> ack(LeasedMessage m) {
        return consumer.ackAsync(m);
    }

    @Override
    public CompletableFuture<Void> ack(LeasedMessage m, ProviderTransaction tx) {
        return EngineProvider.run(() -> consumer.ack(m, tx.engineTransaction()));
    }

    @Override
    public CompletableFuture<Void> nack(LeasedMessage m, Duration delay) {
        return EngineProvider.run(() -> consumer.nack(m, delay));
    }

    @Override
    public CompletableFuture<Void> release(LeasedMessage m) {
        return consumer.releaseAsync(m); // RELEASE_LEASE: ready again, the delivery not counted; never blocks a transport thread
    }

    @Override
    public CompletableFuture<Void> renew(LeasedMessage m, Duration invisibility) {
        return EngineProvider.run(() -> consumer.changeInvisibility(m, invisibility));
    }

    @Override
    public void refreshRoutes() {
        consumer.refreshRoutes();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
