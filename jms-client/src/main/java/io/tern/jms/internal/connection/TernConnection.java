package io.tern.jms.internal.connection;

import io.tern.jms.internal.provider.EngineProvider;
import io.tern.jms.internal.provider.Provider;
import io.tern.jms.internal.session.DeliveryContext;
import io.tern.jms.internal.session.TernSession;
import io.tern.jms.internal.settings.FactorySettings;
import io.tern.jms.internal.util.JmsErrors;
import io.tern.protocol.ResponseCode;
import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JMS connection: one {@link Provider} (one transport), its sessions, the client ID, start/stop and the
 * ExceptionListener. Lease renewal for every consumer of the connection runs on its timer thread.
 *
 * <p>Client ID: given by the factory (administratively: cannot be changed) or set by the application once, before
 * any other use of the connection; either way it is claimed, and a claim held by another live connection is an
 * {@link InvalidClientIDException}.
 *
 * <p>Thread rules: every method from any thread. {@code stop} and {@code close} from a message listener or completion
 * listener of this connection are refused ({@link IllegalStateException}), since they would wait for themselves.
 */
public class TernConnection implements QueueConnection, TopicConnection {
    private static final Logger LOG = LoggerFactory.getLogger(TernConnection.class);

    private final FactorySettings settings;
    private final String connectionId;
    private final Provider provider;
    private final String user;
    private final List<TernSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean used = new AtomicBoolean();
    private final AtomicBoolean lostReported = new AtomicBoolean();
    /**
     * Sends not waited for (CompletionListener, nonPersistentAsync) in flight on this connection: beyond this a send
     * waits for a permit instead of failing (the transport refuses more than 10,000 unanswered calls).
     */
    private final java.util.concurrent.Semaphore asyncSends = new java.util.concurrent.Semaphore(4096);
    private final AtomicBoolean reconnecting = new AtomicBoolean();
    private final AtomicInteger brokerLosses = new AtomicInteger();
    private final AtomicInteger subscriptionCounter = new AtomicInteger();
    private final ScheduledExecutorService timer;
    private final boolean clientIdAdministered;
    private volatile String clientId;
    private volatile boolean started;
    private volatile ExceptionListener exceptionListener;
    private final Temporaries temporaries;
    private final io.tern.jms.internal.producer.StoredTopics storedTopics = new io.tern.jms.internal.producer.StoredTopics();
    private final io.tern.jms.internal.session.Subscriptions subscriptions;

    protected TernConnection(FactorySettings settings, String user, Provider provider, String connectionId) {
        this.settings = settings;
        this.connectionId = connectionId;
        this.temporaries = new Temporaries(this, d -> sessions.stream().anyMatch(s -> s.hasConsumerOn(d)));
        this.subscriptions = new io.tern.jms.internal.session.Subscriptions(this);
        this.user = user;
        this.provider = provider;
        this.clientIdAdministered = settings.clientID() != null;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tern-jms-connection-" + connectionId.substring(0, 8));
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects and logs in as {@code user}; a refused login is a {@link JMSSecurityException} naming the user. */
    public static TernConnection open(FactorySettings settings, String user, String password) throws JMSException {
        return open(settings, user, password, TernConnection::new);
    }

    /** How {@link #open} makes the connection object (an XA connection is a subclass). */
    @FunctionalInterface
    protected interface Maker<C extends TernConnection> {
        C make(FactorySettings settings, String user, Provider provider, String connectionId);
    }

    protected static <C extends TernConnection> C open(FactorySettings settings, String user, String password, Maker<C> maker) throws JMSException {
        String id = EngineProvider.newConnectionId();
        Provider provider;
        try {
            provider = new EngineProvider(settings.nameServers(), user, password, Duration.ofMillis(settings.sendTimeoutMillis()), id);
        } catch (RuntimeException e) {
            throw JmsErrors.toJms("connecting to " + settings.nameServers(), e);
        }
        return open(settings, user, password, provider, id, maker);
    }

    /** A connection over {@code provider} (tests script one to check the JMS semantics without a broker). */
    public static TernConnection open(FactorySettings settings, String user, String password, Provider provider, String id) throws JMSException {
        return open(settings, user, password, provider, id, TernConnection::new);
    }

    private static <C extends TernConnection> C open(FactorySettings settings, String user, String password, Provider provider, String id,
                                                     Maker<C> maker) throws JMSException {
        C made = maker.make(settings, user, provider, id);
        TernConnection c = made;
        try {
            c.login(password);
            if (settings.clientID() != null) {
                c.claim(settings.clientID());
            }
        } catch (JMSException | RuntimeException e) {
            c.closeQuietly();
            throw e;
        }
        provider.onConnectionLost(c::connectionLost);
        c.timer.scheduleWithFixedDelay(c::renewLeases, settings.leaseRenewalMillis(), settings.leaseRenewalMillis(), TimeUnit.MILLISECONDS);
        return made;
    }

    private void login(String password) throws JMSException {
        try {
            JmsErrors.await(provider.connect(), settings.sendTimeoutMillis(), "connecting to " + settings.nameServers());
        } catch (JMSException e) {
            short code = JmsErrors.codeOf(e);
            if (code == ResponseCode.AUTH_FAILED || e instanceof JMSSecurityException) {
                JMSSecurityException s = new JMSSecurityException("login of user " + (user == null ? "(anonymous)" : "'" + user + "'")
                        + " refused by " + settings.nameServers() + ": " + reasonOf(e), Short.toString(code));
                s.initCause(e);
                throw s;
            }
            throw e;
        }
    }

    /** The broker's reason without anything that could carry the password (the reason never does; be sure). */
    private static String reasonOf(JMSException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private void claim(String id) throws JMSException {
        JmsErrors.await(provider.claimClientId(id), settings.sendTimeoutMillis(), "claiming client ID " + id);
        this.clientId = id;
    }

    // ---- what sessions use ----

    public Provider provider() {
        return provider;
    }

    public FactorySettings settings() {
        return settings;
    }

    public Temporaries temporaries() {
        return temporaries;
    }

    /** The topics a broker has stored a send of this connection in: what keeps pipelined sends in order. */
    public io.tern.jms.internal.producer.StoredTopics storedTopics() {
        return storedTopics;
    }

    public io.tern.jms.internal.session.Subscriptions subscriptions() {
        return subscriptions;
    }

    public String connectionId() {
        return connectionId;
    }

    public boolean isStarted() {
        return started && !closed.get();
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** A number unique in this connection, for its non-durable subscription names. */
    public int nextSubscriptionNumber() {
        return subscriptionCounter.incrementAndGet();
    }

    /** The client ID, or null if none was set (fixes it: it can no longer be set). */
    public String clientIdForUse() {
        used.set(true);
        return clientId;
    }

    /** Waits for room for one more send not waited for; see {@link #asyncSends}. */
    public void acquireAsyncSend() throws JMSException {
        try {
            asyncSends.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JMSException("interrupted while waiting for room to send (4096 sends in flight)");
        }
    }

    public void releaseAsyncSend() {
        asyncSends.release();
    }

    public void sessionClosed(TernSession s) {
        sessions.remove(s);
    }

    /** An error no caller can be told of (an asynchronous send that failed): the ExceptionListener hears of it. */
    public void asyncError(JMSException e) {
        ExceptionListener l = exceptionListener;
        if (l == null) {
            LOG.warn("asynchronous failure on JMS connection {} (no ExceptionListener set): {}", connectionId, e.getMessage());
            return;
        }
        Thread t = new Thread(() -> l.onException(e), "tern-jms-exception-listener");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Once per failure: a broker crash closes its connection and, in a standalone, the NameServer's; one report. Then
     * (on the timer thread) the sessions give up what the lost connection held (their consumers' prefetched leases,
     * which the broker gave back when it saw the connection close) and the connection reconnects through the
     * NameServers with back-off ({@link #RECONNECT_FIRST_MILLIS} doubling up to {@link #RECONNECT_MAX_MILLIS});
     * once it has, the next failure is reported again. Consumers resume on their own (their receives retry), and a
     * transaction begun before a lost broker connection can only roll back: its commit says so
     * ({@code TransactionRolledBackException}).
     */
    private void connectionLost(String address) {
        if (closed.get()) {
            return;
        }
        boolean broker = !settings.nameServers().contains(address);
        if (broker) {
            brokerLosses.incrementAndGet();
        }
        if (lostReported.compareAndSet(false, true)) {
            asyncError(new JMSException("connection to " + address + " of " + settings.nameServers() + " was lost; reconnecting through the "
                    + "NameServers", "CONNECTION_LOST"));
        }
        if (reconnecting.compareAndSet(false, true)) {
            try {
                timer.execute(() -> {
                    for (TernSession s : sessions) {
                        s.connectionInterrupted();
                    }
                    scheduleReconnect(RECONNECT_FIRST_MILLIS);
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    /** The first reconnect attempt comes this long after a loss; each failed one doubles the wait, up to the max. */
    static final long RECONNECT_FIRST_MILLIS = 100;
    static final long RECONNECT_MAX_MILLIS = 5_000;

    private void scheduleReconnect(long delayMillis) {
        if (closed.get()) {
            return;
        }
        try {
            timer.schedule(() -> reconnect(delayMillis), delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /**
     * On the timer thread: logs in again (NameServer and a master broker), claims the client ID again, makes the
     * temporary destinations and the ephemeral subscription groups again (the brokers dropped them with the lost
     * connection), then lets the consumers fetch (they do not while reconnecting: a receive on a dropped group would
     * make it anew at the topic's first offset).
     */
    private void reconnect(long delayMillis) {
        if (closed.get()) {
            return;
        }
        try {
            JmsErrors.await(provider.reconnect(), settings.sendTimeoutMillis(), "reconnecting to " + settings.nameServers());
            String id = clientId;
            if (id != null) {
                try {
                    claim(id); // a claim is bound to the broker connection it was made on
                } catch (InvalidClientIDException e) {
                    asyncError(e); // another connection took the client ID meanwhile
                }
            }
            temporaries.recreateAll();
            for (TernSession s : sessions) {
                s.reopenAfterReconnect();
            }
            provider.refreshRoutes(); // replaces a route a send borrowed while a temporary destination was missing
        } catch (JMSException | RuntimeException e) {
            long next = Math.min(delayMillis * 2, RECONNECT_MAX_MILLIS);
            LOG.info("JMS connection {} cannot reconnect yet ({}); trying again in {} ms", connectionId, e.getMessage(), next);
            scheduleReconnect(next);
            return;
        }
        reconnecting.set(false);
        lostReported.set(false);
        LOG.info("JMS connection {} reconnected to {}", connectionId, settings.nameServers());
        if (isStarted()) {
            for (TernSession s : sessions) {
                s.connectionStarted(); // consumers fetch again
            }
        }
    }

    /** How many times a broker connection was lost: a transaction begun before the latest loss cannot commit. */
    public int brokerLosses() {
        return brokerLosses.get();
    }

    /** True while the connection is lost and not yet made again. */
    public boolean reconnecting() {
        return reconnecting.get();
    }

    private void renewLeases() {
        for (TernSession s : sessions) {
            try {
                s.renewLeases();
            } catch (RuntimeException e) {
                LOG.warn("lease renewal of a session of connection {} failed; trying again in {} ms", connectionId, settings.leaseRenewalMillis(), e);
            }
        }
    }

    // ---- jakarta.jms.Connection ----

    private void checkOpen() throws IllegalStateException {
        if (closed.get()) {
            throw new IllegalStateException("connection " + connectionId + " is closed");
        }
    }

    private void use() throws IllegalStateException {
        checkOpen();
        used.set(true);
    }

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(transacted ? Session.SESSION_TRANSACTED : acknowledgeMode);
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        use();
        return register(new TernSession(this, sessionMode));
    }

    /** Adds a new session (closed with the connection); closes it and refuses if the connection closed meanwhile. */
    protected <S extends TernSession> S register(S s) throws JMSException {
        use();
        sessions.add(s);
        if (closed.get()) { // closed meanwhile: do not leak it
            s.close();
            checkOpen();
        }
        return s;
    }

    @Override
    public Session createSession() throws JMSException {
        return createSession(Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return (QueueSession) createSession(transacted, acknowledgeMode);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return (TopicSession) createSession(transacted, acknowledgeMode);
    }

    @Override
    public String getClientID() throws JMSException {
        checkOpen();
        return clientId;
    }

    @Override
    public void setClientID(String id) throws JMSException {
        checkOpen();
        if (clientIdAdministered) {
            throw new IllegalStateException("the client ID of this connection was set administratively to '" + clientId
                    + "' (the factory's clientID option) and cannot be changed to '" + id + "'");
        }
        if (clientId != null || !used.compareAndSet(false, true)) {
            throw new IllegalStateException("the client ID can be set only once, right after the connection is made and before any other use of it;"
                    + (clientId != null ? " it is '" + clientId + "'" : " this connection was used already"));
        }
        if (id == null || id.isEmpty()) {
            used.set(false);
            throw new InvalidClientIDException("a client ID must be a non-empty string, got " + (id == null ? "null" : "\"\""));
        }
        try {
            claim(id);
        } catch (JMSException e) {
            used.set(false); // a refused claim does not count as a use: another ID may be tried
            throw e;
        }
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        use();
        return TernConnectionMetaData.INSTANCE;
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        use();
        return exceptionListener;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        use();
        this.exceptionListener = listener;
    }

    @Override
    public void start() throws JMSException {
        use();
        started = true;
        for (TernSession s : sessions) {
            s.connectionStarted();
        }
    }

    /** Stops delivery; returns once no message listener of the connection is running (receive calls then wait). */
    @Override
    public void stop() throws JMSException {
        use();
        if (DeliveryContext.insideConnection(this)) {
            throw new IllegalStateException("Connection.stop() from a MessageListener or CompletionListener of the same connection would wait for itself");
        }
        started = false;
        for (TernSession s : sessions) {
            s.awaitNoDelivery();
        }
    }

    /**
     * Closes the sessions (each waits for its listener in progress and its pending completions), releases the client
     * ID and closes the transport: the brokers give back this connection's leases. Idempotent.
     */
    @Override
    public void close() throws JMSException {
        if (DeliveryContext.insideConnection(this)) {
            throw new IllegalStateException("Connection.close() from a MessageListener or CompletionListener of the same connection would wait for itself");
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        started = false;
        JMSException first = null;
        for (TernSession s : sessions) {
            try {
                s.close();
            } catch (JMSException e) {
                first = first == null ? e : first;
            }
        }
        closeQuietly();
        if (first != null) {
            throw first;
        }
    }

    private void closeQuietly() {
        closed.set(true);
        temporaries.deleteAll();
        timer.shutdownNow();
        try {
            provider.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the transport of JMS connection {} failed", connectionId, e);
        }
    }

    // Connection consumers are the optional application-server facilities (JMS 3.1 section 8.2); Tern's resource
    // adapter does that job. They are refused with a JMSException naming the alternative.
    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String messageSelector, ServerSessionPool pool, int maxMessages)
            throws JMSException {
        throw noConnectionConsumers();
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String subscriptionName, String messageSelector, ServerSessionPool pool,
                                                             int maxMessages) throws JMSException {
        throw noConnectionConsumers();
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String subscriptionName, String messageSelector, ServerSessionPool pool,
                                                              int maxMessages) throws JMSException {
        throw noConnectionConsumers();
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String subscriptionName, String messageSelector,
                                                                    ServerSessionPool pool, int maxMessages) throws JMSException {
        throw noConnectionConsumers();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String messageSelector, ServerSessionPool pool, int maxMessages)
            throws JMSException {
        throw noConnectionConsumers();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String messageSelector, ServerSessionPool pool, int maxMessages)
            throws JMSException {
        throw noConnectionConsumers();
    }

    private JMSException noConnectionConsumers() throws JMSException {
        checkOpen();
        return new JMSException("connection consumers (the optional application server facilities) are not provided by Tern's JMS client; "
                + "use Tern's resource adapter (tern-ra.rar) for message-driven beans");
    }

    @Override
    public String toString() {
        return "TernConnection[" + connectionId + (clientId == null ? "" : ", clientID=" + clientId) + ", " + settings + "]";
    }
}
