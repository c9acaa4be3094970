package io.tern.store.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one {@link Agent} on its own thread: {@code doWork()} in a loop, parking up to {@code idleNanos} when it
 * returns 0. {@link #wake()} ends a park at once, so work handed over through a queue is picked up without waiting
 * out the idle period. A failing {@code doWork()} is logged and counted and the loop goes on; only {@link #close()}
 * or an interrupt stops it.
 */
public final class AgentRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRunner.class);

    private final Agent agent;
    private final long idleNanos;
    private final Thread thread;
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean running = true;

    public AgentRunner(Agent agent, long idleNanos, String storeName) {
        this.agent = agent;
        this.idleNanos = idleNanos;
        this.thread = new Thread(this::run, "tern-" + storeName + "-" + agent.roleName());
        this.thread.setDaemon(true);
    }

    public AgentRunner start() {
        thread.start();
        return this;
    }

    /** Ends the agent's idle park, if it is in one. Any thread. */
    public void wake() {
        LockSupport.unpark(thread);
    }

    public long errors() {
        return errors.get();
    }

    private void run() {
        while (running && !Thread.currentThread().isInterrupted()) {
            int work;
            try {
                work = agent.doWork();
            } catch (Throwable t) {
                errors.incrementAndGet();
                LOG.error("agent {} failed a unit of work (failure {}); carrying on", agent.roleName(), errors.get(), t);
                work = 0;
            }
            if (work == 0 && running) {
                LockSupport.parkNanos(this, idleNanos);
            }
        }
        agent.onClose();
    }

    /** Stops the loop after the current {@code doWork()} and waits for the thread to finish. */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.error("agent {} did not stop within 30 s", agent.roleName());
        }
    }
}
