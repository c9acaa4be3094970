package io.tern.broker.internal;

import io.tern.protocol.ReceiveRequest;
import io.tern.remoting.Request;
import io.tern.store.DispatchListener;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * dispatcher thread (look up and hand off only). A waiter is taken out of the map before it is served, so one
 * thread serves it at a time.
 */
public final class ReceiveWaiters implements DispatchListener {
    /** A held receive: the request, its filter, when its wait ends (broker clock) and the topic version it saw. */
    public record Held(Request request, ReceiveRequest receive, SubscriptionFilter filter, long deadline, long version) {
        Held expired() {
            return new Held(request, receive, filter, Long.MIN_VALUE, version);
        }

        Held seeing(long v) {
            return new Held(request, receive, filter, deadline, v);
        }
    }

    private final Map<String, List<Held>> waiting = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final InstantSource clock;
    private volatile Consumer<Held> server = h -> { };

    public ReceiveWaiters(Executor executor, ScheduledExecutorService timer, InstantSource clock) {
        this.executor = executor;
        this.timer = timer;
        this.clock = clock;
    }

    /** Who serves a waiter again. Set before requests flow. */
    void server(Consumer<Held> server) {
        this.server = server;
    }

    long version(String topic) {
        AtomicLong v = versions.get(topic);
        return v == null ? 0 : v.get();
    }

    /** Holds {@code held} until an event for its topic, or {@code wakeAt} (broker clock, epoch millis). */
    void hold(Held held, long wakeAt) {
        String topic = held.receive().topic();
        waiting.compute(topic, (k, list) -> {
            List<Held> l = list == null ? new ArrayList<>() : list;
            l.add(held);
            return l;
        });
        long delay = Math.max(0, wakeAt - clock.millis());
        timer.schedule(() -> release(topic, held), delay, TimeUnit.MILLISECONDS);
        if (version(topic) != held.version()) {
            executor.execute(() -> release(topic, held));
        }
    }

    /** Receives held now, on every topic: {@code lease.receives.waiting} in the broker's stats. */
    public int waiting() {
        int[] n = {0};
        for (String topic : waiting.keySet()) {
            waiting.computeIfPresent(topic, (k, list) -> { // the lists change only inside the map's compute calls
                n[0] += list.size();
                return list;
            });
        }
        return n[0];
    }

    /** Whether a receive of the group on the topic is held for a connection other than {@code except}. */
    boolean heldByOther(String group, String topic, io.netty.channel.Channel except) {
        boolean[] found = {false};
        waiting.computeIfPresent(topic, (k, list) -> { // the lists change only inside the map's compute calls
            found[0] = list.stream().anyMatch(h -> h.receive().group().equals(group) && h.request().connection() != except
                    && h.request().connection().isActive());
            return list;
        });
        return found[0];
    }

    /** Serves {@code held} again at once, on the executor: its last look moved on without finding anything, and a wait would stall it. */
    void again(Held held) {
        executor.execute(() -> server.accept(held));
    }

    @Override
    public void dispatched(String topic, int queueId, long maxOffset) {
        bump(topic);
        if (waiting.containsKey(topic)) {
            takeAll(topic, null);
        }
    }

    /** The group's leases of {@code topic} changed so that a message may be ready: its waiters look again. */
    void wake(String group, String topic) {
        bump(topic);
        takeAll(topic, group);
    }

    /** The topic was deleted: its waiters are served now (and find nothing). */
    void topicDeleted(String topic) {
        bump(topic);
        takeAll(topic, null);
    }

    private void bump(String topic) {
        versions.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
    }

    private void takeAll(String topic, String group) {
        List<Held> taken = new ArrayList<>();
        waiting.computeIfPresent(topic, (k, list) -> {
            list.removeIf(h -> {
                boolean take = group == null || h.receive().group().equals(group);
                if (take) {
                    taken.add(h);
                }
                return take;
            });
            return list.isEmpty() ? null : list;
        });
        for (Held h : taken) {
            executor.execute(() -> server.accept(h));
        }
    }

    /** Takes {@code held} out if it still waits and serves it (it answers if its own wait is over). */
    private void release(String topic, Held held) {
        boolean[] removed = {false};
        waiting.computeIfPresent(topic, (k, list) -> {
            removed[0] = list.remove(held);
            return list.isEmpty() ? null : list;
        });
        if (removed[0]) {
            server.accept(held);
        }
    }

    /** Answers every waiter with what there is, e.g. on shutdown. */
    public void releaseAll() {
        for (String topic : new ArrayList<>(waiting.keySet())) {
            List<Held> list = waiting.remove(topic);
            if (list != null) {
                list.forEach(h -> server.accept(h.expired()));
            }
        }
    }
}
