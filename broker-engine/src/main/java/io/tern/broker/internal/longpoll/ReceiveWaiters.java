package io.tern.broker.internal.longpoll;

import io.tern.broker.internal.filter.SubscriptionFilter;
import io.tern.protocol.ReceiveRequest;
import io.tern.remoting.Request;
import io.tern.store.DispatchListener;

import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * RECEIVE requests waiting for something to lease, by topic. A waiter is served again (on the executor) when a
 * message is dispatched on any queue of its topic, when its group's lease state changes ({@link #wake}: a nack, a
 * shortened lease), at the earliest deadline of its group's leases (one may expire), or when its own wait ends.
 *
 * <p>Each topic has a version bumped by every dispatch and wake. A waiter remembers the version it saw before it
 * looked for messages; if the version moved by the time it is held, something happened in between and it is served
 * again at once (the same guard as {@link LongPollHolder}'s max-offset check, without reading the queues).
 *
 * <p>Thread rules: {@link #hold} and {@link #wake} from handler threads; {@link #dispatched} from the store's
 * dispatcher thread (look up and hand off only). Holding, timers and release are {@link HeldRequests}': a waiter
 * is taken out before it is served, so one thread serves it at a time, and its timer is cancelled when it is taken.
 */
public final class ReceiveWaiters implements DispatchListener {
    /** A held receive: the request, its filter, when its wait ends (broker clock) and the topic version it saw. */
    public record Held(Request request, ReceiveRequest receive, SubscriptionFilter filter, long deadline, long version) {
        Held expired() {
            return new Held(request, receive, filter, Long.MIN_VALUE, version);
        }

        public Held seeing(long v) {
            return new Held(request, receive, filter, deadline, v);
        }
    }

    private final HeldRequests<String, Held> held;
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();

    public ReceiveWaiters(Executor executor, ScheduledExecutorService timer, InstantSource clock) {
        this.held = new HeldRequests<>(executor, timer, clock, h -> h); // served as it is: it answers if its own wait is over
    }

    /** Who serves a waiter again. Set before requests flow. */
    public void server(Consumer<Held> server) {
        held.server(server);
    }

    public long version(String topic) {
        AtomicLong v = versions.get(topic);
        return v == null ? 0 : v.get();
    }

    /** Holds {@code h} until an event for its topic, or {@code wakeAt} (broker clock, epoch millis). */
    public void hold(Held h, long wakeAt) {
        String topic = h.receive().topic();
        held.hold(topic, h, wakeAt);
        if (version(topic) != h.version()) {
            held.take(topic, x -> x == h);
        }
    }

    /** Receives held now, on every topic: {@code lease.receives.waiting} in the broker's stats. */
    public int waiting() {
        return held.size();
    }

    /** Timers of held receives not yet fired or cancelled (a served receive's timer is cancelled). */
    public int pendingTimers() {
        return held.pendingTimers();
    }

    /** Whether a receive of the group on the topic is held for a connection other than {@code except}. */
    public boolean heldByOther(String group, String topic, io.netty.channel.Channel except) {
        return held.anyMatch(topic, h -> h.receive().group().equals(group) && h.request().connection() != except
                && h.request().connection().isActive());
    }

    /** Serves {@code h} again at once, on the executor: its last look moved on without finding anything, and a wait would stall it. */
    public void again(Held h) {
        held.serveSoon(h);
    }

    @Override
    public void dispatched(String topic, int queueId, long maxOffset) {
        bump(topic);
        held.take(topic, h -> true);
    }

    /** The group's leases of {@code topic} changed so that a message may be ready: its waiters look again. */
    public void wake(String group, String topic) {
        bump(topic);
        held.take(topic, h -> h.receive().group().equals(group));
    }

    /** The topic was deleted: its waiters are served now (and find nothing). */
    public void topicDeleted(String topic) {
        bump(topic);
        held.take(topic, h -> true);
        versions.remove(topic); // the per-topic state goes with the topic (a waiter seeing 0 again is served once more: harmless)
    }

    private void bump(String topic) {
        versions.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
    }

    /** Answers every waiter with what there is, e.g. on shutdown. */
    public void releaseAll() {
        held.releaseAll(Held::expired);
    }
}
