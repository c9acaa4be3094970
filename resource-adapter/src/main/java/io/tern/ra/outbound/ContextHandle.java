package io.tern.ra.outbound;

import io.tern.jms.internal.session.TernSession;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
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
import jakarta.jms.XAJMSContext;

import javax.transaction.xa.XAResource;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.tern.jms.internal.context.RuntimeErrors.call;
import static io.tern.jms.internal.context.RuntimeErrors.run;

/**
 * The {@link JMSContext} (and {@link XAJMSContext}) an application gets from the adapter's connection factory: one
 * pooled {@link ConnectionHandle} and its one session, so it follows the same EE rules (JMS 3.1 section 12.3):
 * <ul>
 *   <li>in a JTA transaction the session mode is ignored, the session is the managed connection's XA session
 *       (enlisted by the server) and {@code commit}/{@code rollback} are {@code TransactionInProgressRuntimeException};</li>
 *   <li>{@code close()} closes the session handle and returns the connection to the pool (after the transaction, if
 *       one is active);</li>
 *   <li>{@code setClientID}, {@code setExceptionListener}, {@code stop} and {@code createContext(int)} (a second
 *       session on the connection) are {@code IllegalStateRuntimeException}, as are listeners on its consumers.</li>
 * </ul>
 * The session is made on first need, so a context made before the transaction began and used inside it takes part.
 *
 * <p>Thread rules: like a JMSContext, one application thread at a time; {@code close} from any thread.
 */
final class ContextHandle implements XAJMSContext {
    private final ConnectionHandle connection;
    private final int sessionMode;
    private final boolean xa;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Session session; // the connection handle's session, on first need
    private MessageProducer producer; // the anonymous producer every JMSProducer of this context sends through
    private boolean autoStart = true;

    ContextHandle(ConnectionHandle connection, int sessionMode, boolean xa) {
        this.connection = connection;
        this.sessionMode = sessionMode;
        this.xa = xa;
    }

    static void checkMode(int mode) {
        if (mode != SESSION_TRANSACTED && mode != AUTO_ACKNOWLEDGE && mode != CLIENT_ACKNOWLEDGE && mode != DUPS_OK_ACKNOWLEDGE) {
            throw new JMSRuntimeException("session mode " + mode + " is not one of JMSContext.SESSION_TRANSACTED (0), AUTO_ACKNOWLEDGE (1), "
                    + "CLIENT_ACKNOWLEDGE (2), DUPS_OK_ACKNOWLEDGE (3)");
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateRuntimeException("this JMSContext is closed");
        }
    }

    synchronized Session session() {
        checkOpen();
        if (session == null) {
            session = call(() -> xa ? connection.createXASession() : connection.createSession(sessionMode));
        }
        return session;
    }

    /** One anonymous producer for all of this context's JMSProducers: {@code createProducer().send()} per message costs nothing. */
    synchronized MessageProducer producer() {
        Session s = session();
        if (producer == null) {
            producer = call(() -> s.createProducer(null));
        }
        return producer;
    }

    private static IllegalStateRuntimeException forbidden(String method) {
        jakarta.jms.IllegalStateException e = EeRules.forbidden(method);
        return new IllegalStateRuntimeException(e.getMessage(), e.getErrorCode(), e);
    }

    // ---- XAJMSContext ----

    @Override
    public JMSContext getContext() {
        checkOpen();
        return this;
    }

    @Override
    public XAResource getXAResource() {
        checkOpen();
        return connection.managedConnection().getXAResource();
    }

    // ---- connection ----

    @Override
    public JMSContext createContext(int sessionMode) {
        checkOpen();
        IllegalStateRuntimeException e = forbidden("JMSContext.createContext(int)");
        throw new IllegalStateRuntimeException(e.getMessage() + " (it would be a second session on this connection; "
                + "create another context from the connection factory instead)", e.getErrorCode(), e);
    }

    @Override
    public String getClientID() {
        checkOpen();
        return call(connection::getClientID);
    }

    @Override
    public void setClientID(String clientID) {
        checkOpen();
        throw forbidden("JMSContext.setClientID");
    }

    @Override
    public ConnectionMetaData getMetaData() {
        checkOpen();
        return call(connection::getMetaData);
    }

    /** None can be set in a Jakarta EE container, so there is none. */
    @Override
    public ExceptionListener getExceptionListener() {
        checkOpen();
        return null;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        checkOpen();
        throw forbidden("JMSContext.setExceptionListener");
    }

    @Override
    public void start() {
        checkOpen();
        run(connection::start);
    }

    @Override
    public void stop() {
        checkOpen();
        throw forbidden("JMSContext.stop");
    }

    @Override
    public synchronized void setAutoStart(boolean autoStart) {
        checkOpen();
        this.autoStart = autoStart;
    }

    @Override
    public synchronized boolean getAutoStart() {
        checkOpen();
        return autoStart;
    }

    /** Closes the session handle and hands the connection back to the pool. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            run(connection::close); // closes its session handle too
        }
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
        return call(() -> session().getTransacted());
    }

    /** The mode the session has: SESSION_TRANSACTED in a transaction, whatever was asked. */
    @Override
    public int getSessionMode() {
        return call(() -> session().getAcknowledgeMode());
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
        Session s = session();
        if (call(s::getAcknowledgeMode) == CLIENT_ACKNOWLEDGE && SessionHandle.physicalOf(s) instanceof TernSession t) {
            run(t::acknowledgeConsumed);
        }
    }

    @Override
    public JMSProducer createProducer() {
        session();
        return new io.tern.jms.internal.context.TernJMSProducer(this, this::producer);
    }

    private JMSConsumer consumer(MessageConsumer c) {
        boolean start;
        synchronized (this) {
            start = autoStart;
        }
        if (start) {
            run(connection::start);
        }
        return new ContextConsumer(c);
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
        return "Tern pooled JMSContext (" + (closed.get() ? "closed" : "open") + ") on " + connection;
    }
}
