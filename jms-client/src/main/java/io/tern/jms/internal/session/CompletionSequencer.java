package io.tern.jms.internal.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * Runs a session's CompletionListener callbacks on one thread of the provider, in send order: each callback waits for
 * its send's answer and for the callback before it. {@link #awaitAll} is what close and commit wait for.
 * Thread rules: {@link #add} from the session's thread of control; callbacks on the completion thread.
 */
final class CompletionSequencer {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionSequencer.class);

    private final TernSession session;
    private ExecutorService thread;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    CompletionSequencer(TernSession session) {
        this.session = session;
    }

    /** {@code callback(result, error)} runs after {@code send} completes and after every earlier callback. */
    synchronized <T> void add(CompletableFuture<T> send, BiConsumer<T, Throwable> callback) {
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "tern-jms-completions-" + session.id());
                t.setDaemon(true);
                return t;
            });
        }
        ExecutorService exec = thread;
        tail = tail.thenCompose(v -> send.handleAsync((r, e) -> {
            DeliveryContext.enter(session);
            try {
                callback.accept(r, e);
            } catch (RuntimeException x) {
                LOG.warn("a CompletionListener of session {} threw; the next completions still run", session.id(), x);
            } finally {
                DeliveryContext.exit();
            }
            return null;
        }, exec));
    }

    /** Waits until every callback added so far has run (or {@code timeoutMillis} passed). */
    void awaitAll(long timeoutMillis) {
        CompletableFuture<Void> t;
        synchronized (this) {
            t = tail;
        }
        try {
            t.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            LOG.warn("session {}: completions still pending after {} ms (closeTimeout); going on without them", session.id(), timeoutMillis);
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.debug("completion chain failed", e); // callbacks catch their own failures; this is not expected
        }
    }

    synchronized void shutdown() {
        if (thread != null) {
            thread.shutdown();
        }
    }
}
