package io.tern.jms.internal.context;

import io.tern.jms.internal.connection.TernConnection;
import io.tern.jms.internal.consumer.TernMessageConsumer;
import io.tern.jms.internal.session.DeliveryContext;
import io.tern.jms.internal.session.TernSession;
import io.tern.jms.internal.settings.FactorySettings;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.tern.jms.internal.context.RuntimeErrors.call;
import static io.tern.jms.internal.context.RuntimeErrors.run;

/**
 * The simplified API (JMS 3.1 chapter 6): a connection shared with the contexts made from this one by
 * {@link #createContext(int)}, and one session of this context's mode. Every checked exception of the classic API
 * underneath comes out as its {@link JMSRuntimeException} twin ({@link RuntimeErrors}).
 *
 * <ul>
 *   <li>The session is made on first need, so {@code setClientID} right after {@code createContext} works (the spec
 *       allows it before any other use).</li>
 *   <li>Auto-start (default on): creating a consumer starts the connection.</li>
 *   <li>{@code close()} closes this context's session, its consumers and producers (waiting for a listener in
 *       progress and pending completions), and the connection once no other context uses it. Idempotent; refused
 *       from this context's own MessageListener or CompletionListener.</li>
 *   <li>Every method of a closed context but {@code close()} throws {@link IllegalStateRuntimeException}.</li>
 * </ul>
 *
 * <p>Thread rules: like a session, one application thread at a time (the spec's rule); {@code close} and
 * {@code stop} from any thread.
 */
public final class TernJMSContext implements JMSContext {
    private final SharedConnection shared;
    private final int sessionMode;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object sessionLock = new Object();
    private volatile TernSession session;
    private MessageProducer producer; // the anonymous producer every JMSProducer of this context sends through
    private volatile boolean autoStart = true;

    private TernJMSContext(SharedConnection shared, int sessionMode) {
        checkMode(sessionMode);
        this.shared = shared;
        this.sessionMode = sessionMode;
    }

    /** A context on a new connection ({@code ConnectionFactory.createContext}). */
    public static TernJMSContext open(FactorySettings settings, String user, String password, int sessionMode) {
        checkMode(sessionMode);
        TernConnection c = call(() -> TernConnection.open(settings, user, password));
        return new TernJMSContext(new SharedConnection(c), sessionMode);
    }

    private static void checkMode(int mode) {
        if (mode != SESSION_TRANSACTED && mode != AUTO_ACKNOWLEDGE && mode != CLIENT_ACKNOWLEDGE && mode != DUPS_OK_ACKNOWLEDGE) {
            throw new JMSRuntimeException("session mode " + mode + " is not one of JMSContext.SESSION_TRANSACTED (0), AUTO_ACKNOWLEDGE (1), "
                    + "CLIENT_ACKNOWLEDGE (2), DUPS_OK_ACKNOWLEDGE (3)");
        }
    }

    // ---- what producers and consumers of this context use ----

    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateRuntimeException("this JMSContext is closed");
        }
    }

    TernSession session() {
        checkOpen();
        TernSession s = session;
        if (s == null) {
            synchronized (sessionLock) {
                s = session;
                if (s == null) {
                    s = (TernSession) call(() -> shared.connection().createSession(sessionMode));
                    session = s;
                }
            }
        }
        return s;
    }

    MessageProducer producer() {
        TernSession s = session();
        synchronized (sessionLock) {
            if (producer == null) {
                producer = call(() -> s.createProducer(null));
            }
            return producer;
        }
    }

    private TernConnection connection() {
        checkOpen();
        return shared.connection();
    }

    private JMSConsumer consumer(MessageConsumer c) {
        if (autoStart) {
            run(() -> shared.connection().start());
        }
        return new TernJMSConsumer(this, (TernMessageConsumer) c);
    }

    // ---- connection ----

    @Override
    public JMSContext createContext(int mode) {
        checkOpen();
        return new TernJMSContext(shared.retain(), mode);
    }

    @Override
    public String getClientID() {
        return call(() -> connection().getClientID());
    }

    @Override
    public void setClientID(String clientID) {
        run(() -> connection().setClientID(clientID));
    }

    @Override
    public ConnectionMetaData getMetaData() {
        return call(() -> connection().getMetaData());
    }

    @Override
    public ExceptionListener getExceptionListener() {
        return call(() -> connection().getExceptionListener());
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        run(() -> connection().setExceptionListener(listener));
    }

    @Override
    public void start() {
        run(() -> connection().start());
    }

    @Override
    public void stop() {
        run(() -> connection().stop());
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        checkOpen();
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        checkOpen();
        return autoStart;
    }

    @Override
    public void close() {
        TernSession s = session;
        if (s != null && DeliveryContext.insideSession(s)) {
            throw new IllegalStateRuntimeException("JMSContext.close() from a MessageListener or CompletionListener of the same context would wait for itself");
        }
        if (shared.lastContext() && DeliveryContext.insideConnection(shared.connection())) {
            throw new IllegalStateRuntimeException("JMSContext.close() would close the connection from a listener of one of its own sessions, "
                    + "which would wait for itself");
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        run(() -> {
            try {
                if (s != null) {
                    s.close();
                }
            } finally {
                shared.release();
            }
        });
    }

    // ---- messages ----

    @Override
    public BytesMessage createBytesMessage() {
        return call(() -> session().createBytesMessage());
    }

    @Override
    public MapMessage createMapMessage() {
        return call(() -> session().createMapMessage());
    }

    @Override
    public Message createMessage() {
        return call(() -> session().createMessage());
    }

    @Override
    public ObjectMessage createObjectMessage() {
        return call(() -> session().createObjectMessage());
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        return call(() -> session().createObjectMessage(object));
    }

    @Override
    public StreamMessage createStreamMessage() {
        return call(() -> session().createStreamMessage());
    }

    @Override
    public TextMessage createTextMessage() {
        return call(() -> session().createTextMessage());
    }

    @Override
    public TextMessage createTextMessage(String text) {
        return call(() -> session().createTextMessage(text));
    }

    // ---- session ----

    @Override
    public boolean getTransacted() {
        checkOpen();
        return sessionMode == Session.SESSION_TRANSACTED;
    }

    @Override
    public int getSessionMode() {
        checkOpen();
        return sessionMode;
    }

    @Override
    public void commit() {
        run(() -> session().commit());
    }

    @Override
    public void rollback() {
        run(() -> session().rollback());
    }

    @Override
    public void recover() {
        run(() -> session().recover());
    }

    /** CLIENT_ACKNOWLEDGE: acknowledges every message this context consumed; in the other modes it does nothing. */
    @Override
    public void acknowledge() {
        TernSession s = session();
        if (sessionMode == CLIENT_ACKNOWLEDGE) {
            run(s::acknowledgeConsumed);
        }
    }

    @Override
    public JMSProducer createProducer() {
        session();
        return new TernJMSProducer(this, this::producer);
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return consumer(call(() -> session().createConsumer(destination)));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        return consumer(call(() -> session().createConsumer(destination, messageSelector)));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        return consumer(call(() -> session().createConsumer(destination, messageSelector, noLocal)));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return consumer(call(() -> session().createDurableConsumer(topic, name)));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        return consumer(call(() -> session().createDurableConsumer(topic, name, messageSelector, noLocal)));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return consumer(call(() -> session().createSharedDurableConsumer(topic, name)));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        return consumer(call(() -> session().createSharedDurableConsumer(topic, name, messageSelector)));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return consumer(call(() -> session().createSharedConsumer(topic, sharedSubscriptionName)));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        return consumer(call(() -> session().createSharedConsumer(topic, sharedSubscriptionName, messageSelector)));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        return call(() -> session().createBrowser(queue));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        return call(() -> session().createBrowser(queue, messageSelector));
    }

    @Override
    public Queue createQueue(String queueName) {
        return call(() -> session().createQueue(queueName));
    }

    @Override
    public Topic createTopic(String topicName) {
        return call(() -> session().createTopic(topicName));
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return call(() -> session().createTemporaryQueue());
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return call(() -> session().createTemporaryTopic());
    }

    @Override
    public void unsubscribe(String name) {
        run(() -> session().unsubscribe(name));
    }

    @Override
    public String toString() {
        return "TernJMSContext[mode " + sessionMode + ", " + shared.connection() + (closed.get() ? ", closed" : "") + "]";
    }
}
