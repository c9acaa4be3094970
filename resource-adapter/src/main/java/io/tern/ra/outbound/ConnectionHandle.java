package io.tern.ra.outbound;

import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicSession;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicSession;

/**
 * The connection an application gets from the adapter's connection factory: a handle on a pooled
 * {@link TernManagedConnection}. It allows one session ({@link EeRules#secondSession()}), refuses what EE forbids,
 * and closing it returns the managed connection to the pool (its session is closed, or kept for the container's
 * transaction until it ends).
 *
 * <p>Thread rules: like a JMS connection, usable from any thread; the state is guarded by this handle's monitor.
 */
final class ConnectionHandle implements XAQueueConnection, XATopicConnection {
    private volatile TernManagedConnection mc;
    private Session session; // the handle's session proxy, at most one
    private boolean closed;

    ConnectionHandle(TernManagedConnection mc) {
        this.mc = mc;
    }

    TernManagedConnection managedConnection() {
        return mc;
    }

    void reassign(TernManagedConnection to) {
        this.mc = to;
    }

    /** The pool took the managed connection back (cleanup/destroy): this handle is dead. */
    synchronized void invalidate() {
        closeSession();
        closed = true;
    }

    private void checkOpen() throws JMSException {
        if (closed) {
            throw EeRules.closed("this connection");
        }
    }

    @Override
    public synchronized Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(transacted ? Session.SESSION_TRANSACTED : acknowledgeMode);
    }

    @Override
    public synchronized Session createSession(int sessionMode) throws JMSException {
        checkOpen();
        if (session != null) {
            throw EeRules.secondSession();
        }
        boolean inTx = mc.inContainerTransaction();
        session = SessionHandle.create(this, mc.sessionFor(sessionMode), inTx);
        return session;
    }

    /**
     * {@code XAConnection.createXASession}: the same session as {@link #createSession(int)} (in a JTA transaction the
     * XA session, enlisted by the server), whose XAResource is the managed connection's. The server enlists that
     * resource itself; an application has no need to.
     */
    @Override
    public synchronized XASession createXASession() throws JMSException {
        checkOpen();
        if (session != null) {
            throw EeRules.secondSession();
        }
        boolean inTx = mc.inContainerTransaction();
        XASession s = SessionHandle.createXa(this, mc.sessionFor(Session.SESSION_TRANSACTED), inTx, mc.getXAResource());
        session = s;
        return s;
    }

    @Override
    public XAQueueSession createXAQueueSession() throws JMSException {
        return (XAQueueSession) createXASession();
    }

    @Override
    public XATopicSession createXATopicSession() throws JMSException {
        return (XATopicSession) createXASession();
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

    synchronized void sessionClosed(Session s) {
        if (session == s) {
            session = null;
        }
    }

    private void closeSession() {
        Session s = session;
        session = null;
        if (s != null) {
            try {
                s.close();
            } catch (JMSException e) {
                // the pool's cleanup closes the physical session anyway
            }
        }
    }

    @Override
    public String getClientID() throws JMSException {
        checkOpen();
        return mc.physical().getClientID();
    }

    @Override
    public void setClientID(String clientID) throws JMSException {
        throw EeRules.forbidden("Connection.setClientID");
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        checkOpen();
        return mc.physical().getMetaData();
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        throw EeRules.forbidden("Connection.getExceptionListener");
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        throw EeRules.forbidden("Connection.setExceptionListener");
    }

    @Override
    public void start() throws JMSException {
        checkOpen();
        mc.physical().start();
    }

    @Override
    public void stop() throws JMSException {
        throw EeRules.forbidden("Connection.stop");
    }

    @Override
    public void close() throws JMSException {
        TernManagedConnection m;
        synchronized (this) {
            if (closed) {
                return;
            }
            closeSession();
            closed = true;
            m = mc;
        }
        m.handleClosed(this);
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String messageSelector, ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        throw EeRules.forbidden("Connection.createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String subscriptionName, String messageSelector, ServerSessionPool sessionPool,
                                                             int maxMessages) throws JMSException {
        throw EeRules.forbidden("Connection.createSharedConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String subscriptionName, String messageSelector, ServerSessionPool sessionPool,
                                                              int maxMessages) throws JMSException {
        throw EeRules.forbidden("Connection.createDurableConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String subscriptionName, String messageSelector,
                                                                    ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw EeRules.forbidden("Connection.createSharedDurableConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String messageSelector, ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        throw EeRules.forbidden("QueueConnection.createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String messageSelector, ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        throw EeRules.forbidden("TopicConnection.createConnectionConsumer");
    }

    @Override
    public String toString() {
        return "Tern connection handle on " + mc;
    }
}
