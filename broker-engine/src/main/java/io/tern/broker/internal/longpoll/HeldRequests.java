package io.tern.broker.internal.longpoll;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The hold/timer/release machine of long polls ({@link LongPollHolder}, by queue) and held receives
 * ({@link ReceiveWaiters}, by topic): requests held under a key until an event takes them or their own timer fires,
 * each then served once on the executor.
 * <pre>
 *   hold(key, h, at) --> waiting[key] += h, timer(at)
 *   take(key, which) --> out of waiting, timer cancelled --> executor: serve(h)
 *   timer fires      --> out of waiting (if still there) --> serve(onTimer(h))
 * </pre>
 * A held request's timer is cancelled when an event takes it: without that, every answered hold would leave its
 * timer queued until its deadline (up to {@code maxPullWait}, 30 s), and a busy queue answering thousands of polls a
 * second would keep a hundred thousand dead timers. {@link #pendingTimers()} counts the live ones; the scheduler
 * must remove cancelled tasks ({@code ScheduledThreadPoolExecutor.setRemoveOnCancelPolicy(true)}) for its queue
 * to shrink with it.
 *
 * <p>Thread rules: any thread. The lists change only inside the map's compute calls, so an entry is taken out by
 * exactly one thread and served once; serving happens on the executor, or on the timer thread for a timed-out one.
 *
 * @param <K> what a request waits on (a queue, a topic)
 * @param <H> the held request
 */
final class HeldRequests<K, H> {
    private static final class Entry<H> {
        final H held;
        final AtomicBoolean timerDone = new AtomicBoolean();
        volatile ScheduledFuture<?> timer;

        Entry(H held) {
            this.held = held;
        }
    }

    private final Map<K, List<Entry<H>>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger timers = new AtomicInteger();
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;
    private final UnaryOperator<H> onTimer;
    private volatile Consumer<H> server = h -> { };

    /** @param onTimer what a request whose timer fired is served as (e.g. "answer now, whatever you find") */
    HeldRequests(Executor executor, ScheduledExecutorService scheduler, InstantSource clock, UnaryOperator<H> onTimer) {
        this.executor = executor;
        this.scheduler = scheduler;
        this.clock = clock;
        this.onTimer = onTimer;
    }

    /** Who serves a request again. Set before requests flow. */
    void server(Consumer<H> server) {
        this.server = server;
    }

    Consumer<H> server() {
        return server;
    }

    /** Holds {@code held} under {@code key} until taken or {@code wakeAt} (broker clock, epoch millis). */
    void hold(K key, H held, long wakeAt) {
        Entry<H> e = new Entry<>(held);
        waiting.compute(key, (k, list) -> {
            List<Entry<H>> l = list == null ? new ArrayList<>() : list;
            l.add(e);
            return l;
        });
        timers.incrementAndGet();
        long delay = Math.max(0, wakeAt - clock.millis());
        e.timer = scheduler.schedule(() -> timerFired(key, e), delay, TimeUnit.MILLISECONDS);
        if (e.timerDone.get()) {
            e.timer.cancel(false); // taken before its timer was set: the taker could not cancel it
        }
    }

    /** Takes the requests under {@code key} that {@code which} accepts and serves them on the executor. */
    void take(K key, Predicate<H> which) {
        if (!waiting.containsKey(key)) {
            return;
        }
        List<Entry<H>> taken = new ArrayList<>();
        waiting.computeIfPresent(key, (k, list) -> {
            list.removeIf(e -> {
                boolean take = which.test(e.held);
                if (take) {
                    taken.add(e);
                }
                return take;
            });
            return list.isEmpty() ? null : list;
        });
        for (Entry<H> e : taken) {
            cancelTimer(e);
            executor.execute(() -> server.accept(e.held));
        }
    }

    /** Serves {@code held} again on the executor without holding it. */
    void serveSoon(H held) {
        executor.execute(() -> server.accept(held));
    }

    /** Requests held now, under every key. */
    int size() {
        int[] n = {0};
        for (K key : waiting.keySet()) {
            waiting.computeIfPresent(key, (k, list) -> { // read inside compute: the lists change only there
                n[0] += list.size();
                return list;
            });
        }
        return n[0];
    }

    /** Whether a request held under {@code key} matches. */
    boolean anyMatch(K key, Predicate<H> which) {
        boolean[] found = {false};
        waiting.computeIfPresent(key, (k, list) -> {
            found[0] = list.stream().anyMatch(e -> which.test(e.held));
            return list;
        });
        return found[0];
    }

    /** Timers of held requests not yet fired or cancelled: at most one per held request. */
    int pendingTimers() {
        return timers.get();
    }

    /** Serves every held request as {@code how} (e.g. expired, on shutdown). */
    void releaseAll(UnaryOperator<H> how) {
        for (K key : new ArrayList<>(waiting.keySet())) {
            List<Entry<H>> list = waiting.remove(key);
            if (list != null) {
                for (Entry<H> e : list) {
                    cancelTimer(e);
                    server.accept(how.apply(e.held));
                }
            }
        }
    }

    private void timerFired(K key, Entry<H> e) {
        if (e.timerDone.compareAndSet(false, true)) {
            timers.decrementAndGet();
        }
        release(key, e, onTimer);
    }

    /** Takes {@code e} out if it still waits and serves it as {@code how}. */
    private void release(K key, Entry<H> e, UnaryOperator<H> how) {
        boolean[] removed = {false};
        waiting.computeIfPresent(key, (k, list) -> {
            removed[0] = list.remove(e);
            return list.isEmpty() ? null : list;
        });
        if (removed[0]) {
            cancelTimer(e);
            server.accept(how.apply(e.held));
        }
    }

    private void cancelTimer(Entry<H> e) {
        if (e.timerDone.compareAndSet(false, true)) {
            timers.decrementAndGet();
            ScheduledFuture<?> t = e.timer;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
