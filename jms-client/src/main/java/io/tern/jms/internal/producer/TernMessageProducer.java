package io.tern.jms.internal.producer;

import io.tern.client.OutgoingMessage;
import io.tern.client.SendResult;
import io.tern.jms.TernDestination;
import io.tern.jms.internal.message.MessageMapping;
import io.tern.jms.internal.message.TernMessage;
import io.tern.jms.internal.provider.ProviderTransaction;
import io.tern.jms.internal.session.NoLocal;
import io.tern.jms.internal.session.TernSession;
import io.tern.jms.internal.util.JmsErrors;
import io.tern.message.Properties;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.Queue;
import jakarta.jms.QueueSender;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A JMS producer: its defaults (delivery mode, priority, time to live, delivery delay, the disable hints), and the
 * send path: headers set on the application's message, a snapshot of it mapped to the engine
 * ({@link MessageMapping}), sent with the (session, destination) sharding key, or JMSXGroupID if set, so a session's
 * sends to a destination stay on one engine queue in order; the first send to a topic a broker has not stored a send
 * of this connection in waits for its answer even if asynchronous ({@link StoredTopics}), so pipelined sends after it
 * are stored after it.
 * <ul>
 *   <li>PERSISTENT: returns after the broker's answer (failures thrown). NON_PERSISTENT: the same, unless the factory's
 *       {@code nonPersistentAsync} is on (then failures go to the ExceptionListener).</li>
 *   <li>With a CompletionListener: returns at once; the listener is called after the broker's answer, in send order,
 *       on the session's completion thread.</li>
 *   <li>In a transacted session the message is a half message of the session's transaction.</li>
 * </ul>
 * Thread rules: the session's thread of control.
 */
public final class TernMessageProducer implements QueueSender, TopicPublisher {
    private final TernSession session;
    private final TernDestination destination;
    private final AtomicBoolean closed = new AtomicBoolean();
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;
    private boolean disableMessageID;
    private boolean disableMessageTimestamp;

    public TernMessageProducer(TernSession session, TernDestination destination) {
        this.session = session;
        this.destination = destination;
    }

    // ---- defaults ----

    @Override
    public void setDisableMessageID(boolean value) throws JMSException {
        checkOpen();
        disableMessageID = value;
    }

    @Override
    public boolean getDisableMessageID() throws JMSException {
        checkOpen();
        return disableMessageID;
    }

    @Override
    public void setDisableMessageTimestamp(boolean value) throws JMSException {
        checkOpen();
        disableMessageTimestamp = value;
    }

    @Override
    public boolean getDisableMessageTimestamp() throws JMSException {
        checkOpen();
        return disableMessageTimestamp;
    }

    @Override
    public void setDeliveryMode(int mode) throws JMSException {
        checkOpen();
        this.deliveryMode = checkMode(mode);
    }

    @Override
    public int getDeliveryMode() throws JMSException {
        checkOpen();
        return deliveryMode;
    }

    @Override
    public void setPriority(int p) throws JMSException {
        checkOpen();
        this.priority = checkPriority(p);
    }

    @Override
    public int getPriority() throws JMSException {
        checkOpen();
        return priority;
    }

    @Override
    public void setTimeToLive(long ttl) throws JMSException {
        checkOpen();
        this.timeToLive = ttl;
    }

    @Override
    public long getTimeToLive() throws JMSException {
        checkOpen();
        return timeToLive;
    }

    @Override
    public void setDeliveryDelay(long delay) throws JMSException {
        checkOpen();
        if (delay < 0) {
            throw new JMSException("a delivery delay must not be negative, got " + delay + " ms");
        }
        this.deliveryDelay = delay;
    }

    @Override
    public long getDeliveryDelay() throws JMSException {
        checkOpen();
        return deliveryDelay;
    }

    @Override
    public Destination getDestination() throws JMSException {
        checkOpen();
        return destination;
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkOpen();
        return destination instanceof Queue q ? q : null;
    }

    @Override
    public Topic getTopic() throws JMSException {
        checkOpen();
        return destination instanceof Topic t ? t : null;
    }

    private static int checkMode(int mode) throws JMSException {
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("delivery mode " + mode + " is neither PERSISTENT (2) nor NON_PERSISTENT (1)");
        }
        return mode;
    }

    private static int checkPriority(int p) throws JMSException {
        if (p < 0 || p > 9) {
            throw new JMSException("priority " + p + " must be 0-9");
        }
        return p;
    }

    // ---- send, every form ----

    @Override
    public void send(Message message) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Message message, int mode, int prio, long ttl) throws JMSException {
        doSend(ownDestination(), message, mode, prio, ttl, null);
    }

    @Override
    public void send(Destination d, Message message) throws JMSException {
        send(d, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Destination d, Message message, int mode, int prio, long ttl) throws JMSException {
        doSend(givenDestination(d), message, mode, prio, ttl, null);
    }

    @Override
    public void send(Message message, CompletionListener listener) throws JMSException {
        send(message, deliveryMode, priority, timeToLive, listener);
    }

    @Override
    public void send(Message message, int mode, int prio, long ttl, CompletionListener listener) throws JMSException {
        doSend(ownDestination(), message, mode, prio, ttl, requireListener(listener));
    }

    @Override
    public void send(Destination d, Message message, CompletionListener listener) throws JMSException {
        send(d, message, deliveryMode, priority, timeToLive, listener);
    }

    @Override
    public void send(Destination d, Message message, int mode, int prio, long ttl, CompletionListener listener) throws JMSException {
        doSend(givenDestination(d), message, mode, prio, ttl, requireListener(listener));
    }

    @Override
    public void send(Queue queue, Message message) throws JMSException {
        send((Destination) queue, message);
    }

    @Override
    public void send(Queue queue, Message message, int mode, int prio, long ttl) throws JMSException {
        send((Destination) queue, message, mode, prio, ttl);
    }

    @Override
    public void publish(Message message) throws JMSException {
        send(message);
    }

    @Override
    public void publish(Message message, int mode, int prio, long ttl) throws JMSException {
        send(message, mode, prio, ttl);
    }

    @Override
    public void publish(Topic topic, Message message) throws JMSException {
        send(topic, message);
    }

    @Override
    public void publish(Topic topic, Message message, int mode, int prio, long ttl) throws JMSException {
        send(topic, message, mode, prio, ttl);
    }

    /** The producer's own destination; the spec makes its absence an UnsupportedOperationException. */
    private TernDestination ownDestination() throws JMSException {
        checkOpen();
        if (destination == null) {
            throw new UnsupportedOperationException("this producer was created without a destination (anonymous); name one in send()");
        }
        return destination;
    }

    /** A destination given to send; the spec makes one given to a producer that has its own an UnsupportedOperationException. */
    private TernDestination givenDestination(Destination d) throws JMSException {
        checkOpen();
        if (destination != null) {
            throw new UnsupportedOperationException("this producer sends to " + destination + "; create one without a destination to name it per send");
        }
        if (d == null) {
            throw new InvalidDestinationException("the destination is null; pass a Queue or Topic");
        }
        return TernDestination.of(d);
    }

    private static CompletionListener requireListener(CompletionListener l) {
        if (l == null) {
            throw new IllegalArgumentException("the CompletionListener must not be null");
        }
        return l;
    }

    private void doSend(TernDestination d, Message m, int mode, int prio, long ttl, CompletionListener listener) throws JMSException {
        if (m == null) {
            throw new MessageFormatException("the message to send is null");
        }
        checkMode(mode);
        checkPriority(prio);
        session.connection().temporaries().checkSendable(d);
        stampHeaders(d, m, mode, prio, ttl);
        TernMessage snapshot = MessageMapping.snapshot(m);
        OutgoingMessage out = MessageMapping.toOutgoing(snapshot, d.name());
        if (!d.isQueue()) {
            out = withProperty(out, NoLocal.PROPERTY, session.connection().connectionId());
        }
        String key = snapshot.propertyExists(MessageMapping.GROUP_ID) ? snapshot.getStringProperty(MessageMapping.GROUP_ID)
                : session.id() + "/" + d.name();
        ProviderTransaction tx = session.transactionForSend();
        boolean unwaited = tx == null && (listener != null
                || mode == DeliveryMode.NON_PERSISTENT && session.connection().settings().nonPersistentAsync());
        if (unwaited) {
            session.connection().acquireAsyncSend();
        }
        CompletableFuture<SendResult> sent = tx != null ? tx.send(out, key) : session.provider().send(out, key);
        if (unwaited) {
            sent.whenComplete((r, e) -> session.connection().releaseAsyncSend());
        }
        if (tx == null) {
            keepOrder(d, sent, unwaited);
        }
        if (listener != null) {
            session.afterSend(sent, (r, e) -> {
                if (e == null) {
                    setId(m, r);
                    listener.onCompletion(m);
                } else {
                    listener.onException(m, JmsErrors.toJms("send to " + d, e));
                }
            });
            return;
        }
        if (mode == DeliveryMode.NON_PERSISTENT && tx == null && session.connection().settings().nonPersistentAsync()) {
            sent.whenComplete((r, e) -> {
                if (e != null) {
                    session.asyncError(JmsErrors.toJms("NON_PERSISTENT send to " + d, e));
                } else {
                    setId(m, r);
                }
            });
            return;
        }
        setId(m, JmsErrors.await(sent, session.timeoutMillis(), "send to " + d));
    }

    /**
     * Sends of a session to a destination are stored in send order ({@link StoredTopics} says why the first one to a
     * topic this connection has not seen stored waits). A failure of that first send is not thrown here: it reaches
     * the CompletionListener or ExceptionListener like any other, and the next send waits again.
     */
    private void keepOrder(TernDestination d, CompletableFuture<SendResult> sent, boolean unwaited) {
        StoredTopics stored = session.connection().storedTopics();
        boolean first = !stored.stored(d.name());
        sent.thenRun(() -> stored.learned(d.name()));
        if (first && unwaited) {
            try {
                sent.handle((r, e) -> null).get(session.timeoutMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // the send's own future reports the outcome to its listener; here only the wait ends
            }
        }
    }

    private void stampHeaders(TernDestination d, Message m, int mode, int prio, long ttl) throws JMSException {
        long now = System.currentTimeMillis();
        m.setJMSDestination(d);
        m.setJMSDeliveryMode(mode);
        m.setJMSPriority(prio);
        m.setJMSTimestamp(disableMessageTimestamp ? 0 : now);
        m.setJMSExpiration(ttl > 0 ? now + ttl : 0);
        m.setJMSDeliveryTime(now + deliveryDelay);
        m.setJMSMessageID(null);
    }

    private static void setId(Message m, SendResult r) {
        try {
            m.setJMSMessageID("ID:" + r.id());
        } catch (JMSException e) {
            // a foreign message refusing its own header: nothing to tell the application about its send
        }
    }

    private static OutgoingMessage withProperty(OutgoingMessage o, String name, Object value) {
        Properties p = Properties.builder().putAll(o.properties()).put(name, value).build();
        return new OutgoingMessage(o.topic(), o.tag(), o.keys(), p, o.body());
    }

    // ---- close ----

    private void checkOpen() throws IllegalStateException {
        if (closed.get()) {
            throw new IllegalStateException("producer" + (destination == null ? "" : " of " + destination) + " is closed");
        }
        session.checkOpen();
    }

    /** Waits for this session's pending completions (refused from one of them), then closes. Idempotent. */
    @Override
    public void close() throws JMSException {
        if (closed.get()) {
            return;
        }
        session.awaitCompletions("MessageProducer.close()");
        if (closed.compareAndSet(false, true)) {
            session.producerClosed(this);
        }
    }

    public void closeInternal() {
        closed.set(true);
    }

    @Override
    public String toString() {
        return "TernMessageProducer[" + (destination == null ? "anonymous" : destination) + "]";
    }
}
