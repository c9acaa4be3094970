package io.tern.jms.internal.consumer;

import io.tern.client.LeasedMessage;
import io.tern.jms.TernDestination;
import io.tern.jms.internal.provider.LeaseSource;
import io.tern.jms.internal.session.TernSession;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A JMS consumer on one lease group ({@link Subscription}): a prefetch buffer filled by asynchronous long-polled
 * receives, emptied by {@code receive} or by the session's delivery thread for a {@link MessageListener}.
 * <ul>
 *   <li>Prefetch n &gt; 0: up to n messages are leased ahead; prefetch 0: one is asked for only while a
 *       {@code receive} waits or a listener is ready for it.</li>
 *   <li>Every held message (buffered, or delivered and not yet settled by the session's acknowledger) has its lease
 *       renewed by the connection's timer ({@link #renewLeases}), so no other consumer gets it meanwhile.</li>
 *   <li>Close returns what is buffered to the broker and wakes a waiting {@code receive} (it returns null).</li>
 * </ul>
 * Thread rules: {@code receive*} from the application's thread; fetch completions on transport threads, where they
 * stay: filling the buffer is a few lock-guarded steps and giving messages back is asynchronous, so nothing there
 * blocks (handing them to a pool cost a thread per fetch: on 2 cores the common pool has parallelism 1 and
 * {@code CompletableFuture} then starts a new thread for every async task). Delivery to a listener on the session's
 * delivery thread. The buffer is guarded by {@link #lock}; no call to the broker is made under it.
 */
public final class TernMessageConsumer implements QueueReceiver, TopicSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(TernMessageConsumer.class);
    /** How long one receive is held on the broker: long enough to cost nothing idle, short enough to notice a stop. */
    private static final Duration LONG_POLL = Duration.ofSeconds(5);

    private final TernSession session;
    private final TernDestination destination;
    private final Subscription subscription;
    private final LeaseSource source;
    private final String selector;
    private final boolean noLocal;
    private final int prefetch;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
    private final Set<LeasedMessage> held = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean deliveryScheduled = new AtomicBoolean();
    private boolean fetching;
    /** The receive in flight was asked before a rollback's purge: what it brings goes straight back (order after rollback). */
    private boolean discardInFlight;
    /** Timed and blocking receives waiting now (prefetch 0 asks the broker for one while any does); not receiveNoWait. */
    private int waitingReceivers;
    /** Fetches completed so far: a receiveNoWait waits for the one broker look it asked for, not for later long polls. */
    private long fetchesDone;
    private volatile MessageListener listener;

    public TernMessageConsumer(TernSession session, TernDestination destination, Subscription subscription, LeaseSource source,
                               String selector, boolean noLocal, int prefetch) {
        this.session = session;
        this.destination = destination;
        this.subscription = subscription;
        this.source = source;
        this.selector = selector;
        this.noLocal = noLocal;
        this.prefetch = prefetch;
    }

    public Subscription subscription() {
        return subscription;
    }

    public LeaseSource source() {
        return source;
    }

    public boolean isClosed() {
        return closed.get();
    }

    // ---- fetching ----

    /** Asks the broker for more if the buffer is below what is wanted now, the connection is started and no receive is out. */
    public void fetchIfNeeded() {
        fetchIfNeeded(LONG_POLL);
    }

    private void fetchIfNeeded(Duration wait) {
        fetch(wait, 0);
    }

    /** Starts a fetch if one is wanted ({@code atLeast}: wanted even if nothing waits); true if it did. */
    private boolean fetch(Duration wait, int atLeast) {
        int want;
        lock.lock();
        try {
            int wanted = Math.max(atLeast, prefetch > 0 ? prefetch : (listener != null || waitingReceivers > 0) ? 1 : 0);
            if (closed.get() || fetching || !session.deliveryAllowed() || buffer.size() >= wanted) {
                return false;
            }
            fetching = true;
            want = wanted - buffer.size();
        } finally {
            lock.unlock();
        }
        CompletableFuture<List<LeasedMessage>> f;
        try {
            f = source.receive(want, wait);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete(this::fetched); // on the transport thread: see the thread rules
        return true;
    }

    private void fetched(List<LeasedMessage> got, Throwable error) {
        if (error == null && !got.isEmpty() && discarding()) {
            // still "fetching" until the broker has them back: no new receive may overtake what goes back
            releaseAll(got).whenComplete((v, e) -> afterFetch(List.of(), null));
            return;
        }
        afterFetch(got, error);
    }

    private void afterFetch(List<LeasedMessage> got, Throwable error) {
        List<LeasedMessage> giveBack = List.of();
        lock.lock();
        try {
            fetching = false;
            fetchesDone++;
            discardInFlight = false;
            if (error == null && closed.get()) {
                giveBack = got; // closed meanwhile: its purge has run
            } else if (error == null) {
                for (LeasedMessage m : got) {
                    buffer.add(new Pending(m, 0));
                    held.add(m);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        giveBack.forEach(this::release);
        if (error != null) {
            if (!closed.get() && !session.connectionClosed()) {
                LOG.warn("receive for {} (group {}) failed; trying again in 1 s: {}", destination, subscription.group(), error.getMessage());
                CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(this::fetchIfNeeded);
            }
            return;
        }
        scheduleDelivery();
        fetchIfNeeded();
    }

    private boolean discarding() {
        lock.lock();
        try {
            return closed.get() || discardInFlight;
        } finally {
            lock.unlock();
        }
    }

    // ---- synchronous receive ----

    @Override
    public Message receive() throws JMSException {
        return receive(0);
    }

    @Override
    public Message receive(long timeout) throws JMSException {
        Pending p = take(timeout <= 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout), false);
        return p == null ? null : session.deliverReceived(this, p);
    }

    @Override
    public Message receiveNoWait() throws JMSException {
        Pending p = take(System.nanoTime(), true);
        return p == null ? null : session.deliverReceived(this, p);
    }

    /** JMSConsumer.receiveBody: like {@link #receive(long)} ({@code noWait}: {@link #receiveNoWait()}), returning the body. */
    public <T> T receiveBody(Class<T> type, long timeout, boolean noWait) throws JMSException {
        Pending p = noWait ? take(System.nanoTime(), true)
                : take(timeout <= 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout), false);
        return p == null ? null : session.deliverReceivedBody(this, p, type);
    }

    /** A message receiveBody could not return goes back to the front, not counted as a redelivery. */
    public void returnFirst(Pending p) {
        lock.lock();
        try {
            buffer.addFirst(p);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The next buffered message once the connection is started, or null at the deadline or on close. */
    private Pending take(long deadlineNanos, boolean noWait) throws JMSException {
        checkOpen();
        if (listener != null) {
            throw new IllegalStateException("this consumer has a MessageListener; receive is not allowed on it");
        }
        boolean askedOnce = false;
        lock.lock();
        try {
            if (!noWait) {
                waitingReceivers++;
            }
            while (true) {
                if (closed.get()) {
                    return null;
                }
                if (session.deliveryAllowed() && !buffer.isEmpty()) {
                    return buffer.poll();
                }
                long left = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
                if (noWait && session.deliveryAllowed() && prefetch == 0 && !askedOnce && !fetching) {
                    askedOnce = true; // one broker look without waiting (a fetch already out will buffer what it finds)
                    long before = fetchesDone;
                    lock.unlock();
                    boolean asked;
                    try {
                        asked = fetch(Duration.ZERO, 1);
                    } finally {
                        lock.lock();
                    }
                    while (asked && fetchesDone == before && !closed.get()) {
                        changed.await(); // fetched() signals; waiting for "not fetching" could wait out a later long poll
                    }
                    continue;
                }
                if (left <= 0 || noWait) {
                    return null;
                }
                if (!fetching && session.deliveryAllowed()) {
                    lock.unlock();
                    try {
                        fetchIfNeeded(prefetch == 0 && left < LONG_POLL.toNanos() ? Duration.ofNanos(left) : LONG_POLL);
                    } finally {
                        lock.lock();
                    }
                    if (closed.get() || !buffer.isEmpty()) {
                        continue;
                    }
                }
                if (left == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    changed.awaitNanos(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (!noWait) {
                waitingReceivers--;
            }
            lock.unlock();
        }
    }

    // ---- listener delivery ----

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkOpen();
        return listener;
    }

    @Override
    public void setMessageListener(MessageListener l) throws JMSException {
        checkOpen();
        this.listener = l;
        if (l != null) {
            session.ensureDeliveryThread();
            fetchIfNeeded();
            scheduleDelivery();
        }
    }

    /** Puts one delivery task on the session's thread if a listener is set, delivery is allowed and a message waits. */
    public void scheduleDelivery() {
        if (listener == null || closed.get() || !session.deliveryAllowed()) {
            return;
        }
        lock.lock();
        try {
            if (buffer.isEmpty()) {
                return;
            }
        } finally {
            lock.unlock();
        }
        if (deliveryScheduled.compareAndSet(false, true)) {
            session.executeDelivery(this::deliverOne);
        }
    }

    /** On the session's delivery thread: one message to the listener, then the next task is queued (fair among consumers). */
    private void deliverOne() {
        deliveryScheduled.set(false);
        session.dispatch(() -> {
            MessageListener l = listener;
            if (l == null || closed.get() || !session.deliveryAllowed()) {
                return;
            }
            Pending p;
            lock.lock();
            try {
                p = buffer.poll();
            } finally {
                lock.unlock();
            }
            if (p != null) {
                session.deliverToListener(this, p, l);
            }
        });
        fetchIfNeeded();
        scheduleDelivery();
    }

    // ---- what the session's acknowledger and recover use ----

    /** The message is acked, nacked or released: its lease is no longer this consumer's to renew. */
    public void settled(LeasedMessage m) {
        held.remove(m);
    }

    /** Session.recover(): these (this consumer's, in delivery order) go back to the front of the buffer, marked redelivered. */
    public void redeliverFirst(List<Pending> delivered) {
        lock.lock();
        try {
            for (int i = delivered.size() - 1; i >= 0; i--) {
                buffer.addFirst(delivered.get(i).redelivered());
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        scheduleDelivery();
    }

    /** Rollback: everything buffered goes back to the broker, so what the transaction gave back comes first. */
    public void purgeBuffer() {
        List<Pending> out;
        lock.lock();
        try {
            out = new ArrayList<>(buffer);
            buffer.clear();
            discardInFlight = fetching;
        } finally {
            lock.unlock();
        }
        // waited for (never called on a transport thread): a receive after a rollback must find them back first
        try {
            releaseAll(out.stream().map(Pending::leased).toList()).get(session.timeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debug("giving back the buffer of {} did not complete: {}", this, e.getMessage());
        }
    }

    private CompletableFuture<Void> release(LeasedMessage m) {
        held.remove(m);
        return source.release(m).exceptionally(e -> {
            LOG.debug("giving back {} failed (its lease will lapse): {}", m.message().id(), e.getMessage());
            return null;
        });
    }

    /** Gives every one back; completes when every answer came (each failure logged, never failing the whole). */
    private CompletableFuture<Void> releaseAll(List<LeasedMessage> messages) {
        return CompletableFuture.allOf(messages.stream().map(this::release).toArray(CompletableFuture[]::new));
    }

    /** Renews the lease of every held message: called by the connection's timer every {@code leaseRenewal}. */
    public void renewLeases(Duration invisibility) {
        for (LeasedMessage m : held) {
            source.renew(m, invisibility).exceptionally(e -> {
                LOG.debug("renewing the lease of {} failed: {}", m.message().id(), e.getMessage());
                return null;
            });
        }
    }

    /** The connection started: fetch and deliver again. */
    public void started() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        fetchIfNeeded();
        scheduleDelivery();
    }

    // ---- close ----

    @Override
    public void close() throws JMSException {
        if (closed.get()) {
            return;
        }
        session.closeConsumer(this);
    }

    /**
     * Called by the session (after the delivery in progress, unless from this consumer's own listener): stops the
     * consumer, wakes receivers, returns the buffer to the broker.
     */
    public void closeInternal() {
        lock.lock();
        try {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        purgeBuffer();
    }

    private void checkOpen() throws IllegalStateException {
        if (closed.get()) {
            throw new IllegalStateException("consumer on " + destination + " is closed");
        }
        session.checkOpen();
    }

    // ---- accessors ----

    @Override
    public String getMessageSelector() throws JMSException {
        checkOpen();
        return selector;
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkOpen();
        if (destination instanceof Queue q) {
            return q;
        }
        throw new IllegalStateException("this consumer is on topic " + destination.name() + ", not a queue");
    }

    @Override
    public Topic getTopic() throws JMSException {
        checkOpen();
        if (destination instanceof Topic t) {
            return t;
        }
        throw new IllegalStateException("this consumer is on queue " + destination.name() + ", not a topic");
    }

    @Override
    public boolean getNoLocal() throws JMSException {
        checkOpen();
        return noLocal;
    }

    public TernDestination destination() {
        return destination;
    }

    @Override
    public String toString() {
        return "TernMessageConsumer[" + destination + ", group " + subscription.group() + "]";
    }
}
