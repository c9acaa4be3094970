package io.tern.store.internal;

import io.tern.store.AppendResult;
import io.tern.store.AppendStatus;
import io.tern.store.FlushMode;
import io.tern.store.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Forces the commit log to disk.
 * <ul>
 *   <li>SYNC: takes every {@link FlushWaiter} the writer queued, forces once, completes them all. While it forces,
 *       the writer goes on writing and queueing, so the next force covers a whole batch: group commit. At 16
 *       appenders and a 0.2 ms fsync, one force completes up to 16 appends instead of one.</li>
 *   <li>ASYNC: forces on the {@code flushInterval} period when something was written.</li>
 * </ul>
 * Both modes force everything on {@link #onClose()}.
 *
 * <p>Thread rules: {@link #enqueue} from the writer agent; everything else on the flusher agent's thread.
 */
public final class FlushAgent implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(FlushAgent.class);

    private final CommitLog log;
    private final FlushMode mode;
    private final InstantSource clock;
    private final long intervalMillis;
    private final ConcurrentLinkedQueue<FlushWaiter> waiters = new ConcurrentLinkedQueue<>();
    private final List<FlushWaiter> taken = new ArrayList<>();
    private final ConcurrentLinkedQueue<java.util.concurrent.CompletableFuture<Long>> flushRequests = new ConcurrentLinkedQueue<>();
    private final AtomicLong forces = new AtomicLong();
    private volatile Runnable wakeFlusher = () -> { };
    private long lastFlush;

    public FlushAgent(StoreConfig config, CommitLog log) {
        this.log = log;
        this.mode = config.flushMode();
        this.clock = config.clock();
        this.intervalMillis = config.flushInterval().toMillis();
        this.lastFlush = clock.millis();
    }

    public void wiring(Runnable wakeFlusher) {
        this.wakeFlusher = wakeFlusher;
    }

    @Override
    public String roleName() {
        return "flusher";
    }

    /** How many times the log was forced: appends divided by this is the group-commit batch size. */
    public long forces() {
        return forces.get();
    }

    /** Writer only. */
    void enqueue(FlushWaiter waiter) {
        waiters.add(waiter);
        wakeFlusher.run();
    }

    /**
     * Asks for a force of everything written so far, whatever the flush mode (an XA prepare needs its half messages
     * on disk even under ASYNC). Any thread; the future completes with the flushed offset or fails.
     */
    public java.util.concurrent.CompletableFuture<Long> requestFlush() {
        java.util.concurrent.CompletableFuture<Long> f = new java.util.concurrent.CompletableFuture<>();
        flushRequests.add(f);
        wakeFlusher.run();
        return f;
    }

    private int flushRequested() {
        java.util.concurrent.CompletableFuture<Long> f;
        List<java.util.concurrent.CompletableFuture<Long>> asked = new ArrayList<>();
        while ((f = flushRequests.poll()) != null) {
            asked.add(f);
        }
        if (asked.isEmpty()) {
            return 0;
        }
        try {
            long flushed = force();
            asked.forEach(x -> x.complete(flushed));
        } catch (IOException e) {
            LOG.error("requested flush of the commit log failed at flushed offset {}", log.flushedPosition(), e);
            asked.forEach(x -> x.completeExceptionally(e));
        }
        return asked.size();
    }

    @Override
    public int doWork() {
        int requested = flushRequested();
        if (requested > 0) {
            return requested;
        }
        if (mode == FlushMode.SYNC) {
            return flushForWaiters();
        }
        long now = clock.millis();
        if (now - lastFlush < intervalMillis || log.flushedPosition() == log.writtenPosition()) {
            return 0;
        }
        lastFlush = now;
        try {
            force();
            return 1;
        } catch (IOException e) {
            LOG.error("periodic flush of the commit log failed at flushed offset {}; will retry", log.flushedPosition(), e);
            return 0;
        }
    }

    private int flushForWaiters() {
        FlushWaiter w;
        while ((w = waiters.poll()) != null) {
            taken.add(w);
        }
        if (taken.isEmpty()) {
            return 0;
        }
        int n = taken.size();
        try {
            long flushed = force();
            for (FlushWaiter waiter : taken) {
                completeOk(waiter, flushed);
            }
        } catch (IOException e) {
            LOG.error("commit log fsync failed at offset {}; failing {} SYNC appends", log.flushedPosition(), n, e);
            for (FlushWaiter waiter : taken) {
                fail(waiter, "fsync of the commit log failed: " + e.getMessage()
                        + "; the record may be in the page cache but is not known to be on disk");
            }
        } finally {
            taken.clear();
        }
        return n;
    }

    private long force() throws IOException {
        forces.incrementAndGet();
        return log.flush();
    }

    private static void completeOk(FlushWaiter waiter, long flushed) {
        if (waiter.end() > flushed) {
            throw new IllegalStateException("flushed to " + flushed + " but a waiter needs " + waiter.end());
        }
        for (CommitLogWriter.Pending p : waiter.appends()) {
            p.request().future().complete(p.result());
        }
    }

    private static void fail(FlushWaiter waiter, String why) {
        for (CommitLogWriter.Pending p : waiter.appends()) {
            p.request().future().complete(AppendResult.failed(AppendStatus.IO_ERROR, why));
        }
    }

    /** Forces everything written; completes waiters still queued. On the flusher thread, or after it stopped. */
    @Override
    public void onClose() {
        try {
            force();
        } catch (IOException e) {
            LOG.error("final flush of the commit log failed", e);
        }
        flushForWaiters();
    }
}
