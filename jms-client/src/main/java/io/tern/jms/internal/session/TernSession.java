package io.tern.jms.internal.session;

import io.tern.jms.TernDestination;
import io.tern.jms.TernQueue;
import io.tern.jms.TernTopic;
import io.tern.jms.internal.connection.TernConnection;
import io.tern.jms.internal.consumer.Pending;
import io.tern.jms.internal.consumer.Subscription;
import io.tern.jms.internal.consumer.TernMessageConsumer;
import io.tern.jms.internal.consumer.TernQueueBrowser;
import io.tern.jms.internal.message.DeserializationPolicy;
import io.tern.jms.internal.message.MessageMapping;
import io.tern.jms.internal.message.TernBytesMessage;
import io.tern.jms.internal.message.TernMapMessage;
import io.tern.jms.internal.message.TernMessage;
import io.tern.jms.internal.message.TernObjectMessage;
import io.tern.jms.internal.message.TernStreamMessage;
import io.tern.jms.internal.message.TernTextMessage;
import io.tern.jms.internal.producer.TernMessageProducer;
import io.tern.jms.internal.provider.LeaseSource;
import io.tern.jms.internal.provider.Provider;
import io.tern.jms.internal.provider.ProviderTransaction;
import io.tern.jms.internal.util.JmsErrors;
import io.tern.selector.Selector;
import io.tern.selector.SelectorException;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A JMS session: its consumers and producers, one serialized delivery thread (made when the first listener is set),
 * a dispatch lock held around every {@code onMessage} (so {@code close}, {@code stop}, {@code recover} and
 * {@code rollback} wait for a delivery in progress), the {@link Acknowledger} and the {@link CompletionSequencer}.
 * A later {@code JMSContext} or XA session wraps one of these: acknowledgement and transactions are behind
 * {@link Acknowledger}, whose transaction an XA branch can replace.
 *
 * <p>Thread rules: JMS says a session is used by one thread at a time; Tern adds the delivery and completion
 * threads. Every acknowledgement and transaction step runs under {@link #dispatchLock} (reentrant: a listener may
 * commit, acknowledge or recover its own session).
 */
public class TernSession implements Session, QueueSession, TopicSession {
    private static final Logger LOG = LoggerFactory.getLogger(TernSession.class);

    private final TernConnection connection;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Acknowledger acks;
    private final CompletionSequencer completions = new CompletionSequencer(this);
    private final ReentrantLock dispatchLock = new ReentrantLock();
    private final List<TernMessageConsumer> consumers = new CopyOnWriteArrayList<>();
    private final List<TernMessageProducer> producers = new CopyOnWriteArrayList<>();
    private final List<TernQueueBrowser> browsers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final DeserializationPolicy policy;
    private final Subscriptions subscriptions;
    private volatile ExecutorService deliveryThread;

    public TernSession(TernConnection connection, int sessionMode) throws JMSException {
        this(connection, sessionMode, null);
    }

    /** An XA session ({@code xa} not null): AUTO_ACKNOWLEDGE outside a branch, the branch's transaction inside one. */
    protected TernSession(TernConnection connection, int sessionMode, BranchSource xa) throws JMSException {
        if (sessionMode != SESSION_TRANSACTED && sessionMode != AUTO_ACKNOWLEDGE && sessionMode != CLIENT_ACKNOWLEDGE
                && sessionMode != DUPS_OK_ACKNOWLEDGE) {
            throw new JMSException("session mode " + sessionMode + " is not one of SESSION_TRANSACTED (0), AUTO_ACKNOWLEDGE (1), "
                    + "CLIENT_ACKNOWLEDGE (2), DUPS_OK_ACKNOWLEDGE (3)");
        }
        this.connection = connection;
        this.acks = new Acknowledger(sessionMode, connection.provider(), connection.settings().sendTimeoutMillis(), xa, connection::brokerLosses);
        this.policy = DeserializationPolicy.configured(connection.settings().trustedPackages());
        this.subscriptions = connection.subscriptions();
    }

    // ---- what consumers, producers and the connection use ----

    public TernConnection connection() {
        return connection;
    }

    public String id() {
        return id;
    }

    public Provider provider() {
        return connection.provider();
    }

    public long timeoutMillis() {
        return connection.settings().sendTimeoutMillis();
    }

    /** True while the connection is started and this session open: consumers may hand out messages. */
    public boolean deliveryAllowed() {
        return !closed.get() && connection.isStarted() && !connection.reconnecting();
    }

    public boolean connectionClosed() {
        return connection.isClosed();
    }

    public void checkOpen() throws IllegalStateException {
        if (closed.get()) {
            throw new IllegalStateException("session " + id + " is closed");
        }
    }

    /** The transaction a transacted session's (or an XA session's branch's) sends go into; null to send at once. */
    public ProviderTransaction transactionForSend() {
        dispatchLock.lock();
        try {
            return acks.workTransaction();
        } finally {
            dispatchLock.unlock();
        }
    }

    /** Queues a CompletionListener callback behind the earlier ones of this session. */
    public <T> void afterSend(java.util.concurrent.CompletableFuture<T> send, java.util.function.BiConsumer<T, Throwable> callback) {
        completions.add(send, callback);
    }

    /** Waits for every pending CompletionListener callback; refused from one of them (it would wait for itself). */
    public void awaitCompletions(String what) throws IllegalStateException {
        refuseFromCompletionListener(what);
        completions.awaitAll(connection.settings().closeTimeoutMillis());
    }

    public void asyncError(JMSException e) {
        connection.asyncError(e);
    }

    public void ensureDeliveryThread() {
        if (deliveryThread == null) {
            synchronized (this) {
                if (deliveryThread == null) {
                    deliveryThread = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "tern-jms-session-" + id);
                        t.setDaemon(true);
                        return t;
                    });
                }
            }
        }
    }

    public void executeDelivery(Runnable task) {
        ExecutorService t = deliveryThread;
        if (t == null || closed.get()) {
            return;
        }
        try {
            t.execute(task);
        } catch (RejectedExecutionException e) {
            // closing: nothing more is delivered
        }
    }

    /** Runs {@code r} under the dispatch lock unless the session is closed. */
    public void dispatch(Runnable r) {
        dispatchLock.lock();
        try {
            if (!closed.get()) {
                r.run();
            }
        } finally {
            dispatchLock.unlock();
        }
    }

    /**
     * An XA branch this session worked in rolled back: the messages it acknowledged come back older than what the
     * consumers buffered, so the buffers go back first (as after a local rollback).
     */
    public void branchRolledBack() {
        dispatchLock.lock();
        try {
            consumers.forEach(TernMessageConsumer::purgeBuffer);
        } finally {
            dispatchLock.unlock();
        }
        consumers.forEach(TernMessageConsumer::fetchIfNeeded);
    }

    /**
     * The connection to a broker was lost (on the connection's timer thread): the broker gave back every lease it held
     * for this connection, so what the consumers prefetched is void; they drop it and fetch again once reconnected.
     */
    public void connectionInterrupted() {
        consumers.forEach(TernMessageConsumer::purgeBuffer);
    }

    /**
     * Reconnected (on the connection's timer thread): the groups of this session's non-durable and shared non-durable
     * subscriptions were ephemeral, so the brokers dropped them with the lost connection; they are opened again at
     * the topic's end (a non-durable subscriber misses what was published while it was disconnected).
     */
    public void reopenAfterReconnect() throws JMSException {
        for (TernMessageConsumer c : consumers) {
            c.source().refreshRoutes(); // the broker may be back on another address
            Subscription sub = c.subscription();
            if (sub.ephemeral()) {
                JmsErrors.await(provider().openGroup(sub.group(), sub.topic(), sub.atEnd(), true), timeoutMillis(),
                        "opening subscription " + sub.group() + " on " + sub.topic() + " again after a reconnect");
            }
        }
    }

    /** Waits for the listener call in progress, if any (Connection.stop). */
    public void awaitNoDelivery() {
        dispatchLock.lock();
        dispatchLock.unlock();
    }

    public void connectionStarted() {
        for (TernMessageConsumer c : consumers) {
            c.started();
        }
    }

    public void renewLeases() {
        Duration invisibility = Duration.ofMillis(3 * connection.settings().leaseRenewalMillis());
        for (TernMessageConsumer c : consumers) {
            c.renewLeases(invisibility);
        }
    }

    /** A message {@code receive} returns: acknowledged as the mode says, then the application's own copy. */
    public Message deliverReceived(TernMessageConsumer c, Pending p) throws JMSException {
        dispatchLock.lock();
        try {
            checkOpen();
            TernMessage m = toMessage(c, p);
            Delivery d = new Delivery(c, p);
            acks.beforeDelivery(d);
            acks.afterDelivery(d, true);
            return m;
        } finally {
            dispatchLock.unlock();
        }
    }

    /**
     * JMSConsumer.receiveBody: the body of a message {@code receive} took. A body that is not a {@code type} (or a
     * StreamMessage or plain Message, which receiveBody does not serve) is a {@link jakarta.jms.MessageFormatException};
     * in AUTO/DUPS_OK the message then goes back to the front of the consumer's buffer, unacknowledged, as if the call
     * had not happened (JMS 3.1 section 8.7); in CLIENT and transacted modes it counts as delivered.
     */
    public <T> T deliverReceivedBody(TernMessageConsumer c, Pending p, Class<T> type) throws JMSException {
        dispatchLock.lock();
        try {
            checkOpen();
            TernMessage m = toMessage(c, p);
            boolean served = m instanceof TextMessage || m instanceof BytesMessage || m instanceof MapMessage || m instanceof ObjectMessage;
            boolean fits = served && type != null && m.isBodyAssignableTo(type);
            int mode = acks.mode();
            if (!fits && (mode == AUTO_ACKNOWLEDGE || mode == DUPS_OK_ACKNOWLEDGE)) {
                c.returnFirst(p);
                throw new jakarta.jms.MessageFormatException("receiveBody: the body of message " + m.getJMSMessageID() + " cannot be returned as "
                        + (type == null ? "null" : type.getName()) + "; it stays unacknowledged and is delivered again by the next receive");
            }
            Delivery d = new Delivery(c, p);
            acks.beforeDelivery(d);
            acks.afterDelivery(d, true);
            if (!fits) {
                throw new jakarta.jms.MessageFormatException("receiveBody: the body of message " + m.getJMSMessageID() + " cannot be returned as "
                        + (type == null ? "null" : type.getName()) + "; in this session mode it counts as delivered");
            }
            return m.getBody(type);
        } finally {
            dispatchLock.unlock();
        }
    }

    /** JMSContext.acknowledge(): in CLIENT_ACKNOWLEDGE, everything this session consumed. */
    public void acknowledgeConsumed() throws JMSException {
        acknowledgeFromMessage();
    }

    /** On the delivery thread, under the dispatch lock: one message to {@code listener}. */
    public void deliverToListener(TernMessageConsumer c, Pending p, MessageListener listener) {
        Delivery d = new Delivery(c, p);
        TernMessage m;
        try {
            m = toMessage(c, p);
            acks.beforeDelivery(d);
        } catch (JMSException e) {
            asyncError(e);
            return;
        }
        boolean ok = true;
        DeliveryContext.enter(this);
        try {
            listener.onMessage(m);
        } catch (RuntimeException e) {
            ok = false;
            LOG.warn("the MessageListener of {} threw; the message will be delivered again", c, e);
        } finally {
            DeliveryContext.exit();
        }
        try {
            acks.afterDelivery(d, ok);
        } catch (JMSException e) {
            asyncError(e);
        }
    }

    /** The application's copy of a leased message; one that cannot be read goes back as failed. */
    private TernMessage toMessage(TernMessageConsumer c, Pending p) throws JMSException {
        TernMessage m;
        try {
            m = MessageMapping.fromReceived(p.leased().received(), p.deliveryCount(), policy);
        } catch (JMSException | RuntimeException e) {
            c.settled(p.leased());
            c.source().nack(p.leased(), Duration.ZERO).exceptionally(x -> null);
            throw JmsErrors.toJms("reading message " + p.leased().message().id() + " of " + c.destination(), e);
        }
        m.setAcknowledgeCallback(this::acknowledgeFromMessage);
        m.providerData(p);
        return m;
    }

    private void acknowledgeFromMessage() throws JMSException {
        dispatchLock.lock();
        try {
            checkOpen();
            acks.acknowledgeAll();
        } finally {
            dispatchLock.unlock();
        }
    }

    public void closeConsumer(TernMessageConsumer c) throws JMSException {
        dispatchLock.lock(); // waits for onMessage in progress (not if called from a listener of this session: reentrant)
        try {
            c.closeInternal();
        } finally {
            dispatchLock.unlock();
        }
        consumers.remove(c);
        subscriptions.consumerClosed(c);
    }

    /** True if an open consumer of this session reads {@code d}. */
    public boolean hasConsumerOn(TernDestination d) {
        return consumers.stream().anyMatch(c -> c.destination().equals(d));
    }

    public void producerClosed(TernMessageProducer p) {
        producers.remove(p);
    }

    public void browserClosed(TernQueueBrowser b) {
        browsers.remove(b);
    }

    // ---- messages ----

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        checkOpen();
        return new TernBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        checkOpen();
        return new TernMapMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        checkOpen();
        return TernMessage.createPlain();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        checkOpen();
        return new TernObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        ObjectMessage m = createObjectMessage();
        m.setObject(object);
        return m;
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        checkOpen();
        return new TernStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        checkOpen();
        return new TernTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        TextMessage m = createTextMessage();
        m.setText(text);
        return m;
    }

    // ---- modes, transactions, recovery ----

    @Override
    public boolean getTransacted() throws JMSException {
        checkOpen();
        return acks.transacted();
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        checkOpen();
        return acks.mode();
    }

    @Override
    public void commit() throws JMSException {
        checkOpen();
        requireTransacted("commit");
        refuseFromCompletionListener("commit");
        completions.awaitAll(connection.settings().closeTimeoutMillis());
        dispatchLock.lock();
        try {
            acks.commit();
        } catch (JMSException e) {
            consumers.forEach(TernMessageConsumer::purgeBuffer);
            throw e;
        } finally {
            dispatchLock.unlock();
            consumers.forEach(TernMessageConsumer::fetchIfNeeded);
        }
    }

    @Override
    public void rollback() throws JMSException {
        checkOpen();
        requireTransacted("rollback");
        refuseFromCompletionListener("rollback");
        completions.awaitAll(connection.settings().closeTimeoutMillis());
        dispatchLock.lock();
        try {
            acks.rollback();
        } finally {
            consumers.forEach(TernMessageConsumer::purgeBuffer); // what the rollback gave back is older: it must come first
            dispatchLock.unlock();
            consumers.forEach(TernMessageConsumer::fetchIfNeeded);
        }
    }

    private void requireTransacted(String what) throws IllegalStateException {
        if (!acks.transacted()) {
            throw new IllegalStateException(what + "() is only for a transacted session; this one is in acknowledge mode " + acks.mode());
        }
    }

    private void refuseFromCompletionListener(String what) throws IllegalStateException {
        if (DeliveryContext.insideSession(this) && Thread.currentThread().getName().startsWith("tern-jms-completions-")) {
            throw new IllegalStateException(what + "() from a CompletionListener of the same session would wait for itself");
        }
    }

    /** Stops delivery, and delivers every unacknowledged message again, in its original order, marked redelivered. */
    @Override
    public void recover() throws JMSException {
        checkOpen();
        if (acks.transacted()) {
            throw new IllegalStateException("recover() is not for a transacted session; use rollback()");
        }
        dispatchLock.lock();
        try {
            Map<TernMessageConsumer, List<Delivery>> back = acks.takeForRecover();
            back.forEach((c, ds) -> c.redeliverFirst(ds.stream().map(Delivery::pending).toList()));
        } finally {
            dispatchLock.unlock();
        }
    }

    // ---- session listener (application server facility, optional: not provided) ----

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkOpen();
        return null;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkOpen();
        throw new JMSException("a session-wide MessageListener (an optional application server facility) is not provided by Tern's "
                + "JMS client; set the listener on a MessageConsumer");
    }

    /** Part of the optional application server facilities, which Tern does not provide: there is nothing to run. */
    @Override
    public void run() {
        LOG.warn("Session.run() called on session {}: Tern does not provide the application server facilities; nothing to run", id);
    }

    // ---- producers ----

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        checkOpen();
        TernDestination d = destination == null ? null : TernDestination.of(destination);
        TernMessageProducer p = new TernMessageProducer(this, d);
        producers.add(p);
        return p;
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        return (QueueSender) createProducer(queue);
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        return (TopicPublisher) createProducer(topic);
    }

    // ---- consumers ----

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return createConsumer(destination, null, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector) throws JMSException {
        return createConsumer(destination, messageSelector, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) throws JMSException {
        checkOpen();
        TernDestination d = requireDestination(destination);
        Subscription sub = d.isQueue() ? Subscription.queue(d.name())
                : Subscription.nonDurable(d.name(), connection.connectionId(), connection.nextSubscriptionNumber());
        return open(d, sub, messageSelector, noLocal && !d.isQueue());
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return (QueueReceiver) createConsumer(queue);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String messageSelector) throws JMSException {
        return (QueueReceiver) createConsumer(queue, messageSelector);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return (TopicSubscriber) createConsumer(topic);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String messageSelector, boolean noLocal) throws JMSException {
        return (TopicSubscriber) createConsumer(topic, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) throws JMSException {
        return createSharedConsumer(topic, sharedSubscriptionName, null);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) throws JMSException {
        checkOpen();
        TernDestination d = requireDestination(topic);
        requireName(sharedSubscriptionName);
        Subscription sub = Subscription.sharedNonDurable(d.name(), connection.clientIdForUse(), sharedSubscriptionName);
        return open(d, subscriptions.shared(sub, messageSelector), messageSelector, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String messageSelector, boolean noLocal) throws JMSException {
        return (TopicSubscriber) createDurableConsumer(topic, name, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return createDurableConsumer(topic, name, null, false);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) throws JMSException {
        checkOpen();
        TernDestination d = requireDestination(topic);
        requireName(name);
        checkSelector(messageSelector);
        String clientId = connection.clientIdForUse();
        if (clientId == null) {
            throw new IllegalStateException("an unshared durable subscription (" + name + ") needs the connection's client ID; set it "
                    + "with Connection.setClientID or the factory's clientID option");
        }
        checkSelector(messageSelector);
        Subscription sub = subscriptions.durable(Subscription.durable(d.name(), clientId, name), messageSelector, noLocal);
        return open(d, sub, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) throws JMSException {
        checkOpen();
        TernDestination d = requireDestination(topic);
        requireName(name);
        checkSelector(messageSelector);
        Subscription sub = subscriptions.durable(Subscription.sharedDurable(d.name(), connection.clientIdForUse(), name), messageSelector, false);
        return open(d, sub, messageSelector, false);
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        checkOpen();
        requireName(name);
        subscriptions.unsubscribe(name);
    }

    private TernMessageConsumer open(TernDestination d, Subscription sub, String selector, boolean noLocal) throws JMSException {
        String userSelector = selector == null || selector.isBlank() ? null : selector;
        checkSelector(userSelector);
        if (d.isTemporary() && !connection.temporaries().owns(d)) {
            throw new InvalidDestinationException("temporary destination " + d.toUri() + " belongs to another connection (or was deleted); "
                    + "only the connection that created it may consume from it");
        }
        String brokerSelector = NoLocal.selector(userSelector, noLocal, connection.connectionId());
        JmsErrors.await(provider().openGroup(sub.group(), sub.topic(), sub.atEnd(), sub.ephemeral()), timeoutMillis(),
                "opening subscription " + sub.group() + " on " + sub.topic());
        LeaseSource source;
        try {
            source = provider().leases(sub.group(), sub.topic(), brokerSelector, 3 * connection.settings().leaseRenewalMillis());
        } catch (RuntimeException e) {
            throw JmsErrors.toJms("consuming " + d.toUri(), e);
        }
        TernMessageConsumer c = new TernMessageConsumer(this, d, sub, source, userSelector, noLocal, connection.settings().prefetch());
        consumers.add(c);
        subscriptions.consumerOpened(c);
        c.fetchIfNeeded();
        return c;
    }

    private static TernDestination requireDestination(Destination d) throws JMSException {
        if (d == null) {
            throw new InvalidDestinationException("the destination is null; pass a Queue or Topic");
        }
        return TernDestination.of(d);
    }

    private static void requireName(String name) throws JMSException {
        if (name == null || name.isEmpty()) {
            throw new JMSException("a subscription name must not be null or empty, got " + (name == null ? "null" : "\"\""));
        }
    }

    /** A selector that does not compile is refused here, with its position, not at the first receive. */
    static void checkSelector(String selector) throws InvalidSelectorException {
        try {
            Selector.compile(selector == null || selector.isBlank() ? null : selector);
        } catch (SelectorException e) {
            throw new InvalidSelectorException("invalid message selector \"" + selector + "\": " + e.getMessage());
        }
    }

    // ---- destinations ----

    @Override
    public Queue createQueue(String queueName) throws JMSException {
        checkOpen();
        requireDestinationName(queueName);
        return new TernQueue(queueName);
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        checkOpen();
        requireDestinationName(topicName);
        return new TernTopic(topicName);
    }

    private static void requireDestinationName(String name) throws JMSException {
        if (name == null || name.isEmpty()) {
            throw new InvalidDestinationException("a destination name must not be null or empty, got " + (name == null ? "null" : "\"\""));
        }
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return createBrowser(queue, null);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) throws JMSException {
        checkOpen();
        TernDestination d = requireDestination(queue);
        String selector = messageSelector == null || messageSelector.isBlank() ? null : messageSelector;
        checkSelector(selector);
        TernQueueBrowser b = new TernQueueBrowser(this, (Queue) d, selector, policy);
        browsers.add(b);
        return b;
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        checkOpen();
        return connection.temporaries().createQueue();
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        checkOpen();
        return connection.temporaries().createTopic();
    }

    // ---- close ----

    /**
     * Waits for the listener call in progress and the pending completions, closes the consumers (their buffers go back
     * to the broker), rolls back an open transaction and gives unacknowledged messages back. Idempotent; refused
     * from this session's own MessageListener or CompletionListener.
     */
    @Override
    public void close() throws JMSException {
        if (DeliveryContext.insideSession(this)) {
            throw new IllegalStateException("Session.close() from a MessageListener or CompletionListener of the same session would wait for itself");
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        completions.awaitAll(connection.settings().closeTimeoutMillis());
        dispatchLock.lock();
        try {
            for (TernMessageConsumer c : consumers) {
                c.closeInternal();
                subscriptions.consumerClosed(c);
            }
            consumers.clear();
            acks.closing(connection.settings().closeTimeoutMillis());
        } finally {
            dispatchLock.unlock();
        }
        producers.forEach(TernMessageProducer::closeInternal);
        producers.clear();
        browsers.forEach(TernQueueBrowser::closeInternal);
        browsers.clear();
        completions.shutdown();
        ExecutorService t = deliveryThread;
        if (t != null) {
            t.shutdown();
        }
        connection.sessionClosed(this);
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public String toString() {
        return "TernSession[" + id + ", mode " + acks.mode() + "]";
    }
}
