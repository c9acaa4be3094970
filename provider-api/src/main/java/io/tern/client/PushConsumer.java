package io.tern.client;

import io.tern.message.ReceivedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Delivers a topic's messages to a listener on {@code concurrency} threads. Underneath is a {@link PullConsumer}
 * (rebalancing, long polls, flow control by cached messages and bytes per queue); offsets are committed only past
 * messages the listener has finished, so a crash or rebalance redelivers what was in progress, never skips it.
 * A listener that throws gets the message again after a back-off (1 s doubling to 60 s) until it succeeds.
 *
 * <p>Thread rules: the listener runs on the consumer's threads, several at once; it must be thread-safe.
 */
public final class PushConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PushConsumer.class);
    private static final long MAX_BACKOFF_MILLIS = 60_000;

    /** Handles one message; an exception means "not done, deliver it again later". */
    @FunctionalInterface
    public interface Listener {
        void onMessage(ReceivedMessage message) throws Exception;
    }

    private final PullConsumer puller;
    private final Listener listener;
    private final ExecutorService workers;
    private final ScheduledExecutorService retries;
    private final Semaphore slots;
    private final Thread feeder;
    private volatile boolean running = true;

    private PushConsumer(PullConsumer puller, Listener listener, int concurrency) {
        this.puller = puller;
        this.listener = listener;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(concurrency, r -> daemon(r, "tern-listener-" + n.incrementAndGet()));
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tern-listener-retry"));
        this.slots = new Semaphore(concurrency * 2); // a little work queued per thread, the rest stays in the pull buffer
        this.feeder = daemon(this::feed, "tern-push-feeder");
        feeder.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public static Builder builder() {
        return new Builder();
    }

    private void feed() {
        try {
            while (running) {
                slots.acquire();
                var batch = puller.poll(Duration.ofMillis(200), 1, true);
                if (batch.isEmpty()) {
                    slots.release();
                    continue;
                }
                ReceivedMessage m = batch.get(0);
                workers.execute(() -> deliver(m, 1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(ReceivedMessage m, int attempt) {
        try {
            listener.onMessage(m);
            puller.processed(m);
            slots.release();
        } catch (Exception | Error e) {
            long backoff = Math.min(MAX_BACKOFF_MILLIS, 1000L << Math.min(attempt - 1, 16));
            LOG.warn("listener failed on message {} (attempt {}); again in {} ms", m.message().id(), attempt, backoff, e);
            if (running) {
                retries.schedule(() -> workers.execute(() -> deliver(m, attempt + 1)), backoff, TimeUnit.MILLISECONDS);
            }
        }
    }

    public String clientId() {
        return puller.clientId();
    }

    public java.util.Set<MessageQueue> assignment() {
        return puller.assignment();
    }

    /** Stops delivering, waits up to 10 s for listeners in progress, commits what they finished and leaves the group. */
    @Override
    public void close() {
        running = false;
        feeder.interrupt();
        retries.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("listeners still running after 10 s; their messages will be delivered again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        puller.close();
    }

    /** Push-consumer settings: a listener, its concurrency, and everything a {@link PullConsumer} takes. */
    public static final class Builder {
        private final PullConsumer.Builder pull = PullConsumer.builder();
        private Listener listener;
        private int concurrency = 20;

        public Builder nameServers(String commaSeparated) { pull.nameServers(commaSeparated); return this; }
        public Builder group(String group) { pull.group(group); return this; }
        public Builder topic(String topic) { pull.topic(topic); return this; }
        public Builder tags(String tags) { pull.tags(tags); return this; }
        /** A JMS message selector, evaluated on the broker; see {@link PullConsumer.Builder#selector}. */
        public Builder selector(String selector) { pull.selector(selector); return this; }
        public Builder from(PullConsumer.From from) { pull.from(from); return this; }
        public Builder model(PullConsumer.Model model) { pull.model(model); return this; }
        public Builder rebalance(Rebalance r) { pull.rebalance(r); return this; }
        public Builder listener(Listener l) { this.listener = Objects.requireNonNull(l, "listener"); return this; }
        /** Listener threads (default 20). */
        public Builder concurrency(int n) { this.concurrency = n; return this; }
        /** Anything else of the underlying {@link PullConsumer} (cache limits, long poll, intervals). */
        public Builder pull(UnaryOperator<PullConsumer.Builder> tune) { tune.apply(pull); return this; }

        public PushConsumer build() {
            if (listener == null) {
                throw new IllegalArgumentException("push consumer needs a listener");
            }
            if (concurrency < 1 || concurrency > 1000) {
                throw new IllegalArgumentException("concurrency " + concurrency + " must be 1-1000");
            }
            return new PushConsumer(pull.build(), listener, concurrency);
        }
    }
}
